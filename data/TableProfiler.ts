import type { SpecHost } from '../core/host/SpecHost';
import type { TableSpec } from '../core/spec/SpecModel';
import { count } from './checks/DiagnosticSink';
import { columnTypes } from './columnTypes';
import { findRaggedRow } from './csvShape';
import {
  bitmapRange,
  duplicateKeysSql,
  metadataSql,
  num,
  notTemporalExamplesSql,
  parseDuplicateRows,
  parseProfileRow,
  profileSql,
  sampleValuesSql,
  schemaSql,
  type ProfileRoles,
} from './profileSql';
import { QueryCache, type JsonRow, type QueryOutcome } from './QueryCache';
import { QueryAbortedError, type QueryRunner } from './QueryRunner';
import { resolveCsvScan, type CsvMaterializer, type CsvPiggyback } from './csvSchema';
import type { SourceTables } from './SourceTables';
import { sourceScanSql, sqlIdent, type CsvColumnTypes } from './sourceScan';
import type { ColumnProfile, SourceColumn, TableProfile, TimeColumnStats } from './TableProfile';
import { resolveTableSource, type TableSource } from './TableSource';
import { duckDbTypeToDtype, isIntegerDtype } from './typeMapping';

/**
 * Small sources get exact distinct counts; larger ones HyperLogLog estimates (approximate, capped at
 * the non-null count), which keep the scan a single pass without a hash table per column. Parquet row
 * counts are free (file metadata); a CSV is judged by its size (about 30 bytes a row).
 */
const EXACT_DISTINCT_MAX_ROWS = 250_000;
const EXACT_DISTINCT_MAX_CSV_BYTES = 8 * 1024 * 1024;
const MAX_REMEMBERED_CSV_SCHEMAS = 500;

export type Outcome<T> = { value: T } | { error: string };

/**
 * Reads what the data checks need from table sources, every query through the cache (keyed by the
 * SQL and the sources' path/size/mtime fingerprints). Errors reading data come back as outcomes;
 * a time-limit overrun throws CheckTimeoutError and cancellation throws the abort reason.
 */
export class TableProfiler {
  /** Verified CSV column types by source fingerprint (see csvSchema.ts). */
  private readonly csvTypes = new Map<string, CsvColumnTypes>();

  constructor(
    private readonly host: SpecHost,
    private readonly runner: QueryRunner,
    private readonly cache: QueryCache,
    private readonly timeoutMs: number,
    /** Where the verifying read of a CSV source keeps its rows for the job that follows (see SourceTables.ts). */
    private readonly sourceTables?: SourceTables,
  ) {}

  resolve(table: TableSpec): TableSource | undefined {
    return table.sourcePath ? resolveTableSource(this.host, table.sourcePath) : undefined;
  }

  /**
   * The scan of a source. A CSV source is read with the types `schema()` sniffed and verified for its
   * current files (see csvSchema.ts); before that, or when it could not, with the full-file sniff, which
   * gives the same types and values, only slower.
   */
  scanOf(source: TableSource): string {
    if (!source.format) throw new Error(`source ${source.pattern} is not readable: ${source.problem}`);
    const files = source.files.map((f) => f.path);
    return sourceScanSql(files, source.format, this.csvTypes.get(source.fingerprint));
  }

