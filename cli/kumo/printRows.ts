import type { PresignedRows } from '../../data/kumo/presignedOutputs';
import type { CliIo } from '../CliCommand';
import { displayValue, formatRowsTable } from '../commands/predictionsCommand';

export type RowsFormat = 'table' | 'csv' | 'json';

/** Output rows as `relgraph predictions` prints them: an aligned table, CSV, or JSON lines. */
export function printRows(io: CliIo, out: PresignedRows, format: RowsFormat): void {
  if (format === 'json') {
    for (const row of out.rows)
      io.stdout(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) + '\n');
    return;
  }
  if (format === 'csv') {
    const cell = (v: unknown) => {
      const text = Array.isArray(v)
        ? `[${v.join(',')}]`
        : v instanceof Date
          ? displayValue(v)
          : v === null || v === undefined
            ? ''
            : String(v);
      return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    io.stdout(
      [out.columns.join(','), ...out.rows.map((r) => out.columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n',
    );
    return;
  }
  io.stdout(formatRowsTable(out.columns, out.rows));
  const of = out.total !== undefined ? `${out.rows.length} of ${out.total} rows` : `first ${out.rows.length} rows`;
  io.stdout(`(${of}; read ${out.partitionsRead} of ${out.partitions} partition${out.partitions === 1 ? '' : 's'})\n`);
}
