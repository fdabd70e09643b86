import type { SpecDiagnostic } from '../core/diagnostics/SpecDiagnostic';
import { checkQueryNumbers } from '../core/pql/pqlNumberRules';
import type { SpecHost } from '../core/host/SpecHost';
import type { TaskTypeInference } from '../core/pql/inferTaskType';
import type { GraphSpec, TableSpec } from '../core/spec/SpecModel';
import type { SpecValidation } from '../core/validation/SpecValidation';
import { DataCheckContext } from './checks/DataCheckContext';
import { checkDestinationFiles } from './checks/destinationChecks';
import { checkEdges } from './checks/edgeChecks';
import { checkNullTargets } from './checks/nullTargetChecks';
import { checkQueryColumns } from './checks/queryColumnChecks';
import { checkPredictionSettingsWithData, checkQueryColumnKinds, taskTypeWithData } from './checks/queryTypeChecks';
import { loadTable, profileTable } from './checks/tableChecks';
import { checkTemporal } from './checks/temporalChecks';
import { checkTrainingTimeRange } from './checks/timeRangeChecks';
import { checkAgainstTrainingData } from './checks/trainingDiffChecks';
import * as path from 'node:path';
import { usableCacheDirectory, userCacheDir } from './cacheDirectory';
import { dataCheckCacheFolder } from './dataCheckCache';
import { QueryCache } from './QueryCache';
import type { SourceAccessPolicy, SourceRefusal } from './SourceAccessPolicy';
import { CheckTimeoutError, QueryRunner } from './QueryRunner';
import type { SourceColumn, TableProfile } from './TableProfile';
import type { SourceTables } from './SourceTables';
import { TableProfiler, type Outcome } from './TableProfiler';
import { MAX_SOURCE_FILES, resolveTableSource } from './TableSource';

/** Generous for a 50-million-row scan on two cores; the language server passes a shorter one. */
export const DEFAULT_CHECK_TIMEOUT_MS = 120_000;

export interface DataValidatorOptions {
  host: SpecHost;
  /** Time limit of each data query; an overrun yields `data-check-incomplete`. */
  timeoutMs?: number;
  /**
   * Relgraph's cache folder: query results persist in its `data-checks/`, DuckDB spills into its
   * `duckdb-spill/`. Defaults to the user's cache directory (`userCacheDir`). Used only when it belongs to
   * the user alone (see `usableCacheDirectory`); otherwise `onWarning` hears why, once, and nothing persists.
   */
  cacheDir?: string;
  /** `false` keeps results in memory only (tests, read-only machines). */
  diskCache?: boolean;
  /** Where a problem with the cache folder is told (the CLI's stderr, the language server's log). Default: stderr. */
  onWarning?: (message: string) => void;
  /** DuckDB worker threads (default: all cores). */
  threads?: number;
  /** Which source files may be read (default: any); a refused source gets `source-outside-workspace`. */
  sourceAccess?: SourceAccessPolicy;
  /**
   * The validation before a job: queries run on the job's session, and the read that verifies a CSV graph table
   * keeps its rows there for the job (see SourceTables.ts).
   */
  sourceTables?: SourceTables;
}

/**
 * The data tier: reads the sources behind a validated spec with DuckDB and reports what only the data
 * can tell (codes in docs/data-checks.md). Every query is cached by SQL text and the sources' (path,
 * size, mtime), in memory and on disk, so re-validating unchanged data costs milliseconds. Sources
 * are only ever read; spec text reaches SQL only as escaped literals and identifiers.
 */
export class DataValidator {
  private readonly runner: QueryRunner;
  private readonly cache: QueryCache;
  private readonly profiler: TableProfiler;
  private readonly host: SpecHost;
  private readonly sourceAccess?: SourceAccessPolicy;

  constructor(options: DataValidatorOptions) {
    this.host = options.host;
    this.sourceAccess = options.sourceAccess;
    const warn = options.onWarning ?? ((message: string) => process.stderr.write(`relgraph: ${message}\n`));
    const requested = options.cacheDir ?? userCacheDir();
    const cacheDir = requested ? usableCacheDirectory(requested, warn) : undefined;
    this.runner = new QueryRunner({
      threads: options.threads,
      spillDir: cacheDir ? path.join(cacheDir, 'duckdb-spill') : undefined,
      session: options.sourceTables?.session,
    });
    this.cache = new QueryCache(options.diskCache === false || !cacheDir ? undefined : dataCheckCacheFolder(cacheDir));
    this.profiler = new TableProfiler(
      options.host,
      this.runner,
      this.cache,
      options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
      options.sourceTables,
    );
  }

