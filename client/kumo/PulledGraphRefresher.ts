import type { BackendJob } from '../../backend/JobBackend';
import type { CliResult } from '../jobs/RelgraphCliWrapper';
import {
  isEndedKumoTraining,
  pulledGraphJobId,
  readPulledGraphCopy,
  stalePulledGraphs,
  type PulledGraphCopy,
} from './stalePulledGraphs';

/** What the refresher needs of the editor (no `vscode` here, so it is tested with the real CLI). */
export interface PulledGraphRefresherHost {
  /** The workspace's pulled graph files (`<folder>/.relgraph/kumo/<job id>.json` at any depth), absolute. */
  findPulledGraphFiles(): Promise<readonly string[]>;
  /**
   * Runs `relgraph <args>` in `cwd` with the Kumo connection in that child's environment only; undefined when it
   * must not run (not connected, Restricted Mode).
   */
  runCli(args: string[], cwd: string): Promise<CliResult> | undefined;
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Keeps the workspace's pulled Kumo training graphs current while the editor is connected to Kumo. When the Kumo
 * section's listing shows a training job with a new last change (`updatedAt`), the workspace's copies of that job
 * that are older than it are pulled again in the background, one at a time, by `relgraph kumo pull kumo:<id>
 * --workspace <folder>` (which checks freshness again itself); the language server watches `.relgraph/kumo/` and
 * re-validates the specs checked against them. Each change is tried once; failures are logged, never shown.
 */
export class PulledGraphRefresher {
  private readonly tried = new Set<string>();
  private listed = '';
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly host: PulledGraphRefresherHost) {}

  /** Kumo's job list changed. Resolves once the copies it made stale are refreshed. */
  jobsChanged(jobs: readonly BackendJob[]): Promise<void> {
    // A running job changes at every step and its copy is left until it ends: only ended jobs start a look at the files.
    const training = jobs.filter(isEndedKumoTraining);
    const listed = training
      .map((j) => `${j.ref.id}|${j.status}|${j.updatedAt}`)
      .sort()
      .join('\n');
    if (listed === this.listed) return this.work;
    this.listed = listed;
    this.work = this.work
      .then(() => this.refresh(training))
      .catch((error) => this.host.warn(`Checking the pulled Kumo training graphs failed: ${messageOf(error)}`));
    return this.work;
  }

  private async refresh(jobs: readonly BackendJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const ids = new Set(jobs.map((j) => j.ref.id));
    const files = (await this.host.findPulledGraphFiles()).filter((f) => ids.has(pulledGraphJobId(f) ?? ''));
    const copies = (await Promise.all(files.map(readPulledGraphCopy))).filter((c): c is PulledGraphCopy => !!c);
    for (const stale of stalePulledGraphs(copies, jobs, this.tried)) {
      const { jobId, workspace, knownChange } = stale.copy;
      const run = this.host.runCli(['kumo', 'pull', `kumo:${jobId}`, '--workspace', workspace], workspace);
      if (!run) {
        this.listed = ''; // not now (disconnected, Restricted Mode): the next listing tries again
        return;
      }
      this.tried.add(stale.key);
      this.host.info(
        `kumo:${jobId} changed on Kumo (${stale.jobUpdatedAt}) since the copy in ${workspace} (${knownChange}): pulling it again`,
      );
      try {
        const result = await run;
        if (result.exitCode === 0) this.host.info(result.stdout.trim());
        else
          this.host.warn(
            `Refreshing the pulled training graph of kumo:${jobId} in ${workspace} failed (relgraph kumo pull, exit ${result.exitCode}); ` +
              `validation goes on against the copy there: ${(result.stderr.trim() || result.stdout.trim()).split('\n').slice(-6).join(' ')}`,
          );
      } catch (error) {
        this.host.warn(
          `Refreshing the pulled training graph of kumo:${jobId} in ${workspace} failed: ${messageOf(error)}`,
        );
      }
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
