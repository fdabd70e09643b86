/**
 * The rows of a prediction output as `relgraph predictions <job> --format json` prints them (one JSON
 * object per line), and how the preview shows and sorts their values. The CLI reads CSV and Parquet
 * with DuckDB, so the extension never loads DuckDB itself.
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

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;

/** A value as the preview prints it, the way `relgraph predictions` prints its table. */
export function displayCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'string') {
    const instant = ISO_INSTANT.exec(value);
    if (instant) return `${instant[1]} ${instant[2]}${instant[3] && !/^\.0+$/.test(instant[3]) ? instant[3] : ''}`;
    return value;
  }
  if (Array.isArray(value)) {
    const shown = value.slice(0, 4).map(displayCell).join(', ');
    return `[${shown}${value.length > 4 ? `, ... (${value.length})` : ''}]`;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Whether a column holds numbers only (right-aligned, compared as numbers). */
export function isNumericColumn(rows: readonly Record<string, unknown>[], column: string): boolean {
  let any = false;
  for (const row of rows) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any;
}

/**
 * The preview's sort order of two cell values: numbers by value, booleans false first, arrays by
 * length, text in natural order (`item2` before `item10`); empty cells last in both directions. It
 * runs inside the webview too (its source is inlined into the page), so it must not reference anything
 * outside its own body.
 */
export function compareCells(a: unknown, b: unknown, descending = false): number {
  // No inner functions: bundlers may wrap named ones in helpers (esbuild's __name) the page lacks.
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  let order: number;
  if (typeof a === 'number' && typeof b === 'number') order = a < b ? -1 : a > b ? 1 : 0;
  else if (typeof a === 'boolean' && typeof b === 'boolean') order = a === b ? 0 : a ? 1 : -1;
  else if (Array.isArray(a) && Array.isArray(b)) order = a.length - b.length;
  else order = String(a).localeCompare(String(b), undefined, { numeric: true });
  return descending ? -order : order;
}
