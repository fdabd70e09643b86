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

/** A source's CSV column types, in file order, as DESCRIBE prints them. */
export type CsvColumnTypes = readonly { name: string; type: string }[];

/**
 * The DuckDB table function that scans a source's resolved files. CSV: empty fields are NULL. The
 * delimiter and `skip = 0` are fixed because the sniffer, left free, reads a file with one ragged row
 * as "101 preamble lines + a header" and silently returns 0 rows (see docs/data-checks.md).
 *
 * Without `types`, types are sniffed over the whole file (`sample_size = -1`), so a late non-numeric
 * value does not fail a later query; that costs a full read before every query, so callers pass the
 * types that `resolveCsvScan` (csvSchema.ts) proved equal to that full sniff. With `types`, DuckDB
 * still sniffs the dialect and date formats, but only over its default sample.
 */
export function sourceScanSql(files: readonly string[], format: SourceFormat, types?: CsvColumnTypes): string {
  if (files.length === 0) throw new Error('sourceScanSql needs at least one file');
  if (format === 'parquet') return `read_parquet(${fileList(files)}, union_by_name = true)`;
  if (types) return sampledCsvScanSql(files, types);
  const delimiter = sqlString(csvDelimiterOf(files[0]));
  return `read_csv(${fileList(files)}, header = true, auto_detect = true, sample_size = -1, union_by_name = true, delim = ${delimiter}, skip = 0)`;
}

/**
 * A CSV scan sniffed over DuckDB's default sample (20,480 rows), with `types` overriding
 * the sniffed type of the columns it names (none: the sample decides every type). Only csvSchema.ts
 * decides when the sample can be trusted.
 */
export function sampledCsvScanSql(files: readonly string[], types: CsvColumnTypes = []): string {
  if (files.length === 0) throw new Error('sampledCsvScanSql needs at least one file');
  const delimiter = sqlString(csvDelimiterOf(files[0]));
  const typeMap = types.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  return (
    `read_csv(${fileList(files)}, header = true, auto_detect = true, union_by_name = true, delim = ${delimiter}, skip = 0` +
    `${types.length > 0 ? `, types = {${typeMap}}` : ''})`
  );
}

function fileList(files: readonly string[]): string {
  return `[${files.map((f) => sqlString(path.resolve(f))).join(', ')}]`;
}
