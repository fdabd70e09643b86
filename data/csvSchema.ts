import type { DuckDbSession } from './DuckDbSession';
import { QueryCache, type JsonRow, type QueryOutcome } from './QueryCache';
import { shortDuckDbError } from './QueryRunner';
import { sampledCsvScanSql, sourceScanSql, sqlIdent, type CsvColumnTypes, type SourceFormat } from './sourceScan';

/**
 * The column types of a CSV source, sniffed once and then passed to every scan, with the guarantee that
 * they are exactly what DuckDB's full-file sniff (`sample_size = -1`) would give. The full sniff reads
 * the whole file before every query (17.8 s for a 950 MB file, where the typed query itself takes
 * 2.5 s); the default sample costs milliseconds but can be wrong in two ways, both of them silent:
 * - a value after the sample that the sampled type still reads, differently: `1.5` or `007` in a
 *   BIGINT column (read as 2 and 7, where the full sniff says DOUBLE and VARCHAR), a time of day in a
 *   DATE column (cut off; the full sniff says TIMESTAMP), `1` in a BOOLEAN column, `007.5` in a DOUBLE one;
 * - a column with no value in the sample (VARCHAR) that holds numbers or dates further down.
 * (A late value the sampled type cannot read at all fails the scan with a conversion error.)
 *
 * So the sample is trusted only after one verifying pass over all rows: every column is read as text
 * and must look exactly like what its sampled type accepts (canonical integers and decimals, ISO dates,
 * `true`/`false`), TIMESTAMP columns are read as timestamps with the sniffed format (a value that does
 * not parse fails the pass), and a VARCHAR column needs a value that no other type could hold (text,
 * looked for in the sample first, then in all rows) and no quote, backslash, carriage return or
 * leading `#` anywhere (a sampled dialect that saw none of those may differ from the full sniff's).
 * Anything else (an error, a doubtful value, a type outside that list) falls back to the full sniff,
 * which is what Relgraph always did: the fast path never changes a type, a value or an error message,
 * it only skips work.
 */

/** Runs one query over the source: rows, or DuckDB's error. Throws only on cancellation or time-out. */
export type CsvSchemaQuery = (sql: string) => Promise<QueryOutcome>;

export interface CsvScan {
  /** The table function every query over the source reads it with. */
  scan: string;
  /** The verified types the scan passes; undefined when the whole file is sniffed (`fullSniffReason`). */
  types?: CsvColumnTypes;
  fullSniffReason?: string;
}

/** DuckDB's default sniffing sample; a VARCHAR column must show text within as many rows. */
const SAMPLE_ROWS = 20_480;

/** Per sampled type: the type the verifying pass reads the column as, and what a doubtful value is. */
const CHECKS: Record<string, { readAs: 'VARCHAR' | 'TIMESTAMP'; doubtful?: (c: string) => string }> = {
  // The round trip rejects decimals (DuckDB rounds them), leading zeros and `+`, and overflows.
  BIGINT: { readAs: 'VARCHAR', doubtful: (c) => `CAST(TRY_CAST(${c} AS BIGINT) AS VARCHAR) IS DISTINCT FROM ${c}` },
  DOUBLE: {
    readAs: 'VARCHAR',
    doubtful: (c) => `NOT regexp_full_match(${c}, '-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?')`,
  },
  BOOLEAN: { readAs: 'VARCHAR', doubtful: (c) => `lower(${c}) NOT IN ('true', 'false')` },
  DATE: {
    readAs: 'VARCHAR',
    doubtful: (c) => `NOT regexp_full_match(${c}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') OR TRY_CAST(${c} AS DATE) IS NULL`,
  },
  // Read with the sniffed format: a value it cannot parse fails the pass. Counting forces the conversion.
  TIMESTAMP: { readAs: 'TIMESTAMP' },
  VARCHAR: {
    readAs: 'VARCHAR',
    doubtful: (c) =>
      `contains(${c}, '"') OR contains(${c}, '\\') OR contains(${c}, chr(13)) OR starts_with(${c}, '''') OR starts_with(${c}, '#')`,
  },
};

/** A value no other sniffer candidate (BOOLEAN, BIGINT, DOUBLE, TIME, DATE, TIMESTAMP, dates in any format) reads. */
function onlyText(c: string): string {
  return (
    `TRY_CAST(${c} AS DOUBLE) IS NULL AND TRY_CAST(${c} AS BOOLEAN) IS NULL AND TRY_CAST(${c} AS TIME) IS NULL ` +
    `AND TRY_CAST(${c} AS TIMESTAMP) IS NULL AND NOT regexp_matches(${c}, '^\\s*[0-9]+[-/. ][0-9]+[-/. ][0-9]+')`
  );
}

