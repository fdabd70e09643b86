import type { BackendJob, JobBackend } from '../../backend/JobBackend';
import { isTerminalStatus } from '../../backend/jobModel';
import { JobStatusWatcher, REAL_TIMER, type PollIntervals, type PollTimer } from '../jobs/JobStatusWatcher';

/** Kumo is a remote API: polled less eagerly than the local store, and the list is bounded. */
export const KUMO_POLL: PollIntervals = { minMs: 2000, maxMs: 15_000 };
export const KUMO_LIST_LIMIT = 50;

export type KumoJobsState =
  | { state: 'disconnected' }
  | { state: 'loading' }
  | { state: 'loaded'; jobs: readonly BackendJob[] }
  | { state: 'error'; message: string; jobs: readonly BackendJob[] };

/**
 * The jobs of a Kumo deployment, read through the JobBackend interface (no `vscode` here, so it is tested against
 * the Kumo contract stand-in): `refresh` lists them; then, while any job is not terminal, those jobs alone are read
 * again (`get`, and `progress` while running) on a backing-off poll (JobStatusWatcher); with every job terminal
 * there is no timer. A failed read keeps the last jobs, says why, and keeps polling while jobs were running.
 * `onChange` is called when what a view shows changed.
 */
export class KumoJobsPoller {
  private current: KumoJobsState = { state: 'disconnected' };
  private signature = '';
  private readonly watcher: JobStatusWatcher;
  private generation = 0;

  constructor(
    private readonly backend: () => JobBackend | undefined,
    private readonly onChange: (state: KumoJobsState) => void,
    private readonly onWarning: (message: string) => void,
    timer: PollTimer = REAL_TIMER,
  ) {
    this.watcher = new JobStatusWatcher(() => void this.poll(), timer, KUMO_POLL);
  }

  get state(): KumoJobsState {
    return this.current;
  }

  get jobs(): readonly BackendJob[] {
    return this.current.state === 'loaded' || this.current.state === 'error' ? this.current.jobs : [];
  }

  /** Whether a poll is scheduled (some listed job is not terminal). */
  get polling(): boolean {
    return this.watcher.state === 'polling';
  }

  async refresh(): Promise<void> {
    const backend = this.backend();
    const generation = ++this.generation;
    if (!backend) {
      this.watcher.jobsLoaded(false, false);
      this.update({ state: 'disconnected' });
      return;
    }
    if (this.current.state === 'disconnected') this.update({ state: 'loading' });
    try {
      const listing = await backend.list({ limit: KUMO_LIST_LIMIT });
      if (generation !== this.generation) return;
      for (const item of listing.unreadable) this.onWarning(`Skipped Kumo job ${item.source}: ${item.reason}`);
      const jobs = await withProgress(backend, listing.jobs);
      if (generation === this.generation) this.loaded(jobs);
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    }
  }

  /** Reads the jobs that can still change; the others are kept as they are. */
  async poll(): Promise<void> {
    const backend = this.backend();
    if (!backend) return;
    const generation = this.generation;
    try {
      const jobs = await Promise.all(
        this.jobs.map((job) => (isTerminalStatus(job.status) ? job : backend.get(job.ref.id))),
      );
      const withIterations = await withProgress(backend, jobs);
      if (generation === this.generation) this.loaded(withIterations);
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    }
  }

  private loaded(jobs: BackendJob[]): void {
    const changed = this.update({ state: 'loaded', jobs });
    this.watcher.jobsLoaded(
      jobs.some((job) => !isTerminalStatus(job.status)),
      changed,
    );
  }

  private failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.onWarning(`Reading the Kumo jobs failed: ${message}`);
    const jobs = this.jobs;
    this.update({ state: 'error', message, jobs });
    this.watcher.jobsLoaded(
      jobs.some((job) => !isTerminalStatus(job.status)),
      false,
    );
  }

  private update(state: KumoJobsState): boolean {
    const jobs = state.state === 'loaded' || state.state === 'error' ? state.jobs : [];
    const signature = [
      state.state,
      state.state === 'error' ? state.message : '',
      ...jobs.map((j) => `${j.ref.id}|${j.status}|${j.updatedAt}|${j.progress?.completed}/${j.progress?.total}`),
    ].join('\n');
    this.current = state;
    if (signature === this.signature) return false;
    this.signature = signature;
    this.onChange(state);
    return true;
  }

  dispose(): void {
    this.generation++;
    this.watcher.dispose();
  }
}

/** Iterations of each running job the backend's listing left out. */
async function withProgress(backend: JobBackend, jobs: BackendJob[]): Promise<BackendJob[]> {
  return Promise.all(
    jobs.map(async (job) => {
      if (job.status !== 'RUNNING' || job.progress) return job;
      const progress = await backend.progress(job.ref.id).catch(() => undefined);
      return progress ? { ...job, progress } : job;
    }),
  );
}
