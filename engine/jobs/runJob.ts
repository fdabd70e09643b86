import type { JobArtifact, JobRecord } from '../../core/jobs/JobRecord';
import type { LocalJobStore } from '../../backend/local/LocalJobStore';
import { commitRenames, type PlannedRename } from '../../backend/local/outputCommit';
import { removeJobPath } from '../../backend/local/safeRemove';
import { currentJobProcess } from '../../backend/local/processLiveness';
import { isAcceptedScratchPath } from '../../core/jobs/parseJobRecord';

/** What a job's body sees: its cancellation signal and the ways to report on itself. */
export interface JobContext {
  readonly id: string;
  readonly store: LocalJobStore;
  /** Aborts on `relgraph jobs cancel`, SIGTERM/SIGINT (through the caller's signal), or the caller. */
  readonly signal: AbortSignal;
  /** Starts a stage: appended to the record's event log and the log file. */
  stage(name: string, detail?: string): void;
  /**
   * Progress of the current long stage (it stays in the record until a later stage reports its own);
   * written at most every `progressIntervalMs`, and always when completed reaches total.
   */
  progress(completed: number, total: number): void;
  log(message: string): void;
  /** Registers a temporary output path, deleted if the job fails, is cancelled or its process dies. */
  addScratchPath(file: string): void;
  /** Unregisters a temporary path once it was renamed into place or deleted. */
  removeScratchPath(file: string): void;
  addArtifact(artifact: JobArtifact): void;
  /** Runs after the job's final record is written, whatever the outcome (releases destination locks). */
  defer(cleanup: () => void): void;
}

export interface JobOutcome {
  summary: Record<string, unknown>;
  /**
   * Outputs fully written under temporary names: runJob renames them into place together (journaled in the
   * record, undone on failure or by whoever settles a dead job) and records them as artifacts with DONE.
   */
  staged?: StagedOutputs;
}

export interface StagedOutputs {
  renames: PlannedRename[];
  /** The artifacts once renamed: recorded with the DONE status, never before. */
  artifacts: JobArtifact[];
  /** Deletes the temporary files (the job did not get as far as committing them). */
  discard(): void;
}

export interface RunJobOptions {
  /** The caller's cancellation (the CLI aborts it on SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** How often the cancel marker is polled. */
  cancelPollMs?: number;
  progressIntervalMs?: number;
  /** Called with each stage as it starts (the CLI prints them). */
  onStage?: (stage: string, detail?: string) => void;
}

/**
 * Runs a job's body in this process and keeps its record true at every moment: RUNNING with this
 * process as owner, then exactly one of DONE (with the summary), CANCELLED or FAILED (with the reason),
 * having removed every temporary file the body registered. Resolves with the final record; never throws
 * for the body's errors (they are in the record).
 */