/**
 * What a caller about to scan the whole source anyway (the data checks' statistics) asks the verifying pass to
 * answer in the same read, so a CSV source is read once, not twice. The pass reads each column as its check
 * does and casts it to its sampled type (once verified, the same values the typed scan reads); the answer is
 * used only when the sampled types held.
 */
export interface CsvPiggyback {
  /** `SELECT <aggregates>, <extra> FROM <scan>`: the aggregates over the typed columns of `scan`. */
  sql(scan: string, types: CsvColumnTypes, extra: readonly string[]): string;
  /** The answer, without the verifying pass's own columns, once the types are known to hold. */
  answered(types: CsvColumnTypes, outcome: QueryOutcome): Promise<void>;
  /** Whether the caller's own query for these aggregates is answered from a cache already (no read needed). */
  isCached(types: CsvColumnTypes): Promise<boolean>;
}

/**
 * What a caller that keeps the source's rows (the validation before a job, see SourceTables.ts) asks of the
 * verifying pass: read the file into a table, each column as its sampled type, with each check's verdict per row
 * beside it, so the checks are counted over the table and the rows stay for the job. Used instead of a piggyback.
 */
export interface CsvMaterializer {
  /** Runs `CREATE TABLE <name> AS <select>`: the table's name, or DuckDB's error. */
  create(select: string): Promise<{ table: string } | { error: string }>;
  /** A query over a created table (not cached: table names belong to one session). */
  query(sql: string): Promise<QueryOutcome>;
  /** The sampled types held: the source's typed scan `scan` may read `columns` of `table` instead of the files. */
  adopt(scan: string, table: string, columns: readonly string[]): void;
  /** They did not (or the count failed): the table is dropped. */
  discard(table: string): Promise<void>;
}

export interface ResolveCsvScanOptions {
  piggyback?: CsvPiggyback;
  /** Keep the rows the verifying pass reads (takes the place of `piggyback`). */
  materialize?: CsvMaterializer;
  /**
   * The cached answer of a query, if any, without running it: a verifying pass already answered (by a plain,
   * piggybacked or materializing pass) is not run again in another form, unless a piggyback's answer is missing
   * (then the piggybacked pass runs, and answers both).
   */
  cached?: (sql: string) => Promise<QueryOutcome | undefined>;
  /** Records an answer as if `sql` had been run (a cache): the verifying pass's, when a piggyback carried it. */
  remember?: (sql: string, outcome: QueryOutcome) => Promise<void>;
}

/** Sniffs a CSV source over the sample, verifies that against all rows, and says how to scan it. */
export async function resolveCsvScan(
  files: readonly string[],
  query: CsvSchemaQuery,
  options: ResolveCsvScanOptions = {},
): Promise<CsvScan> {
  const full = (reason: string): CsvScan => ({ scan: sourceScanSql(files, 'csv'), fullSniffReason: reason });
  const sampled = await query(`DESCRIBE SELECT * FROM ${sampledCsvScanSql(files)}`);
  if ('error' in sampled) return full(`the sample cannot be read: ${sampled.error}`);
  const columns = sampled.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const unchecked = columns.find((c) => !CHECKS[c.type]);
  if (unchecked) return full(`column '${unchecked.name}' is ${unchecked.type}`);

  // Text in the sample settles a VARCHAR column cheaply; a column without any (empty there, or only in
  // a later file of the source) is looked at in the full pass.
  const texts = columns.filter((c) => c.type === 'VARCHAR');
  let unsettled = new Set(texts.map((c) => c.name));
  if (texts.length > 0) {
    const counts = texts.map((c, i) => `count(*) FILTER (WHERE ${onlyText(sqlIdent(c.name))}) AS t${i}`);
    const projection = texts.map((c) => sqlIdent(c.name)).join(', ');
    const sample = await query(
      `SELECT ${counts.join(', ')} FROM (SELECT ${projection} FROM ${sampledCsvScanSql(files)} LIMIT ${SAMPLE_ROWS})`,
    );
    if ('error' in sample) return full(`the sample cannot be read: ${sample.error}`);
    unsettled = new Set(texts.filter((_, i) => count(sample.rows, `t${i}`) === 0).map((c) => c.name));
  }

  const readAs = columns.map((c) => ({ name: c.name, type: CHECKS[c.type].readAs }));
  const checksOver = (id: (i: number) => string, alias: (name: string) => string) =>
    columns.flatMap((c, i) => {
      const doubtful = CHECKS[c.type].doubtful;
      const check = doubtful
        ? `count(*) FILTER (WHERE ${id(i)} IS NOT NULL AND (${doubtful(id(i))})) AS ${alias(`d${i}`)}`
        : `count(${id(i)}) AS ${alias(`n${i}`)}`;
      return unsettled.has(c.name)
        ? [check, `count(*) FILTER (WHERE ${onlyText(id(i))}) AS ${alias(`t${i}`)}`]
        : [check];
    });
  const checks = checksOver(
    (i) => sqlIdent(columns[i].name),
    (name) => name,
  );
  const verifySql = `SELECT ${checks.join(', ')} FROM ${sampledCsvScanSql(files, readAs)}`;
  const known = await options.cached?.(verifySql);
  const verified =
    (known && (!options.piggyback || (await options.piggyback.isCached(columns))) ? known : undefined) ??
    (await materialized(files, columns, readAs, unsettled, verifySql, options)) ??
    (await piggybacked(files, columns, readAs, checksOver, verifySql, query, options)) ??
    (await query(verifySql));
  if ('error' in verified) return full(`a value does not fit the sampled types: ${verified.error}`);
  const doubt = typeDoubt(columns, verified);
  return doubt ? full(doubt) : { scan: sampledCsvScanSql(files, columns), types: columns };
}