  /**
   * Any query over the given sources, cached on their fingerprints. Identical queries of concurrent
   * validations share one run; when the caller that started it is cancelled, the others run it again
   * rather than fail with someone else's cancellation.
   */
  async query(sql: string, sources: readonly TableSource[], signal?: AbortSignal): Promise<QueryOutcome> {
    const key = cacheKey(sql, sources);
    // A source whose rows were kept is read from its table; the answer is the same, and is cached as the file's.
    const run = () =>
      this.sourceTables
        ? this.sourceTables.rewrite(
            sql,
            sources.map((s) => s.fingerprint),
          )
        : sql;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.cache.getOrCompute(key, () => this.runner.run(run(), this.timeoutMs, signal));
      } catch (error) {
        if (!(error instanceof QueryAbortedError)) throw error;
        if (signal?.aborted) throw signal.reason;
        if (attempt >= 3) throw error;
      }
    }
  }

  /**
   * The source's columns. With `forProfile` (the table the statistics scan will profile next), a CSV source's
   * verifying pass computes those statistics in the same read, and `profile()` then finds them in the cache.
   */
  async schema(source: TableSource, signal?: AbortSignal, forProfile?: TableSpec): Promise<Outcome<SourceColumn[]>> {
    if (source.problem) return { error: source.problem };
    const types = source.format === 'csv' ? await this.resolveCsvTypes(source, signal, forProfile) : undefined;
    if (types) return { value: types.map((c) => ({ name: c.name, duckDbType: c.type })) };
    const outcome = await this.query(schemaSql(this.scanOf(source)), [source], signal);
    if ('error' in outcome) return { error: this.explain(source, outcome.error) };
    return {
      value: outcome.rows.map((r) => ({ name: String(r.column_name), duckDbType: String(r.column_type) })),
    };
  }

  /**
   * The full profile: one aggregate scan, plus small follow-up queries only when something is wrong
   * (duplicate keys, unparsable time values) to fetch a few example values.
   */
  async profile(
    table: TableSpec,
    source: TableSource,
    columns: readonly SourceColumn[],
    foreignKeys: ReadonlySet<string>,
    signal?: AbortSignal,
  ): Promise<Outcome<TableProfile>> {
    const scan = this.scanOf(source);
    const roles = await this.rolesOf(table, source, columns, scan, signal);
    const outcome = await this.query(profileSql(scan, columns, roles), [source], signal);
    if ('error' in outcome) return { error: this.explain(source, outcome.error) };
    const scanned = parseProfileRow(outcome.rows[0] ?? {}, columns, roles);

    const timeColumns: TimeColumnStats[] = [];
    for (const stats of scanned.timeColumns) {
      let examples: string[] = [];
      if (stats.notTemporalCount > 0) {
        const sql = stats.castable ? notTemporalExamplesSql(scan, stats.column) : sampleValuesSql(scan, stats.column);
        examples = valuesOf(await this.query(sql, [source], signal));
      }
      timeColumns.push({ ...stats, notTemporalExamples: examples });
    }

    const profileColumns = columns.map((column, i): ColumnProfile => {
      const types = columnTypes(table, column, foreignKeys);
      const isPrimaryKey = column.name === roles.primaryKey;
      return {
        ...types,
        duckDbType: column.duckDbType,
        nullCount: scanned.rowCount - scanned.columns[i].nonNull,
        distinctCount:
          isPrimaryKey && scanned.primaryKeyDistinct !== undefined
            ? scanned.primaryKeyDistinct
            : scanned.columns[i].distinct,
        distinctApproximate: !roles.exactDistinct && !isPrimaryKey,
        min: scanned.columns[i].min,
        max: scanned.columns[i].max,
      };
    });

    let primaryKey;
    if (roles.primaryKey && scanned.primaryKeyDistinct !== undefined) {
      const column = profileColumns.find((c) => c.name === roles.primaryKey) as ColumnProfile;
      const nonNull = scanned.rowCount - column.nullCount;
      const duplicates =
        scanned.primaryKeyDistinct < nonNull
          ? await this.query(duplicateKeysSql(scan, roles.primaryKey), [source], signal)
          : { rows: [] };
      primaryKey = parseDuplicateRows(
        'rows' in duplicates ? duplicates.rows : [],
        roles.primaryKey,
        column.nullCount,
        scanned.primaryKeyDistinct,
      );
    }

    return {
      value: {
        table: table.name,
        source: table.source?.value ?? source.pattern,
        files: source.files.map((f) => f.path),
        filesTruncated: source.truncated,
        format: source.format ?? 'csv',
        totalBytes: source.totalBytes,
        rowCount: scanned.rowCount,
        columns: profileColumns,
        timeColumns,
        primaryKey,
        readNote: readNote(table.source?.value ?? source.pattern, source, scanned.rowCount),
      },
    };
  }

  /**
   * What the statistics scan computes for the table (profileRoles), with what file metadata or kept rows tell
   * about its size and integer key. Parquet keeps row counts and per-row-group min/max, so this answers without a
   * scan. A CSV's integer key is counted with a bitmap when its range is known without a read of the file: its rows
   * are kept in a table (a scan of one column's min and max, where count(DISTINCT) over 20M keys took 4.7 s and
   * 1 GB), or a job's validation left that range in the cache.
   */
  private async rolesOf(
    table: TableSpec,
    source: TableSource,
    columns: readonly SourceColumn[],
    scan: string,
    signal?: AbortSignal,
  ): Promise<ProfileRoles> {
    const roles = profileRoles(table, source, columns);
    const pkColumn = columns.find((c) => c.name === roles.primaryKey);
    const integerKey = pkColumn && isIntegerDtype(duckDbTypeToDtype(pkColumn.duckDbType)) ? pkColumn.name : undefined;
    if (source.format === 'parquet') {
      const meta = await this.query(metadataSql(scan, integerKey), [source], signal);
      const row = 'rows' in meta ? meta.rows[0] : undefined;
      if (row) {
        roles.exactDistinct = num(row.n) <= EXACT_DISTINCT_MAX_ROWS;
        if (integerKey) roles.primaryKeyRange = bitmapRange(row.lo, row.hi, num(row.n));
      }
    } else if (integerKey) {
      const sql = metadataSql(scan, integerKey);
      const meta = this.sourceTables?.has(source.fingerprint)
        ? await this.query(sql, [source], signal)
        : await this.cache.peek(cacheKey(sql, [source]));
      const row = meta && 'rows' in meta ? meta.rows[0] : undefined;
      if (row) roles.primaryKeyRange = bitmapRange(row.lo, row.hi, num(row.n));
    }
    return roles;
  }

  /** Sniffs once per fingerprint; the queries behind it are cached like any other, so a warm run reads no file. */
  private async resolveCsvTypes(
    source: TableSource,
    signal?: AbortSignal,
    forProfile?: TableSpec,
  ): Promise<CsvColumnTypes | undefined> {
    const known = this.csvTypes.get(source.fingerprint);
    if (known) return known;
    const files = source.files.map((f) => f.path);
    const remember = (sql: string, outcome: QueryOutcome) => this.remember(sql, [source], outcome);
    // The statistics profile() will ask for, over the verified types' scan, computed over `scan` instead.
    const statistics = (table: TableSpec, scan: string, types: CsvColumnTypes, extra: readonly string[] = []) => {
      const columns = types.map((c) => ({ name: c.name, duckDbType: c.type }));
      return profileSql(scan, columns, profileRoles(table, source, columns), extra);
    };
    // Only a graph table the checks profile is kept: the job loads exactly those.
    const materialize = forProfile && this.materializer(source, signal);
    const piggyback: CsvPiggyback | undefined = materialize
      ? undefined
      : forProfile && {
          sql: (scan, types, extra) => statistics(forProfile, scan, types, extra),
          answered: (types, outcome) =>
            remember(statistics(forProfile, sourceScanSql(files, 'csv', types), types), outcome),
          isCached: async (types) => {
            const scan = sourceScanSql(files, 'csv', types);
            const columns = types.map((c) => ({ name: c.name, duckDbType: c.type }));
            const roles = await this.rolesOf(forProfile, source, columns, scan, signal);
            return (await this.cache.peek(cacheKey(profileSql(scan, columns, roles), [source]))) !== undefined;
          },
        };
    const { types } = await resolveCsvScan(files, (sql) => this.query(sql, [source], signal), {
      piggyback,
      materialize,
      remember,
      cached: (sql) => this.cache.peek(cacheKey(sql, [source])),
    });
    if (!types) return undefined;
    // A long-lived language server sees every version of every file: keep the recent ones only.
    if (this.csvTypes.size >= MAX_REMEMBERED_CSV_SCHEMAS)
      this.csvTypes.delete(this.csvTypes.keys().next().value as string);
    this.csvTypes.set(source.fingerprint, types);
    return types;
  }

  /** Keeps a CSV source's verified rows in `sourceTables`' session, when there is one (see SourceTables.ts). */
  private materializer(source: TableSource, signal?: AbortSignal): CsvMaterializer | undefined {
    const tables = this.sourceTables;
    if (!tables) return undefined;
    const run = (sql: string) => this.runner.run(sql, this.timeoutMs, signal);
    return {
      create: async (select) => {
        const table = tables.newTableName();
        const outcome = await run(`CREATE TABLE ${sqlIdent(table)} AS ${select}`);
        return 'error' in outcome ? outcome : { table };
      },
      query: run,
      adopt: (scan, table, columns) => tables.adopt(source.fingerprint, scan, table, columns),
      discard: async (table) => {
        await run(`DROP TABLE IF EXISTS ${sqlIdent(table)}`);
      },
    };
  }

  /** An answer for `sql` over `sources` that was computed another way (in the same scan as another query). */
  private async remember(sql: string, sources: readonly TableSource[], outcome: QueryOutcome): Promise<void> {
    await this.cache.getOrCompute(cacheKey(sql, sources), async () => outcome);
  }

  /** DuckDB's reason, plus where a CSV goes ragged when that is the cause (DuckDB does not say). */
  private explain(source: TableSource, error: string): string {
    if (source.format !== 'csv') return error;
    // Compressed files cannot be inspected without unpacking them; DuckDB's reason has to do.
    for (const file of source.files.filter((f) => !/\.gz$/i.test(f.path)).slice(0, 20)) {
      const ragged = findRaggedRow(file.path);
      if (ragged) return `${file.path}: ${ragged} (DuckDB: ${error})`;
    }
    return error;
  }
}