export async function runJob(
  store: LocalJobStore,
  id: string,
  body: (context: JobContext) => Promise<JobOutcome>,
  options: RunJobOptions = {},
): Promise<JobRecord> {
  const cancelled = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, cancelled.signal]) : cancelled.signal;
  const poll = setInterval(() => {
    if (!cancelled.signal.aborted && store.isCancelRequested(id)) {
      cancelled.abort(new Error('cancelled by `relgraph jobs cancel`'));
    }
  }, options.cancelPollMs ?? 200);
  // Not unref'd: a job waiting only on its cancel signal must keep the process alive until it is cancelled
  // (the interval is cleared when the job ends).

  const scratch = new Set<string>();
  const deferred: (() => void)[] = [];
  const progressInterval = options.progressIntervalMs ?? 250;
  let lastProgressWrite = 0;
  let currentStage: string | undefined;

  store.update(id, (r) => {
    r.status = 'RUNNING';
    r.startedAt = new Date().toISOString();
    r.process = currentJobProcess();
  });

  const context: JobContext = {
    id,
    store,
    signal,
    stage(name, detail) {
      // Besides the poll, every stage boundary honours a pending cancel request at once.
      if (!cancelled.signal.aborted && store.isCancelRequested(id)) {
        cancelled.abort(new Error('cancelled by `relgraph jobs cancel`'));
      }
      currentStage = name;
      const at = new Date().toISOString();
      store.update(id, (r) => {
        r.eventLog.push({ stage: name, at, ...(detail ? { detail } : {}) });
      });
      store.appendLog(id, `[${name}]${detail ? ` ${detail}` : ''}`);
      options.onStage?.(name, detail);
    },
    progress(completed, total) {
      const now = Date.now();
      if (completed < total && now - lastProgressWrite < progressInterval) return;
      lastProgressWrite = now;
      store.update(id, (r) => {
        r.progress = { completed, total };
      });
    },
    log(message) {
      store.appendLog(id, message);
    },
    addScratchPath(file) {
      const record = store.require(id);
      if (!isAcceptedScratchPath(file, record.artifactDir, record.outputPaths ?? [])) {
        // The record would no longer parse (readers refuse such a record): a bug in the job, not a user error.
        throw new Error(
          `internal error: ${file} is neither in the job's folder nor a temporary name beside its outputs`,
        );
      }
      scratch.add(file);
      store.update(id, (r) => {
        r.scratchPaths = [...scratch];
      });
    },
    removeScratchPath(file) {
      if (!scratch.delete(file)) return;
      store.update(id, (r) => {
        r.scratchPaths = [...scratch];
      });
    },
    addArtifact(artifact) {
      store.update(id, (r) => {
        r.artifacts.push(artifact);
      });
    },
    defer(cleanup) {
      deferred.push(cleanup);
    },
  };

  let staged: StagedOutputs | undefined;
  try {
    if (store.isCancelRequested(id)) cancelled.abort(new Error('cancelled by `relgraph jobs cancel`'));
    signal.throwIfAborted();
    const outcome = await body(context);
    staged = outcome.staged;
    // The last moment a cancel counts: after it the outputs are renamed into place and the job is DONE.
    if (store.isCancelRequested(id)) cancelled.abort(new Error('cancelled by `relgraph jobs cancel`'));
    signal.throwIfAborted();
    const earlier = staged
      ? commitRenames(staged.renames, id, { begin: (commit) => store.update(id, (r) => (r.commit = commit)) })
      : [];
    for (const rename of staged?.renames ?? []) scratch.delete(rename.staged);
    staged = undefined;
    removeAll(store, id, scratch);
    store.appendLog(id, 'DONE');
    const done = store.update(id, (r) => {
      r.status = 'DONE';
      r.summary = outcome.summary;
      r.artifacts.push(...(outcome.staged?.artifacts ?? []));
      // The outputs these replaced, moved aside by the commit: deleted once DONE is on disk.
      r.scratchPaths = earlier;
      delete r.commit;
      if (r.progress) r.progress.completed = r.progress.total;
    });
    if (earlier.length === 0) return done;
    for (const file of earlier) removeJobPath(done, store.jobsDir, file);
    return store.update(id, (r) => (r.scratchPaths = []));
  } catch (error) {
    staged?.discard();
    removeAll(store, id, scratch);
    const wasCancelled = signal.aborted;
    const message = wasCancelled
      ? store.isCancelRequested(id)
        ? 'cancelled by `relgraph jobs cancel`'
        : cancelReason(signal)
      : error instanceof Error
        ? error.message
        : String(error);
    const status = wasCancelled ? 'CANCELLED' : 'FAILED';
    store.appendLog(id, `${status}: ${message}`);
    if (!wasCancelled && error instanceof Error && error.stack) store.appendLog(id, error.stack);
    return store.update(id, (r) => {
      r.status = status;
      r.error = { message, ...(currentStage ? { stage: currentStage } : {}) };
      r.scratchPaths = [];
      delete r.commit;
    });
  } finally {
    clearInterval(poll);
    store.clearCancelRequest(id);
    for (const cleanup of deferred.splice(0).reverse()) {
      try {
        cleanup();
      } catch {
        // Best effort: a lock left behind is taken over once this process is gone.
      }
    }
  }
}

/** Deletes the job's registered temporary files, each checked to be the job's own like any deletion. */
function removeAll(store: LocalJobStore, id: string, paths: Set<string>): void {
  const record = store.get(id);
  if (record) for (const file of paths) removeJobPath(record, store.jobsDir, file);
  paths.clear();
}

function cancelReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  if (typeof reason === 'string') return reason;
  return 'cancelled (interrupted)';
}
