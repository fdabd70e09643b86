import * as vscode from 'vscode';
import type { BackendJob, JobBackend } from '../../backend/JobBackend';
import { isTerminalStatus } from '../../backend/jobModel';
import { JobStatusWatcher, type PollIntervals } from '../jobs/JobStatusWatcher';
import type { KumoConnection } from './KumoConnection';

/** Kumo is a remote API: polled less eagerly than the local store, and the list is bounded. */
const KUMO_POLL: PollIntervals = { minMs: 2000, maxMs: 15_000 };
const LIST_LIMIT = 50;

export type KumoJobsState =
  | { state: 'disconnected' }
  | { state: 'loading' }
  | { state: 'loaded'; jobs: readonly BackendJob[] }
  | { state: 'error'; message: string; jobs: readonly BackendJob[] };

/**
 * The jobs of the connected Kumo deployment, read through the JobBackend interface: listed on connect and on
 * Refresh, then, while any job is not terminal, those jobs are read again (`get`, and `progress` while running)
 * on a backing-off poll (JobStatusWatcher); with every job terminal there is no timer. Fires `onDidChangeJobs`
 * when what the view shows changed.
 */
export class KumoJobsModel implements vscode.Disposable {
  private readonly _onDidChangeJobs = new vscode.EventEmitter<KumoJobsState>();
  readonly onDidChangeJobs = this._onDidChangeJobs.event;
  private current: KumoJobsState = { state: 'disconnected' };
  private signature = '';
  private readonly watcher: JobStatusWatcher;
  private generation = 0;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connection: KumoConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = new JobStatusWatcher(() => void this.poll(), undefined, KUMO_POLL);
    this.subscription = connection.onDidChangeConnection(() => void this.refresh());
  }

  get state(): KumoJobsState {
    return this.current;
  }

  get jobs(): readonly BackendJob[] {
    return this.current.state === 'loaded' || this.current.state === 'error' ? this.current.jobs : [];
  }

  find(id: string): BackendJob | undefined {
    return this.jobs.find((job) => job.ref.id === id);
  }

  get backend(): JobBackend | undefined {
    const state = this.connection.state;
    return state.state === 'connected' ? state.backend : undefined;
  }

  /** Lists the jobs again (Refresh, connect, after a launch or a cancel). */
  async refresh(): Promise<void> {
    const backend = this.backend;
    const generation = ++this.generation;
    if (!backend) {
      this.watcher.jobsLoaded(false, false);
      this.update({ state: 'disconnected' });
      return;
    }
    if (this.current.state === 'disconnected') this.update({ state: 'loading' });
    try {
      const listing = await backend.list({ limit: LIST_LIMIT });
      if (generation !== this.generation) return;
      for (const item of listing.unreadable) this.log.warn(`Skipped Kumo job ${item.source}: ${item.reason}`);
      this.loaded(await this.withProgress(backend, listing.jobs));
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed(error);
    }
  }

  /** Reads the jobs that can still change; the others are kept as they are. */
  private async poll(): Promise<void> {
    const backend = this.backend;
    if (!backend) return;
    const generation = this.generation;
    try {
      const jobs = await Promise.all(
        this.jobs.map((job) => (isTerminalStatus(job.status) ? job : backend.get(job.ref.id))),
      );
      if (generation !== this.generation) return;
      this.loaded(await this.withProgress(backend, jobs));
    } catch (error) {
      if (generation === this.generation) this.failed(error);
    }
  }

  private async withProgress(backend: JobBackend, jobs: BackendJob[]): Promise<BackendJob[]> {
    return Promise.all(
      jobs.map(async (job) => {
        if (job.status !== 'RUNNING' || job.progress) return job;
        const progress = await backend.progress(job.ref.id).catch(() => undefined);
        return progress ? { ...job, progress } : job;
      }),
    );
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
    this.log.warn(`Reading the Kumo jobs failed: ${message}`);
    // A failed read keeps polling only if jobs were running: Kumo may be back at the next poll.
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
    this._onDidChangeJobs.fire(state);
    return true;
  }

  dispose(): void {
    this.generation++;
    this.watcher.dispose();
    this.subscription.dispose();
    this._onDidChangeJobs.dispose();
  }
}
