import * as vscode from 'vscode';
import type { BackendJob, JobBackend } from '../../backend/JobBackend';
import type { KumoConnection } from './KumoConnection';
import { KumoJobsPoller, type KumoJobsState } from './KumoJobsPoller';

export type { KumoJobsState };

/**
 * The Kumo jobs the view shows: a KumoJobsPoller over the connection's backend, listed again whenever the
 * connection changes, with its changes as the `onDidChangeJobs` event.
 */
export class KumoJobsModel implements vscode.Disposable {
  private readonly _onDidChangeJobs = new vscode.EventEmitter<KumoJobsState>();
  readonly onDidChangeJobs = this._onDidChangeJobs.event;
  private readonly poller: KumoJobsPoller;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connection: KumoConnection,
    log: vscode.LogOutputChannel,
  ) {
    this.poller = new KumoJobsPoller(
      () => this.backend,
      (state) => this._onDidChangeJobs.fire(state),
      (message) => log.warn(message),
    );
    this.subscription = connection.onDidChangeConnection(() => void this.refresh());
  }

  get state(): KumoJobsState {
    return this.poller.state;
  }

  get jobs(): readonly BackendJob[] {
    return this.poller.jobs;
  }

  find(id: string): BackendJob | undefined {
    return this.jobs.find((job) => job.ref.id === id);
  }

  get backend(): JobBackend | undefined {
    const state = this.connection.state;
    return state.state === 'connected' ? state.backend : undefined;
  }

  /** Lists the jobs again (Refresh, connect, during a run on Kumo, after a cancel). */
  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  dispose(): void {
    this.poller.dispose();
    this.subscription.dispose();
    this._onDidChangeJobs.dispose();
  }
}
