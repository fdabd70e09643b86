import type { PresignedRows } from '../../data/kumo/presignedOutputs';
import type { CliIo } from '../CliCommand';
import { formatCsv, formatRowsTable } from '../commands/predictionsCommand';

export type RowsFormat = 'table' | 'csv' | 'json';

/**
 * Output rows as `relgraph predictions` prints them: an aligned table followed by `footer` (what part of
 * the output this is), CSV, or JSON lines.
 */
export function printRows(
  io: CliIo,
  out: { columns: readonly string[]; rows: readonly Record<string, unknown>[] },
  format: RowsFormat,
  footer: string,
): void {
  if (format === 'json') {
    for (const row of out.rows)
      io.stdout(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) + '\n');
    return;
  }
  if (format === 'csv') {
    io.stdout(formatCsv(out.columns, out.rows));
    return;
  }
  io.stdout(formatRowsTable(out.columns, out.rows));
  io.stdout(`(${footer})\n`);
}

/** The footer of rows read from Kumo's partitions: how many, and how many partitions were downloaded. */
export function presignedFooter(out: PresignedRows): string {
  const of = out.total !== undefined ? `${out.rows.length} of ${out.total} rows` : `first ${out.rows.length} rows`;
  return `${of}; read ${out.partitionsRead} of ${out.partitions} partition${out.partitions === 1 ? '' : 's'}`;
}
