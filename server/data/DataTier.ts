import type { SpecHost } from '../../core/host/SpecHost';
import type { DataValidator } from '../../data/DataValidator';
import type { DataChecker } from '../validation/DataCheckRunner';
import type { TableProfiler } from './TableDataService';

/** Editor-side timeout for hover and completion reads (data checks use the `relgraph.dataChecks.timeoutMs` setting). */
const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The data tier as the language server uses it: one DataValidator (one DuckDB, one query cache) shared
 * by the data checks, hover and completion. It is imported on first use, so the server starts without
 * loading DuckDB, and a machine where DuckDB cannot load still gets every static feature.
 */
export class DataTier {
  private validator?: Promise<DataValidator>;
  private timeoutMs = DEFAULT_TIMEOUT_MS;

  constructor(private readonly host: SpecHost) {}

  /** The validator with this time limit per query; a changed limit replaces the validator. */
  checker(timeoutMs: number): Promise<DataChecker> {
    if (timeoutMs !== this.timeoutMs) {
      this.dispose();
      this.timeoutMs = timeoutMs;
    }
    return this.load();
  }

  profiler(): Promise<TableProfiler> {
    return this.load();
  }

  dispose(): void {
    const previous = this.validator;
    this.validator = undefined;
    void previous?.then((validator) => validator.dispose(), () => undefined);
  }

  private load(): Promise<DataValidator> {
    if (!this.validator) {
      const loading = import('../../data/DataValidator').then(
        // One DuckDB thread: the language server shares two cores with the editor.
        ({ DataValidator }) => new DataValidator({ host: this.host, timeoutMs: this.timeoutMs, threads: 1 }),
      );
      // A tier that failed to load is retried on the next use rather than remembered as broken.
      loading.catch(() => {
        if (this.validator === loading) this.validator = undefined;
      });
      this.validator = loading;
    }
    return this.validator;
  }
}
