import type { JsonRow } from './QueryCache';
import { sqlIdent } from './sourceScan';
import type { PrimaryKeyStats, SourceColumn, TimeColumnStats } from './TableProfile';
import { duckDbTypeToDtype, dtypeFamily } from './typeMapping';

/**
 * The SQL of the table profile: ONE aggregate scan per table computes the row count and every
 * column's null count, distinct count and range (text included), the time columns' ranges and parse failures, and the
 * primary key's exact distinct count. Spec text only ever reaches SQL through sqlIdent/sqlString;
 * result columns get positional aliases so that no column name has to survive as an alias.
 */

/** What the profile scan needs to know about the table beyond its physical columns. */
export interface ProfileRoles {
  primaryKey?: string;
  /** `time_column` and `end_time_column`, when the source has them. */
  timeColumns: string[];
  /** Exact distinct counts (cheap on small sources); otherwise HyperLogLog. */
  exactDistinct: boolean;
  /** An integer key's [min, max] when known to be dense enough for a bitmap (see bitmapRange). */
  primaryKeyRange?: IntegerRange;
}

export interface IntegerRange {
  lo: number;
  hi: number;
}

/** At most 2^28 bits (32 MiB per thread) and at most 64 bits per row: beyond that a hash table is cheaper. */
const MAX_BITMAP_BITS = 2 ** 28;

/**
 * Whether integer keys in [lo, hi] can be checked with a DuckDB bitstring (one bit per possible value):
 * exact like count(DISTINCT) or a hash join, but several times faster, because it needs no hash table.
 */
export function bitmapRange(lo: unknown, hi: unknown, rows: number): IntegerRange | undefined {
  const low = Number(lo);
  const high = Number(hi);
  if (lo === null || hi === null || !Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high < low)
    return undefined;
  const bits = high - low + 1;
  return bits <= MAX_BITMAP_BITS && bits <= 64 * Math.max(rows, 1024) ? { lo: low, hi: high } : undefined;
}

/** The exact number of distinct non-null values of an integer column whose values lie in `range`. */
export function bitmapDistinctSql(column: string, range: IntegerRange): string {
  const c = `${sqlIdent(column)}::BIGINT`;
  return `coalesce(bit_count(bitstring_agg(${c}, ${range.lo}::BIGINT, ${range.hi}::BIGINT)), 0)`;
}

/** Row count, and the range of an integer key: answered from Parquet metadata without a scan. */
export function metadataSql(scan: string, integerKey?: string): string {
  const c = integerKey ? sqlIdent(integerKey) : undefined;
  return `SELECT count(*) AS n${c ? `, min(${c})::VARCHAR AS lo, max(${c})::VARCHAR AS hi` : ''} FROM ${scan}`;
}

export function schemaSql(scan: string): string {
  return `DESCRIBE SELECT * FROM ${scan}`;
}

/** Physical types a timestamp can be read from (Kumo's timestamp stype: date, time-of-day aside, or text). */
export function isTimestampCastable(duckDbType: string): boolean {
  const type = duckDbType.toUpperCase();
  return type === 'DATE' || type.startsWith('TIMESTAMP') || type.startsWith('VARCHAR');
}

/**
 * Columns whose smallest and largest values the scan reads. Text is included because a column of two
 * values is a binary target: with its distinct count, min and max name both classes (inferTaskType).
 */
function hasRange(duckDbType: string): boolean {
  const dtype = duckDbTypeToDtype(duckDbType);
  const family = dtypeFamily(dtype);
  return family === 'numeric' || family === 'temporal' || family === 'bool' || dtype === 'string';
}

function isScalar(duckDbType: string): boolean {
  const family = dtypeFamily(duckDbTypeToDtype(duckDbType));
  return family !== 'list' && family !== 'unsupported';
}

export function timestampExpr(column: string): string {
  return `TRY_CAST(${sqlIdent(column)} AS TIMESTAMP)`;
}

