/**
 * The rows of a prediction output as `relgraph predictions <job> --format json` prints them (one JSON
 * object per line). The CLI reads CSV and Parquet with DuckDB, so the extension never loads DuckDB itself.
 */
export interface PredictionRows {
  /** In the order the output has them (the first row's keys, then any a later row adds). */
  columns: string[];
  rows: Record<string, unknown>[];
}

export class PredictionRowsError extends Error {}

export function parseJsonLines(text: string): PredictionRows {
  const columns: string[] = [];
  const known = new Set<string>();
  const rows: Record<string, unknown>[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new PredictionRowsError(`line ${i + 1} of the CLI's output is not JSON: ${line.slice(0, 80)}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new PredictionRowsError(`line ${i + 1} of the CLI's output is not a row object`);
    }
    for (const key of Object.keys(value)) {
      if (!known.has(key)) {
        known.add(key);
        columns.push(key);
      }
    }
    rows.push(value as Record<string, unknown>);
  });
  return { columns, rows };
}
