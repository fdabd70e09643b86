import type { RemoteConsole } from 'vscode-languageserver';
import type { GraphSpec, TableSpec } from '../../core/spec/SpecModel';
import type { TableProfile } from '../../data/TableProfile';

/** What hover and completion need from the data tier (data/DataValidator provides it). */
export interface TableProfiler {
  /** `graph` tells which columns are foreign keys (their profile counts dangling keys). */
  profileTable(
    table: TableSpec,
    signal?: AbortSignal,
    options?: { graph?: GraphSpec },
  ): Promise<TableProfile | undefined>;
  columnsOf(table: TableSpec, signal?: AbortSignal, options?: { graph?: GraphSpec }): Promise<string[]>;
}
export type TableProfilerFactory = () => Promise<TableProfiler>;

/**
 * How long a request waits for the data by default: a hover or completion that takes longer answers
 * without it (and the data is ready next time). The first request also pays for loading DuckDB.
 */
export const DEFAULT_DATA_WAIT_MS = 3000;

/**
 * Column names and table profiles for hover and completion. The data tier caches query results by the
 * sources' fingerprints (so a changed file is re-read); this class only shares in-flight work, bounds how
 * long a request waits, and turns a data tier that cannot load (no DuckDB) or a source that cannot be read
 * into "no data" instead of an error.
 */
export class TableDataService {
  private profiler?: Promise<TableProfiler>;
  private readonly pending = new Map<string, Promise<TableProfile | undefined>>();

  constructor(
    private readonly createProfiler: TableProfilerFactory,
    private readonly console: RemoteConsole,
    private readonly waitMs = DEFAULT_DATA_WAIT_MS,
    /** False in an untrusted workspace (Restricted Mode): then no data file is read. */
    private readonly mayReadData: () => boolean = () => true,
  ) {}

  /** Columns of the table's source, or [] when it cannot (or may not) be read. `graph`: the graph it is in. */
  async columnsOf(table: TableSpec, graph: GraphSpec | undefined): Promise<string[]> {
    if (!table.sourcePath || !this.mayReadData()) return [];
    try {
      return await withDeadline((await this.loadProfiler()).columnsOf(table, undefined, { graph }), this.waitMs, []);
    } catch (error) {
      this.console.log(`Columns of ${table.name} unavailable: ${errorText(error)}`);
      return [];
    }
  }

  /** The table's profile, or undefined when it is not ready in time or cannot be read. */
  async profileOf(table: TableSpec, graph?: GraphSpec): Promise<TableProfile | undefined> {
    if (!table.sourcePath || !this.mayReadData()) return undefined;
    const key = `${table.sourcePath}\0${table.primaryKey?.value}\0${table.timeColumn?.value}`;
    let profile = this.pending.get(key);
    if (!profile) {
      profile = this.loadProfiler()
        .then((profiler) => profiler.profileTable(table, undefined, { graph }))
        .catch((error) => {
          this.console.log(`Profile of ${table.name} unavailable: ${errorText(error)}`);
          return undefined;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, profile);
    }
    return withDeadline(profile, this.waitMs, undefined);
  }

  private loadProfiler(): Promise<TableProfiler> {
    if (!this.profiler) {
      this.profiler = this.createProfiler();
      this.profiler.catch(() => (this.profiler = undefined));
    }
    return this.profiler;
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