  /**
   * The data diagnostics of one statically validated spec. Tables whose source static validation
   * already rejected are skipped. Rejects with the abort reason when `signal` aborts.
   */
  async validate(v: SpecValidation, signal?: AbortSignal): Promise<SpecDiagnostic[]> {
    const ctx = new DataCheckContext(v, this.profiler, signal, (table, graph) => this.refusalOf(table, graph.path));
    checkDestinationFiles(v, ctx.sink);
    const graph = v.graph;
    if (!graph) return ctx.sink.diagnostics;
    if (ctx.ownsGraph(graph)) {
      for (const table of graph.tables) await profileTable(ctx, await loadTable(ctx, graph, table));
      await checkEdges(ctx, graph);
    }
    // A query with a number the engine cannot run (`1e400`) is reported statically; its SQL is never built.
    if (v.query && v.spec?.kind !== 'graph' && checkQueryNumbers(v.query, '').length === 0) {
      await checkQueryColumns(ctx, graph, v.query);
      await checkQueryColumnKinds(ctx, graph, v.query);
      await checkPredictionSettingsWithData(ctx);
      await checkNullTargets(ctx, graph, v.query);
      await checkTemporal(ctx, graph, v.query);
      await checkTrainingTimeRange(ctx, graph, v.query);
    }
    await checkAgainstTrainingData(ctx, graph);
    signal?.throwIfAborted();
    return ctx.sink.diagnostics;
  }

  /**
   * The task type of a training spec's query, or of a prediction spec's model, decided with the target
   * column's values when they matter (two values make a binary target). Undefined without a query.
   */
  async taskType(v: SpecValidation, signal?: AbortSignal): Promise<TaskTypeInference | undefined> {
    if (!v.taskTypeInference?.dependsOnData) return v.taskTypeInference;
    return withoutTimeout(() => taskTypeWithData(new DataCheckContext(v, this.profiler, signal)));
  }

  /** Statistics of one table for hover; undefined when its source cannot be read. */
  async profileTable(
    table: TableSpec,
    signal?: AbortSignal,
    options: { graph?: GraphSpec } = {},
  ): Promise<TableProfile | undefined> {
    if (this.refusedWithout(table, options.graph)) return undefined;
    const source = this.profiler.resolve(table);
    if (!source || source.problem) return undefined;
    return withoutTimeout(async () => {
      const schema = await this.profiler.schema(source, signal);
      if ('error' in schema) return undefined;
      const foreignKeys = new Set(
        (options.graph?.edges ?? []).filter((e) => e.srcTable.value === table.name).map((e) => e.fkey.value),
      );
      const profile = await this.profiler.profile(table, source, schema.value, foreignKeys, signal);
      return 'value' in profile ? profile.value : undefined;
    });
  }

  /** Column names of a table's source for completion (no scan of the rows); [] when unreadable. */
  async columnsOf(table: TableSpec, signal?: AbortSignal, options: { graph?: GraphSpec } = {}): Promise<string[]> {
    if (this.refusedWithout(table, options.graph)) return [];
    const source = this.profiler.resolve(table);
    if (!source || source.problem) return [];
    const schema = await withoutTimeout(() => this.profiler.schema(source, signal));
    return schema && 'value' in schema ? schema.value.map((c) => c.name) : [];
  }

  /**
   * Column names and DuckDB types of any source (a file, a folder of parts or a glob, absolute), read
   * exactly as a table `source` is (DESCRIBE: Parquet footers; a CSV is read by DuckDB's type sniffer,
   * so the types are the ones validation will see), cached like every data query, or why it cannot be read.
   */
  async sourceSchema(absolutePathOrGlob: string, signal?: AbortSignal): Promise<Outcome<SourceColumn[]>> {
    const source = resolveTableSource(this.host, absolutePathOrGlob);
    try {
      return await this.profiler.schema(source, signal);
    } catch (error) {
      if (error instanceof CheckTimeoutError) return { error: `reading its columns ${error.message}` };
      throw error;
    }
  }

  /**
   * Why a table's source may not be read, checked on the file names alone (no byte of a refused file
   * is read, not even to sniff its format). `specPath`: the file that defines the table's graph.
   */
  private refusalOf(table: TableSpec, specPath: string): SourceRefusal | undefined {
    if (!this.sourceAccess || !table.sourcePath) return undefined;
    for (const file of this.host.resolveSource(table.sourcePath, MAX_SOURCE_FILES + 1)) {
      const refusal = this.sourceAccess.refusal(specPath, file);
      if (refusal) return refusal;
    }
    return undefined;
  }

  /** Hover and completion: without the graph (the spec the table is in) a policy cannot allow a read. */
  private refusedWithout(table: TableSpec, graph: GraphSpec | undefined): boolean {
    if (!this.sourceAccess) return false;
    return !graph || this.refusalOf(table, graph.path) !== undefined;
  }

  /** How many queries this validator sent to DuckDB; re-validating unchanged data sends none. */
  get queriesRun(): number {
    return this.runner.queriesRun;
  }

  /** Forgets cached results, in memory and on disk. */
  clearCache(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.runner.dispose();
  }
}

/** Hover and completion have nothing to show for a read that ran out of time. */
async function withoutTimeout<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CheckTimeoutError) return undefined;
    throw error;
  }
}