/** `extra`: more aggregates over the same scan (the CSV verifying pass's, see csvSchema.ts CsvPiggyback). */
export function profileSql(
  scan: string,
  columns: readonly SourceColumn[],
  roles: ProfileRoles,
  extra: readonly string[] = [],
): string {
  const parts = ['count(*) AS n'];
  columns.forEach((column, i) => {
    const c = sqlIdent(column.name);
    parts.push(`count(${c}) AS nn${i}`);
    // The key's exact distinct count comes from `pkd` below; a second, approximate one would cost a pass.
    if (isScalar(column.duckDbType) && column.name !== roles.primaryKey) {
      const distinct = roles.exactDistinct ? `count(DISTINCT ${c})` : `approx_count_distinct(${c})`;
      parts.push(`${distinct} AS d${i}`);
    }
    if (hasRange(column.duckDbType)) parts.push(`min(${c})::VARCHAR AS lo${i}`, `max(${c})::VARCHAR AS hi${i}`);
  });
  roles.timeColumns.forEach((name, k) => {
    const column = columns.find((c) => c.name === name);
    if (!column || !isTimestampCastable(column.duckDbType)) return;
    const ts = timestampExpr(name);
    // Only text can fail to parse; a DATE or TIMESTAMP column always casts.
    if (column.duckDbType.toUpperCase().startsWith('VARCHAR')) {
      parts.push(`count(${sqlIdent(name)}) FILTER (WHERE ${ts} IS NULL) AS tbad${k}`);
    }
    parts.push(
      `strftime(min(${ts}), '%Y-%m-%d %H:%M:%S') AS tlo${k}`,
      `strftime(max(${ts}), '%Y-%m-%d %H:%M:%S') AS thi${k}`,
      `epoch_ms(min(${ts})) AS tlo_ms${k}`,
      `epoch_ms(max(${ts})) AS thi_ms${k}`,
    );
  });
  if (roles.primaryKey && columns.some((c) => c.name === roles.primaryKey)) {
    // Uniqueness needs an exact count, whatever the table size: HyperLogLog cannot prove it.
    const distinct = roles.primaryKeyRange
      ? bitmapDistinctSql(roles.primaryKey, roles.primaryKeyRange)
      : `count(DISTINCT ${sqlIdent(roles.primaryKey)})`;
    parts.push(`${distinct} AS pkd`);
  }
  return `SELECT ${[...parts, ...extra].join(', ')} FROM ${scan}`;
}

/** The most repeated primary-key values, with how many values and rows are duplicated overall. */
export function duplicateKeysSql(scan: string, primaryKey: string, limit = 3): string {
  const pk = sqlIdent(primaryKey);
  return (
    `SELECT ${pk}::VARCHAR AS v, count(*) AS n, count(*) OVER () AS dup_values, sum(count(*)) OVER () AS dup_rows ` +
    `FROM ${scan} WHERE ${pk} IS NOT NULL GROUP BY ${pk} HAVING count(*) > 1 ORDER BY n DESC, v LIMIT ${limit}`
  );
}

/** A few values of a time column that do not parse as timestamps. */
export function notTemporalExamplesSql(scan: string, column: string, limit = 3): string {
  const c = sqlIdent(column);
  return (
    `SELECT DISTINCT ${c}::VARCHAR AS v FROM ${scan} ` +
    `WHERE ${c} IS NOT NULL AND ${timestampExpr(column)} IS NULL ORDER BY v LIMIT ${limit}`
  );
}

/** Non-null values of a column that cannot be read as a timestamp at all (e.g. epoch integers). */
export function sampleValuesSql(scan: string, column: string, limit = 3): string {
  const c = sqlIdent(column);
  return `SELECT DISTINCT ${c}::VARCHAR AS v FROM ${scan} WHERE ${c} IS NOT NULL ORDER BY v LIMIT ${limit}`;
}

export function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return 0;
}

function text(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/** The parts of the profile row that are per column, by the column's position. */
export interface ScannedColumn {
  nonNull: number;
  distinct: number;
  min?: string;
  max?: string;
}

export interface ScannedProfile {
  rowCount: number;
  columns: ScannedColumn[];
  timeColumns: Omit<TimeColumnStats, 'notTemporalExamples'>[];
  primaryKeyDistinct?: number;
}

export function parseProfileRow(row: JsonRow, columns: readonly SourceColumn[], roles: ProfileRoles): ScannedProfile {
  const rowCount = num(row.n);
  const scanned = columns.map((_column, i) => {
    const nonNull = num(row[`nn${i}`]);
    // HyperLogLog can overshoot; a distinct count above the non-null count would only confuse.
    const distinct = Math.min(num(row[`d${i}`]), nonNull);
    return { nonNull, distinct, min: text(row[`lo${i}`]), max: text(row[`hi${i}`]) };
  });
  const timeColumns = roles.timeColumns.flatMap((name, k) => {
    const index = columns.findIndex((c) => c.name === name);
    if (index < 0) return [];
    const castable = isTimestampCastable(columns[index].duckDbType);
    const minMs = row[`tlo_ms${k}`];
    const maxMs = row[`thi_ms${k}`];
    return [
      {
        column: name,
        castable,
        notTemporalCount: castable ? num(row[`tbad${k}`]) : scanned[index].nonNull,
        min: text(row[`tlo${k}`]),
        max: text(row[`thi${k}`]),
        minMs: minMs === null || minMs === undefined ? undefined : num(minMs),
        maxMs: maxMs === null || maxMs === undefined ? undefined : num(maxMs),
      },
    ];
  });
  const pkd = row.pkd;
  return {
    rowCount,
    columns: scanned,
    timeColumns,
    primaryKeyDistinct: pkd === undefined ? undefined : num(pkd),
  };
}

export function parseDuplicateRows(rows: readonly JsonRow[], column: string, nullCount: number, distinct: number) {
  const stats: PrimaryKeyStats = {
    column,
    nullCount,
    distinctCount: distinct,
    duplicateValueCount: rows.length > 0 ? num(rows[0].dup_values) : 0,
    duplicateRowCount: rows.length > 0 ? num(rows[0].dup_rows) : 0,
    duplicateExamples: rows.map((r) => ({ value: String(r.v), count: num(r.n) })),
  };
  return stats;
}
