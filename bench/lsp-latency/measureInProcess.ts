import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import { editedText, type BenchWorkspace } from './generateWorkspace';

export interface InProcessRun {
  ms: number[];
  /** CPU time (user + system) of the same calls: what they cost without waiting for a busy machine's cores. */
  cpuMs: number[];
  /** Diagnostics on an edited version (table t57 renamed), to show what each validator finds. */
  editedDiagnostics: number;
}

/**
 * Relgraph's static validation of the prediction spec, as the server runs it on each edit: the unsaved
 * text as an overlay, the training spec and graph read through the host (cross-file contract included).
 */
export function measureRelgraph(ws: BenchWorkspace, edits: number, warmup: number): InProcessRun {
  const host = new NodeSpecHost();
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let editedDiagnostics = 0;
  for (let i = 0; i < warmup + edits; i++) {
    host.setOverlay(ws.predictionPath, editedText(ws.predictionText, i));
    const cpu = process.cpuUsage();
    const started = performance.now();
    const validation = validateSpecFile(ws.predictionPath, host);
    if (i >= warmup) record(ms, cpuMs, started, cpu);
    if (i % 2 === 0) editedDiagnostics = validation.diagnostics.length;
  }
  return { ms, cpuMs, editedDiagnostics };
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
  const cpuMs: number[] = [];
  let editedDiagnostics = 0;
  for (let i = 0; i < warmup + edits; i++) {
    const document = TextDocument.create(uri, 'yaml', i + 1, editedText(ws.predictionText, i));
    const cpu = process.cpuUsage();
    const started = performance.now();
    const diagnostics = await service.doValidation(document, false);
    if (i >= warmup) record(ms, cpuMs, started, cpu);
    if (i % 2 === 0) editedDiagnostics = diagnostics.length;
  }
  return { ms, cpuMs, editedDiagnostics };
}

function record(ms: number[], cpuMs: number[], started: number, cpu: NodeJS.CpuUsage): void {
  ms.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  cpuMs.push((used.user + used.system) / 1000);
}
