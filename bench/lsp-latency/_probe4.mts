import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getLanguageService } from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, LineCounter, Lexer, Parser } from 'yaml';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { parseSpec } from '../../core/spec/parseSpec';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import { generateWorkspace, editedText } from './generateWorkspace';
import { summarize } from './stats';
const ws = generateWorkspace('/work/main/bench/.data/lsp-latency', '/work/main');
const ls = getLanguageService({
  schemaRequestService: async (uri: string) => fs.readFileSync(fileURLToPath(uri), 'utf8'),
  workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).href },
} as any);
ls.configure({ validate: true, schemas: [{ uri: ws.predictionSchemaUri, fileMatch: ['*.prediction.yaml'] }] } as any);
const host = new NodeSpecHost();
const r: Record<string, number[]> = { yls: [], ours: [], lex: [], cst: [], doc: [], parseSpec: [] };
for (let i = 0; i < 80; i++) {
  const text = editedText(ws.predictionText, i) + `# ${i}\n`;
  let t = performance.now();
  await ls.doValidation(TextDocument.create('file://' + ws.predictionPath, 'yaml', i, text), false);
  r.yls.push(performance.now() - t);
  host.setOverlay(ws.predictionPath, text);
  t = performance.now();
  validateSpecFile(ws.predictionPath, host);
  r.ours.push(performance.now() - t);
  t = performance.now();
  for (const _ of new Lexer().lex(text + ' '));
  r.lex.push(performance.now() - t);
  t = performance.now();
  for (const _ of new Parser().parse(text + '  '));
  r.cst.push(performance.now() - t);
  t = performance.now();
  parseDocument(text + '   ', { lineCounter: new LineCounter(), uniqueKeys: true });
  r.doc.push(performance.now() - t);
  t = performance.now();
  parseSpec(text + '    ', ws.predictionPath);
  r.parseSpec.push(performance.now() - t);
}
for (const [k, v] of Object.entries(r)) {
  const s = summarize(v.slice(20));
  console.log(k.padEnd(10), s.p50.toFixed(1), s.p95.toFixed(1));
}
