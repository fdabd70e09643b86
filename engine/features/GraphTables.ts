import * as fs from 'node:fs';
import type { Dtype, GraphSpec, Stype } from '../../core/spec/SpecModel';
import type { TrainingTableMetadata } from '../../core/spec/TrainingGraphMetadata';
import { sessionSourceScan } from '../../data/csvSchema';
import type { DuckDbSession } from '../../data/DuckDbSession';
import type { QueryCache } from '../../data/QueryCache';
import { MAX_SOURCE_FILES, sourceFingerprint } from '../../data/TableSource';
import { sourceFormatOf, sqlIdent, sqlString, type SourceFormat } from '../../data/sourceScan';
import { dtypeOfSqlType, inferStype, isNumericDtype } from './columnTypes';

/**
 * The graph's tables loaded into one DuckDB session, the input of feature building and of training-
 * table generation. Each graph table becomes a DuckDB table (`relation`) with its time columns cast to
 * TIMESTAMP, so every query downstream compares times without caring how the source spelled them.
 *
 *   const graph = await loadGraphTables(session, graphSourcesFromSpec(spec, host.resolveSource), {});
 *   const features = await buildFeatures(session, graph, plan, 'my_entity_anchors');
 */
export interface LoadedGraph {
  /** By graph table name (the key under `tables:`). */
  tables: Map<string, LoadedTable>;
  edges: GraphEdge[];
}

export interface GraphEdge {
  srcTable: string;
  fkey: string;
  dstTable: string;
}

export interface LoadedTable {
  name: string;
  /** The DuckDB table holding the rows (already quoted-safe: use `sqlIdent(relation)`). */
  relation: string;
  primaryKey?: string;
  timeColumn?: string;
  endTimeColumn?: string;
  columns: LoadedColumn[];
  rowCount: number;
}

export interface LoadedColumn {
  name: string;
  /** DuckDB type as DESCRIBE prints it. */
  sqlType: string;
  dtype: Dtype;
  stype: Stype;
  /** The spec set the stype (`columns:`), so the engine never second-guesses it (see columnRoles). */
  stypeFromSpec?: boolean;
}

/**
 * The job log's note on the tables whose rows the validation before the job read (`preloaded`), or undefined when
 * there are none: `read once: customers, orders (the rows the validation before the job read)`.
 */
export function readOnceNote(
  input: { sources: GraphTableSource[] },
  preloaded: ReadonlyMap<string, string> | undefined,
): string | undefined {
  const kept = input.sources.filter((s) => s.fingerprint && preloaded?.has(s.fingerprint));
  if (kept.length === 0) return undefined;
  return `read once: ${kept.map((s) => s.name).join(', ')} (the rows the validation before the job read)`;
}

/** One graph table's source files and the spec's declarations about it. */
export interface GraphTableSource {
  name: string;
  files: string[];
  format: SourceFormat;
  /** The data tier's fingerprint of exactly these files (TableSource), when it has one for them. */
  fingerprint?: string;
  primaryKey?: string;
  timeColumn?: string;
  endTimeColumn?: string;
  /** Per-column overrides from the spec; excluded columns are dropped at load. */
  columns?: { name: string; stype?: Stype; dtype?: Dtype; exclude?: boolean }[];
}

export interface LoadGraphOptions {
  /**
   * Drops rows whose time column is after this ISO timestamp, as if the data ended there. Benchmarks
   * use it to hide test-period rows; tests use it to prove that features never look past an anchor.
   */
  notAfter?: string;
  signal?: AbortSignal;
  /**
   * The data tier's query cache (openDataCheckCache): a CSV source that the validation before the job
   * verified (see csvSchema.ts) is not verified again, which is a full read of the file.
   */
  dataCache?: QueryCache;
  /**
   * By source fingerprint, what reads rows that the validation before the job already read into this session
   * (data/SourceTables.ts): such a table is a view over them, not a second read of its files.
   */
  preloaded?: ReadonlyMap<string, string>;
}

/**
 * The sources of a parsed graph spec. `resolveSource` is SpecHost.resolveSource (directories and
 * globs become their files); a table without files is an error naming the table and its source.
 */
