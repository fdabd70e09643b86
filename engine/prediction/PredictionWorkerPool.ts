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

/**
 * A pool of prediction worker threads that score feature batches (see predictionWorker). Created early in a job
 * so the threads load their code while the parent loads tables and chooses rows; always `destroy()` it.
 */
export class PredictionWorkerPool {
  private readonly pool: Piscina;
  /** Shared with every task: 1 once the job is cancelled, so batches not yet started are given up. */
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));

  constructor(readonly workers: number) {
    this.pool = new Piscina({
      filename: predictionWorkerFile(),
      minThreads: workers,
      maxThreads: workers,
      // One batch per worker at a time: scoring is synchronous, a second batch would only wait in the thread.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  }

  /**
   * Scores one batch on the next free worker. The batch's feature buffer is moved to the worker (not copied):
   * the caller must not touch `task.values` afterwards.
   */
  async score(task: Omit<PredictionWorkerTask, 'cancelFlag'>): Promise<PredictionArrays> {
    const transferList = [task.values.buffer as ArrayBuffer];
    return (await this.pool.run({ ...task, cancelFlag: this.cancelFlag }, { transferList })) as PredictionArrays;
  }

  /**
   * Tells the workers to give up batches they have not started. Workers are never terminated mid-task: the
   * caller waits for the batches in flight to settle (see scorePredictionRows).
   */
  cancel(): void {
    Atomics.store(this.cancelFlag, 0, 1);
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
