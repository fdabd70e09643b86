import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import { editedText, type BenchWorkspace } from './generateWorkspace';

export interface InProcessRun {
  ms: number[];
  /** Diagnostics of the last (edited) version, to show what each validator found. */
  lastDiagnostics: number;
}

/**
 * Relgraph's static validation of the prediction spec, as the server runs it on each edit: the unsaved
 * text as an overlay, the training spec and graph read through the host (cross-file contract included).
 */
export function measureRelgraph(ws: BenchWorkspace, edits: number, warmup: number): InProcessRun {
  const host = new NodeSpecHost();
  const ms: number[] = [];
  let lastDiagnostics = 0;
  for (let i = 0; i < warmup + edits; i++) {
    host.setOverlay(ws.predictionPath, editedText(ws.predictionText, i));
    const started = performance.now();
    const validation = validateSpecFile(ws.predictionPath, host);
    if (i >= warmup) ms.push(performance.now() - started);
    lastDiagnostics = validation.diagnostics.length;
  }
  return { ms, lastDiagnostics };
}

/** yaml-language-server's language service validating the same texts against our JSON Schema. */
export async function measureYamlLanguageService(
  ws: BenchWorkspace,
  edits: number,
  warmup: number,
): Promise<InProcessRun> {
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => fs.readFileSync(fileURLToPath(uri), 'utf8'),
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).href },
  });
  service.configure({ validate: true, schemas: [{ uri: ws.predictionSchemaUri, fileMatch: ['*.prediction.yaml'] }] });
  const uri = pathToFileURL(ws.predictionPath).href;
  const ms: number[] = [];
  let lastDiagnostics = 0;
  for (let i = 0; i < warmup + edits; i++) {
    const document = TextDocument.create(uri, 'yaml', i + 1, editedText(ws.predictionText, i));
    const started = performance.now();
    const diagnostics = await service.doValidation(document, false);
    if (i >= warmup) ms.push(performance.now() - started);
    lastDiagnostics = diagnostics.length;
  }
  return { ms, lastDiagnostics };
}