export function graphSourcesFromSpec(
  graph: GraphSpec,
  resolveSource: (absolutePathOrGlob: string, limit: number) => string[],
): { sources: GraphTableSource[]; edges: GraphEdge[] } {
  const sources = graph.tables.map((table): GraphTableSource => {
    const where = table.source?.value ?? '(no source)';
    if (!table.sourcePath) throw new Error(`table '${table.name}' has no source in ${graph.path}`);
    const files = resolveSource(table.sourcePath, 100_000);
    if (files.length === 0) throw new Error(`table '${table.name}': source '${where}' matches no file`);
    const format = sourceFormatOf(files[0]);
    if (!format) throw new Error(`table '${table.name}': '${files[0]}' is neither CSV nor Parquet`);
    return {
      name: table.name,
      files,
      format,
      ...dataTierFingerprint(table.sourcePath, files),
      primaryKey: table.primaryKey?.value,
      timeColumn: table.timeColumn?.value,
      endTimeColumn: table.endTimeColumn?.value,
      columns: table.columns.map((c) => ({
        name: c.name,
        stype: c.stype?.value,
        dtype: c.dtype?.value,
        exclude: c.exclude,
      })),
    };
  });
  const edges = graph.edges.map((e) => ({
    srcTable: e.srcTable.value,
    fkey: e.fkey.value,
    dstTable: e.dstTable.value,
  }));
  return { sources, edges };
}

/**
 * The fingerprint the data tier gives the source (TableSource), from the files resolved here: the data tier
 * resolves the same pattern the same way but reads at most MAX_SOURCE_FILES of it, so a larger source gets
 * none and is verified by the job. A file that cannot be stat'ed gets none either (the load reports it).
 */
function dataTierFingerprint(pattern: string, files: readonly string[]): { fingerprint?: string } {
  if (files.length > MAX_SOURCE_FILES) return {};
  try {
    const stats = files.map((file) => {
      const stat = fs.statSync(file);
      return { path: file, size: stat.size, mtimeMs: stat.mtimeMs };
    });
    return { fingerprint: sourceFingerprint(pattern, false, stats) };
  } catch {
    return {};
  }
}

