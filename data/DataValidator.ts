import type { SpecDiagnostic } from '../core/diagnostics/SpecDiagnostic';
import type { SpecHost } from '../core/host/SpecHost';
import type { GraphSpec, TableSpec } from '../core/spec/SpecModel';
import type { SpecValidation } from '../core/validation/SpecValidation';
import { DataCheckContext } from './checks/DataCheckContext';
import { checkDestinationFiles } from './checks/destinationChecks';
import { checkEdges } from './checks/edgeChecks';
import { checkNullTargets } from './checks/nullTargetChecks';
import { checkQueryColumns } from './checks/queryColumnChecks';
import { loadTable, profileTable } from './checks/tableChecks';
import { checkTemporal } from './checks/temporalChecks';
import { checkAgainstTrainingData } from './checks/trainingDiffChecks';
import { defaultCacheDir, QueryCache } from './QueryCache';
import { CheckTimeoutError, QueryRunner } from './QueryRunner';
import type { TableProfile } from './TableProfile';
import { TableProfiler } from './TableProfiler';

/** Generous for a 50-million-row scan on two cores; the language server passes a shorter one. */
export const DEFAULT_CHECK_TIMEOUT_MS = 120_000;

export interface DataValidatorOptions {
  host: SpecHost;
  /** Time limit of each data query; an overrun yields `data-check-incomplete`. */
  timeoutMs?: number;
  /** Where query results persist across processes; defaults to a per-user folder under the OS temp dir. */
  cacheDir?: string;
  /** `false` keeps results in memory only (tests, read-only machines). */
  diskCache?: boolean;
  /** DuckDB worker threads (default: all cores). */
  threads?: number;
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

  constructor(options: DataValidatorOptions) {
    this.runner = new QueryRunner({ threads: options.threads });
    this.cache = new QueryCache(options.diskCache === false ? undefined : (options.cacheDir ?? defaultCacheDir()));
    this.profiler = new TableProfiler(
      options.host,
      this.runner,
      this.cache,
      options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    );
  }

  /**
   * The data diagnostics of one statically validated spec. Tables whose source static validation
   * already rejected are skipped. Rejects with the abort reason when `signal` aborts.
   */
  async validate(v: SpecValidation, signal?: AbortSignal): Promise<SpecDiagnostic[]> {
    const ctx = new DataCheckContext(v, this.profiler, signal);
    checkDestinationFiles(v, ctx.sink);
    const graph = v.graph;
    if (!graph) return ctx.sink.diagnostics;
    if (ctx.ownsGraph(graph)) {
      for (const table of graph.tables) await profileTable(ctx, await loadTable(ctx, graph, table));
      await checkEdges(ctx, graph);
    }
    if (v.query && v.spec?.kind !== 'graph') {
      await checkQueryColumns(ctx, graph, v.query);
      await checkNullTargets(ctx, graph, v.query);
      await checkTemporal(ctx, graph, v.query);
    }
    await checkAgainstTrainingData(ctx, graph);
    signal?.throwIfAborted();
    return ctx.sink.diagnostics;
  }

  /** Statistics of one table for hover; undefined when its source cannot be read. */
  async profileTable(
    table: TableSpec,
    signal?: AbortSignal,
    options: { graph?: GraphSpec } = {},
  ): Promise<TableProfile | undefined> {
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
  async columnsOf(table: TableSpec, signal?: AbortSignal): Promise<string[]> {
    const source = this.profiler.resolve(table);
    if (!source || source.problem) return [];
    const schema = await withoutTimeout(() => this.profiler.schema(source, signal));
    return schema && 'value' in schema ? schema.value.map((c) => c.name) : [];
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
