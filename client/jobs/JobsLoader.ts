import type { JobBackend, LocalJobDetails } from '../../backend/JobBackend';

/** One job as the views show it: the record (as readers see it) plus where it lives. */
export type LoadedJob = LocalJobDetails;

export interface JobFileProblem {
  file: string;
  reason: string;
}

export interface JobsSnapshot {
  /** Newest first. */
  jobs: LoadedJob[];
  /** Records that could not be read, each reported once until it is fixed or fails for another reason. */
  problems: JobFileProblem[];
}

/**
 * Reads the local jobs for the Jobs view through the JobBackend seam (the editor's LocalJobBackend, which
 * only reads): the job stores' records through the one record parser, newest first, a job whose process
 * died shown FAILED with the reason exactly as `relgraph jobs list` reports it, nothing written. The
 * backend lists every store on each call; this class only remembers which unreadable records it already
 * reported, so that a watcher reloading on every progress write does not repeat the same warning.
 */
export class JobsLoader {
  private reported = new Map<string, string>();

  constructor(private readonly backend: JobBackend) {}

  async load(signal?: AbortSignal): Promise<JobsSnapshot> {
    const listing = await this.backend.list({}, signal);
    // Only a local backend's jobs carry their record and store; the Jobs view shows local jobs.
    const jobs = listing.jobs.flatMap((job) => (job.local ? [job.local] : []));
    const problems: JobFileProblem[] = [];
    const current = new Map<string, string>();
    for (const { source, reason } of listing.unreadable) {
      current.set(source, reason);
      if (this.reported.get(source) !== reason) problems.push({ file: source, reason });
    }
    this.reported = current;
    return { jobs, problems };
  }
}