/** Loads every source into the session (as `rg_<n>_<name>` tables) and profiles its columns. */
export async function loadGraphTables(
  session: DuckDbSession,
  input: { sources: GraphTableSource[]; edges: GraphEdge[] },
  options: LoadGraphOptions = {},
): Promise<LoadedGraph> {
  const tables = new Map<string, LoadedTable>();
  const keyColumns = keyColumnsByTable(input);
  for (const [index, source] of input.sources.entries()) {
    const relation = `rg_${index}_${source.name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    const table = await loadOne(session, source, relation, keyColumns.get(source.name) ?? new Set(), options);
    tables.set(source.name, table);
  }
  return { tables, edges: input.edges };
}

function keyColumnsByTable(input: { sources: GraphTableSource[]; edges: GraphEdge[] }): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  const add = (table: string, column: string | undefined) => {
    if (!column) return;
    if (!keys.has(table)) keys.set(table, new Set());
    keys.get(table)!.add(column);
  };
  for (const source of input.sources) add(source.name, source.primaryKey);
  for (const edge of input.edges) add(edge.srcTable, edge.fkey);
  return keys;
}

async function loadOne(
  session: DuckDbSession,
  source: GraphTableSource,
  relation: string,
  keys: Set<string>,
  options: LoadGraphOptions,
): Promise<LoadedTable> {
  // CSV: types sniffed over a sample and verified against every row once, instead of a full sniff per query.
  const cached =
    options.dataCache && source.fingerprint ? { cache: options.dataCache, fingerprint: source.fingerprint } : undefined;
  const preloaded = source.fingerprint ? options.preloaded?.get(source.fingerprint) : undefined;
  const scan = preloaded ?? (await sessionSourceScan(session, source.files, source.format, options.signal, cached));
  const described = await session.rows(`DESCRIBE SELECT * FROM ${scan}`, options.signal);
  const present = new Set(described.map((d) => String(d.column_name)));
  const overrides = new Map((source.columns ?? []).map((c) => [c.name, c]));
  for (const column of [source.primaryKey, source.timeColumn, source.endTimeColumn]) {
    if (column && !present.has(column)) {
      throw new Error(`table '${source.name}': column '${column}' is not in ${source.files[0]}`);
    }
  }
  const timeColumns = new Set([source.timeColumn, source.endTimeColumn].filter((c): c is string => !!c));
  const selected = described
    .map((d) => ({ name: String(d.column_name), sqlType: String(d.column_type) }))
    .filter((c) => !overrides.get(c.name)?.exclude || keys.has(c.name) || timeColumns.has(c.name));
  const selectList = selected.map((c) => {
    const id = sqlIdent(c.name);
    if (timeColumns.has(c.name)) return `CAST(${id} AS TIMESTAMP) AS ${id}`;
    const dtype = overrides.get(c.name)?.dtype;
    if (dtype && isNumericDtype(dtype) && !isNumericDtype(dtypeOfSqlType(c.sqlType))) {
      return `TRY_CAST(${id} AS DOUBLE) AS ${id}`;
    }
    return id;
  });
  const where =
    options.notAfter && source.timeColumn
      ? ` WHERE CAST(${sqlIdent(source.timeColumn)} AS TIMESTAMP) <= CAST(${sqlString(options.notAfter)} AS TIMESTAMP)`
      : '';
  try {
    await session.run(
      `CREATE OR REPLACE ${preloaded ? 'VIEW' : 'TABLE'} ${sqlIdent(relation)} AS ` +
        `SELECT ${selectList.join(', ')} FROM ${scan}${where}`,
      options.signal,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`table '${source.name}': cannot load ${source.files[0]}: ${message}`);
  }
  const loadedTypes = await session.rows(`DESCRIBE ${sqlIdent(relation)}`, options.signal);
  const profile = await profileStrings(session, relation, loadedTypes, options.signal);
  const columns = loadedTypes.map((d): LoadedColumn => {
    const name = String(d.column_name);
    const sqlType = String(d.column_type);
    const override = overrides.get(name);
    const dtype = override?.dtype ?? dtypeOfSqlType(sqlType);
    const role = keys.has(name) ? 'key' : timeColumns.has(name) ? 'time' : 'value';
    const stype = override?.stype ?? inferStype(dtype, role, profile.columns.get(name));
    return { name, sqlType, dtype, stype, ...(override?.stype ? { stypeFromSpec: true } : {}) };
  });
  return {
    name: source.name,
    relation,
    primaryKey: source.primaryKey,
    timeColumn: source.timeColumn,
    endTimeColumn: source.endTimeColumn,
    columns,
    rowCount: profile.rowCount,
  };
}

/** Row count and, for string columns, non-null and approximate distinct counts in one scan. */
async function profileStrings(
  session: DuckDbSession,
  relation: string,
  described: Record<string, unknown>[],
  signal?: AbortSignal,
): Promise<{ rowCount: number; columns: Map<string, { nonNullCount: number; distinctCount: number }> }> {
  const strings = described
    .map((d) => String(d.column_name))
    .filter((_, i) => String(described[i].column_type) === 'VARCHAR');
  const parts = ['count(*) AS n'];
  strings.forEach((name, i) => {
    parts.push(`count(${sqlIdent(name)}) AS c${i}`, `approx_count_distinct(${sqlIdent(name)}) AS d${i}`);
  });
  const [row] = await session.rows(`SELECT ${parts.join(', ')} FROM ${sqlIdent(relation)}`, signal);
  const columns = new Map<string, { nonNullCount: number; distinctCount: number }>();
  strings.forEach((name, i) => {
    columns.set(name, { nonNullCount: Number(row[`c${i}`]), distinctCount: Number(row[`d${i}`]) });
  });
  return { rowCount: Number(row.n), columns };
}

/** The table part of TrainingGraphMetadata: what a prediction graph must match. */
export function tableMetadata(graph: LoadedGraph): TrainingTableMetadata[] {
  return [...graph.tables.values()].map((t) => ({
    name: t.name,
    primaryKey: t.primaryKey,
    timeColumn: t.timeColumn,
    endTimeColumn: t.endTimeColumn,
    columns: t.columns.map((c) => ({ name: c.name, dtype: c.dtype, stype: c.stype })),
  }));
}

/**
 * The latest value of any time column in the graph (epoch 0 when no table has one). Static queries
 * build features at this single anchor, so every row counts as known, at training and prediction alike.
 */
export async function latestGraphTime(session: DuckDbSession, graph: LoadedGraph, signal?: AbortSignal): Promise<Date> {
  const parts = [...graph.tables.values()]
    .filter((t) => t.timeColumn)
    .map((t) => `SELECT max(${sqlIdent(t.timeColumn!)}) AS hi FROM ${sqlIdent(t.relation)}`);
  if (parts.length === 0) return new Date(0);
  const [row] = await session.rows(`SELECT epoch_ms(max(hi)) AS hi FROM (${parts.join(' UNION ALL ')})`, signal);
  return row.hi === null ? new Date(0) : new Date(Number(row.hi));
}