/**
 * The verifying pass as a table of the typed rows (CsvMaterializer): each column cast to its sampled type as the
 * typed scan reads it, and per row each check's verdict where the plain pass counts one (a doubtful value, text),
 * as bits of `__relgraph_checks<k>` (64 per column: one column costs a fifth less to write than a boolean per
 * check, measured at 20M rows). The counts come back under the plain pass's names and are remembered as its answer.
 * Undefined without a materializer, or when the table could not be made (the plain pass then runs and says why).
 */
async function materialized(
  files: readonly string[],
  columns: CsvColumnTypes,
  readAs: CsvColumnTypes,
  unsettled: ReadonlySet<string>,
  verifySql: string,
  options: ResolveCsvScanOptions,
): Promise<QueryOutcome | undefined> {
  const keep = options.materialize;
  if (!keep) return undefined;
  const raw = (i: number) => `__raw${i}`;
  const values = columns.map((c, i) => `${typedExpr(raw(i), c.type)} AS ${sqlIdent(c.name)}`);
  const verdicts: { alias: string; condition: string }[] = [];
  const counts: string[] = [];
  columns.forEach((c, i) => {
    const doubtful = CHECKS[c.type].doubtful;
    if (doubtful) verdicts.push({ alias: `d${i}`, condition: `${raw(i)} IS NOT NULL AND (${doubtful(raw(i))})` });
    else counts.push(`count(${sqlIdent(c.name)}) AS n${i}`);
    if (unsettled.has(c.name)) verdicts.push({ alias: `t${i}`, condition: onlyText(raw(i)) });
  });
  const words: string[][] = [];
  verdicts.forEach(({ alias, condition }, b) => {
    const [word, bit] = [Math.floor(b / 64), b % 64];
    (words[word] ??= []).push(`(coalesce(${condition}, FALSE)::UBIGINT << ${bit})`);
    counts.push(`count(*) FILTER (WHERE (__relgraph_checks${word} >> ${bit}) & 1 = 1) AS ${alias}`);
  });
  const flags = words.map((bits, k) => `(${bits.join(' | ')}) AS __relgraph_checks${k}`);
  const rawColumns = columns.map((c, i) => `${sqlIdent(c.name)} AS ${raw(i)}`);
  const created = await keep.create(
    `SELECT ${[...values, ...flags].join(', ')} FROM (SELECT ${rawColumns.join(', ')} FROM ${sampledCsvScanSql(files, readAs)})`,
  );
  if ('error' in created) return undefined;
  const verified = await keep.query(`SELECT ${counts.join(', ')} FROM ${sqlIdent(created.table)}`);
  if ('error' in verified) {
    await keep.discard(created.table);
    return undefined;
  }
  await options.remember?.(verifySql, verified);
  if (typeDoubt(columns, verified)) await keep.discard(created.table);
  else
    keep.adopt(
      sampledCsvScanSql(files, columns),
      created.table,
      columns.map((c) => c.name),
    );
  return verified;
}

