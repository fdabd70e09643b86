import * as path from 'node:path';

/** The file formats a table `source` can have. */
export type SourceFormat = 'csv' | 'parquet';

export function sourceFormatOf(file: string): SourceFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz') || lower.endsWith('.tsv') || lower.endsWith('.tsv.gz'))
    return 'csv';
  return undefined;
}

/** A SQL string literal; the only way spec-provided text reaches SQL, so nothing in a spec is ever executed. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The field delimiter of a CSV-family file, from its extension (`.tsv` is tab-separated). */
export function csvDelimiterOf(file: string): string {
  return /\.tsv(\.gz)?$/i.test(file) ? '\t' : ',';
}

/**
 * The DuckDB table function that scans a source's resolved files. CSV: empty fields are NULL and
 * types are sniffed over the whole file, so a late non-numeric value does not fail a later query.
 * The delimiter and `skip = 0` are fixed because the sniffer, left free, reads a file with one ragged
 * row as "101 preamble lines + a header" and silently returns 0 rows (see docs/data-checks.md).
 */
export function sourceScanSql(files: readonly string[], format: SourceFormat): string {
  if (files.length === 0) throw new Error('sourceScanSql needs at least one file');
  const list = `[${files.map((f) => sqlString(path.resolve(f))).join(', ')}]`;
  if (format === 'parquet') return `read_parquet(${list}, union_by_name = true)`;
  const delimiter = sqlString(csvDelimiterOf(files[0]));
  return `read_csv(${list}, header = true, auto_detect = true, sample_size = -1, union_by_name = true, delim = ${delimiter}, skip = 0)`;
}
