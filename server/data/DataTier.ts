import type { SpecHost } from '../../core/host/SpecHost';
import type { DataValidator } from '../../data/DataValidator';
import type { SourceAccessPolicy } from '../../data/SourceAccessPolicy';
import type { DataChecker } from '../validation/DataCheckRunner';
import type { TableProfiler } from './TableDataService';

/** Editor-side timeout for hover and completion reads (data checks use the `relgraph.dataChecks.timeoutMs` setting). */
const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The data tier as the language server uses it: two DataValidators, one for the background data checks
 * and one for hover and completion, because a DataValidator runs one query at a time and a hover must
 * not wait behind a scan of every table. Both share the on-disk query cache. The tier is imported on
 * first use, so the server starts without loading DuckDB, and a machine where DuckDB cannot load still
 * gets every static feature.
 */
export class DataTier {
  private background?: Promise<DataValidator>;
  private interactive?: Promise<DataValidator>;
  private timeoutMs = DEFAULT_TIMEOUT_MS;

  constructor(
    private readonly host: SpecHost,
    /** Which sources may be read: inside the workspace folder, unless the user allowed more. */
    private readonly sourceAccess: SourceAccessPolicy,
    /** Where a problem with the cache folder is told once (the server's log). */
    private readonly log?: { warn(message: string): void },
  ) {}

  /** The background validator with this time limit per query; a changed limit replaces it. */
  checker(timeoutMs: number): Promise<DataChecker> {
    if (timeoutMs !== this.timeoutMs) {
      release(this.background);
      this.background = undefined;
      this.timeoutMs = timeoutMs;
    }
    this.background ??= this.load(timeoutMs, () => (this.background = undefined));
    return this.background;
  }

  profiler(): Promise<TableProfiler> {
    return this.scaffolder();
  }

  /** The interactive validator, for the editor's scaffold requests (reads a few schemas, like a hover). */
  scaffolder(): Promise<DataValidator> {
    this.interactive ??= this.load(DEFAULT_TIMEOUT_MS, () => (this.interactive = undefined));
    return this.interactive;
  }

  dispose(): void {
    release(this.background);
    release(this.interactive);
    this.background = this.interactive = undefined;
  }

  private load(timeoutMs: number, forget: () => void): Promise<DataValidator> {
    const loading = import('../../data/DataValidator').then(
      // One DuckDB thread each: the language server shares the machine's cores with the editor.
      ({ DataValidator }) =>
        new DataValidator({
          host: this.host,
          timeoutMs,
          threads: 1,
          sourceAccess: this.sourceAccess,
          onWarning: this.log ? (message) => this.log?.warn(`Relgraph: ${message}`) : undefined,
        }),
    );
    // A tier that failed to load is retried on the next use rather than remembered as broken.
    loading.catch(forget);
    return loading;
  }
}

function release(validator: Promise<DataValidator> | undefined): void {
  void validator?.then(
    (v) => v.dispose(),
    () => undefined,
  );
}
