import * as os from 'node:os';
import * as path from 'node:path';
import { Piscina } from 'piscina';
import type { PredictionArrays } from './PredictionArrays';
import type { PredictionWorkerTask } from './predictionWorker';

/**
 * The worker script: the bundled `dist/engine/predictionWorker.js` next to the bundle that runs (dist/cli,
 * dist/server), or, from the TypeScript sources, a bootstrap that registers tsx in the worker first.
 */
export function predictionWorkerFile(): string {
  const here = typeof __filename === 'string' ? __filename : '';
  if (here.endsWith('.ts')) return path.join(path.dirname(here), 'predictionWorkerSource.cjs');
  return path.join(path.dirname(here), '..', 'engine', 'predictionWorker.js');
}

/** DuckDB threads per worker so that workers x threads stays within the machine's cores. */
export function threadsPerWorker(workers: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

/**
 * A pool of prediction worker threads, each with its own DuckDB. Created early in a job so the threads
 * load their code (and DuckDB's native library) while the parent is still loading tables and choosing
 * rows; always `destroy()` it.
 */
export class PredictionWorkerPool {
  private readonly pool: Piscina;

  constructor(readonly workers: number) {
    this.pool = new Piscina({
      filename: predictionWorkerFile(),
      minThreads: workers,
      maxThreads: workers,
      // One slice per worker at a time: a worker's DuckDB connection runs one query at a time anyway.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  }

  /**
   * Runs the slices and returns their arrays in slice order, whatever order they finish in. An abort is
   * cooperative: a shared flag tells every worker to interrupt its DuckDB query (DuckDB's own interrupt)
   * and give up its slice, and this waits until every slice has settled before rejecting with the
   * signal's reason. Workers are never terminated while native code runs in them: terminating a thread
   * inside a DuckDB call aborts the whole process (`terminate called after throwing 'Napi::Error'`).
   */
  async run(
    tasks: readonly Omit<PredictionWorkerTask, 'cancelFlag'>[],
    options: { signal?: AbortSignal; onSliceDone?: (done: number, total: number) => void } = {},
  ): Promise<PredictionArrays[]> {
    const { signal } = options;
    signal?.throwIfAborted();
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    const raise = () => Atomics.store(cancelFlag, 0, 1);
    signal?.addEventListener('abort', raise, { once: true });
    let done = 0;
    try {
      const settled = await Promise.allSettled(
        tasks.map(async (task) => {
          const result = (await this.pool.run({ ...task, cancelFlag })) as PredictionArrays;
          options.onSliceDone?.(++done, tasks.length);
          return result;
        }),
      );
      if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((s) => (s as PromiseFulfilledResult<PredictionArrays>).value);
    } finally {
      signal?.removeEventListener('abort', raise);
    }
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
