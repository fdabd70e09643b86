/**
 * Messages between the extension and its webviews. A webview runs its own script, so what it posts is
 * checked on receipt (`parse...Message`) before the extension acts on it: a malformed message is dropped.
 */
import type { Range } from 'vscode-languageserver-types';

/** Graph diagram -> extension: the user clicked a table or an edge; open its definition. */
export type GraphDiagramMessage = { type: 'reveal'; uri: string; range: Range };

/** Predictions preview -> extension: open the whole output file the rows come from. */
export type PredictionPreviewMessage = { type: 'openOutput' };

export function parseGraphDiagramMessage(message: unknown): GraphDiagramMessage | undefined {
  const m = asRecord(message);
  if (m?.type !== 'reveal' || typeof m.uri !== 'string' || !isRange(m.range)) return undefined;
  return { type: 'reveal', uri: m.uri, range: m.range };
}

export function parsePredictionPreviewMessage(message: unknown): PredictionPreviewMessage | undefined {
  return asRecord(message)?.type === 'openOutput' ? { type: 'openOutput' } : undefined;
}

function isRange(value: unknown): value is Range {
  const r = asRecord(value);
  return isPosition(r?.start) && isPosition(r?.end);
}

function isPosition(value: unknown): boolean {
  const p = asRecord(value);
  return isLineOrColumn(p?.line) && isLineOrColumn(p?.character);
}

function isLineOrColumn(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
