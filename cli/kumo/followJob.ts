import type { JobProgress } from '../../core/jobs/JobRecord';
import { formatJobRef, type JobRef } from '../../core/jobs/JobRef';
import { isTerminalStatus } from '../../core/jobs/JobStatus';
import type { BackendJob, JobBackend } from '../../backend/JobBackend';
import { formatProgress } from './formatBackendJob';

export interface FollowOptions {
  /** Between two polls: Kumo's SDK polls every 10 s (kumo-semantics.md §2, "Polling guidance"). */
  intervalMs: number;
  signal: AbortSignal;
  /** One line per change: a new status, a new stage, progress. */
  report: (line: string) => void;
}

export type FollowOutcome = { detached: false; job: BackendJob } | { detached: true; job?: BackendJob };

/**
 * Follows a job until it ends, reporting what changes (status, stage, `/progress` iterations), as Kumo's
 * SDK attach() does. Ctrl+C (the signal) stops following, never the job: the outcome says it detached.
 */
export async function followJob(backend: JobBackend, ref: JobRef, options: FollowOptions): Promise<FollowOutcome> {
  let last: BackendJob | undefined;
  let lastProgress: JobProgress | undefined;
  let stages = 0;
  try {
    for (;;) {
      const job = await backend.get(ref.id, options.signal);
      if (job.status !== last?.status) options.report(`${formatJobRef(ref)} ${job.status}`);
      for (const event of job.eventLog.slice(stages))
        options.report(`  ${event.stage}${event.detail ? `: ${event.detail}` : ''}`);
      stages = Math.max(stages, job.eventLog.length);
      last = job;
      if (isTerminalStatus(job.status)) return { detached: false, job };
      if (job.status === 'RUNNING') {
        const progress = await backend.progress(ref.id, options.signal);
        if (progress && (progress.completed !== lastProgress?.completed || progress.total !== lastProgress?.total)) {
          const stage = job.eventLog[job.eventLog.length - 1]?.stage ?? 'progress';
          options.report(`  ${stage}: ${formatProgress(progress)}`);
          lastProgress = progress;
        }
      }
      await delay(options.intervalMs, options.signal);
    }
  } catch (error) {
    if (options.signal.aborted) return { detached: true, job: last };
    throw error;
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