/**
 * Why the verifying pass's answer does not let the sampled types stand, or undefined when they hold: a doubtful
 * value, or no text in a column it looked for text in (an unsettled VARCHAR column has a `t<i>` count).
 */
function typeDoubt(columns: CsvColumnTypes, verified: { rows: readonly JsonRow[] }): string | undefined {
  const doubtful = columns.find((c, i) => CHECKS[c.type].doubtful && count(verified.rows, `d${i}`) > 0);
  if (doubtful) return `column '${doubtful.name}' has a value the sampled type ${doubtful.type} may misread`;
  const untyped = columns.find((_, i) => `t${i}` in (verified.rows[0] ?? {}) && count(verified.rows, `t${i}`) === 0);
  if (untyped) return `column '${untyped.name}' holds no text: its values may be numbers or dates`;
  return undefined;
}

/**
 * The verifying pass with the piggyback's aggregates in the same scan: its check columns come back under their
 * own names (and are remembered as the verifying query's answer), the rest goes to the piggyback when the types
 * held. Undefined without a piggyback, or when the combined query failed (the plain pass then runs and says why).
 */
async function piggybacked(
  files: readonly string[],
  columns: CsvColumnTypes,
  readAs: CsvColumnTypes,
  checksOver: (id: (i: number) => string, alias: (name: string) => string) => string[],
  verifySql: string,
  query: CsvSchemaQuery,
  options: ResolveCsvScanOptions,
): Promise<QueryOutcome | undefined> {
  const { piggyback } = options;
  if (!piggyback) return undefined;
  const raw = (i: number) => `__raw${i}`;
  const checkAlias = (name: string) => `__check_${name}`;
  const typed = columns.map(
    (c, i) => `${typedExpr(sqlIdent(c.name), c.type)} AS ${sqlIdent(c.name)}, ${sqlIdent(c.name)} AS ${raw(i)}`,
  );
  const scan = `(SELECT ${typed.join(', ')} FROM ${sampledCsvScanSql(files, readAs)})`;
  const combined = await query(piggyback.sql(scan, columns, checksOver(raw, checkAlias)));
  if ('error' in combined) return undefined;
  const row = combined.rows[0] ?? {};
  const checkRow: JsonRow = {};
  const rest: JsonRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('__check_')) checkRow[key.slice('__check_'.length)] = value;
    else rest[key] = value;
  }
  const verified: QueryOutcome = { rows: [checkRow] };
  await options.remember?.(verifySql, verified);
  if (!typeDoubt(columns, verified)) await piggyback.answered(columns, { rows: [rest] });
  return verified;
}

/** A column read as its check reads it, as its sampled type: the typed scan's value once the check passed. */
function typedExpr(column: string, type: string): string {
  return CHECKS[type].readAs === type ? column : `TRY_CAST(${column} AS ${type})`;
}

function count(rows: readonly JsonRow[], key: string): number {
  return Number(rows[0]?.[key] ?? 0);
}

/**
 * The data tier's answers for one source: its query cache and the source's fingerprint (TableSource), which
 * must describe exactly the files scanned. The validation before a job puts the verification there.
 */
export interface CachedCsvAnswers {
  cache: QueryCache;
  fingerprint: string;
}

/**
 * The scan of a source for the engine or the preview, on their own DuckDB session: a CSV source is
 * sniffed and verified here, Parquet is read as it is. With `cached`, the sniffing and verifying queries
 * are answered from the data tier's cache when it holds them (the same SQL over the same files), and run
 * on this session otherwise (their outcomes are then cached too).
 */
export async function sessionSourceScan(
  session: DuckDbSession,
  files: readonly string[],
  format: SourceFormat,
  signal?: AbortSignal,
  cached?: CachedCsvAnswers,
): Promise<string> {
  if (format !== 'csv') return sourceScanSql(files, format);
  const run = sessionCsvQuery(session, signal);
  const query: CsvSchemaQuery = cached
    ? (sql) => cached.cache.getOrCompute(QueryCache.keyOf(sql, [cached.fingerprint]), () => run(sql))
    : run;
  return (await resolveCsvScan(files, query)).scan;
}

/** resolveCsvScan's queries on a DuckDB session (nothing cached). */
export function sessionCsvQuery(session: DuckDbSession, signal?: AbortSignal): CsvSchemaQuery {
  return async (sql) => {
    try {
      const rows = await session.rows(sql, signal);
      return { rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonOf(v)]))) };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { error: shortDuckDbError(error) };
    }
  };
}

function jsonOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint' || typeof value === 'number') return Number(value);
  return String(value);
}