/** The cache key of a query over these sources: the SQL and the sources' fingerprints (path, size, mtime). */
function cacheKey(sql: string, sources: readonly TableSource[]): string {
  return QueryCache.keyOf(
    sql,
    sources.map((s) => s.fingerprint),
  );
}

/** What the statistics scan computes for a table's roles: its key's exact distinct count, its time columns. */
function profileRoles(table: TableSpec, source: TableSource, columns: readonly SourceColumn[]): ProfileRoles {
  const has = (name: string | undefined) => name !== undefined && columns.some((c) => c.name === name);
  return {
    primaryKey: has(table.primaryKey?.value) ? table.primaryKey?.value : undefined,
    timeColumns: [table.timeColumn?.value, table.endTimeColumn?.value].filter((n): n is string => has(n)),
    exactDistinct: source.totalBytes <= EXACT_DISTINCT_MAX_CSV_BYTES,
  };
}

export function valuesOf(outcome: QueryOutcome): string[] {
  return 'rows' in outcome ? outcome.rows.map((r: JsonRow) => String(r.v)) : [];
}

/** `read data/drivers.csv, 857 rows` / `read data/events/ (12 files), 50,000,000 rows`. */
export function readNote(label: string, source: TableSource, rowCount?: number): string {
  const files = source.files.length > 1 ? ` (${source.files.length}${source.truncated ? '+' : ''} files)` : '';
  const rows = rowCount === undefined ? '' : `, ${count(rowCount)} row${rowCount === 1 ? '' : 's'}`;
  return `read ${label}${files}${rows}`;
}
