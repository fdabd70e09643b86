import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTerminalStatus, isValidJobId } from '../../backend/jobModel';
import { jobsDirOf } from '../../backend/local/jobWorkspace';
import type { StoredJob } from '../../backend/local/LocalJobStore';
import { asSeen } from '../../backend/local/orphanedJobs';
import { readRecordFile, type JobRecordParse } from '../../backend/local/recordFiles';

/** One job as the views show it: the record (as readers see it) plus where it lives. */
export type LoadedJob = StoredJob;

export interface JobFileProblem {
  file: string;
  reason: string;
}

export interface JobsSnapshot {
  /** Newest first. */
  jobs: LoadedJob[];
  /** Records that could not be read, each reported once per version of the file. */
  problems: JobFileProblem[];
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  parsed: JobRecordParse;
}

/**
 * Reads the job records of several job stores through the backend's one record parser. It never writes
 * to a store: a job whose process died is shown FAILED with the reason (backend/local/orphanedJobs.asSeen)
 * exactly as `relgraph jobs list` reports it, and the CLI or the next run records it so. Unchanged files
 * (same mtime and size) are not parsed again, so the watcher can reload on every progress write.
 */
export class JobsLoader {
  private readonly cache = new Map<string, CachedFile>();

  load(workspaces: readonly string[]): JobsSnapshot {
    const jobs: LoadedJob[] = [];
    const problems: JobFileProblem[] = [];
    const seen = new Set<string>();
    for (const workspace of workspaces) jobs.push(...this.loadStore(workspace, problems, seen));
    for (const file of this.cache.keys()) if (!seen.has(file)) this.cache.delete(file);
    jobs.sort(
      (a, b) =>
        compare(b.record.createdAt, a.record.createdAt) ||
        compare(b.record.id, a.record.id) ||
        compare(a.workspace, b.workspace),
    );
    return { jobs, problems };
  }

  private loadStore(workspace: string, problems: JobFileProblem[], seen: Set<string>): LoadedJob[] {
    const dir = jobsDirOf(workspace);
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return []; // the store was deleted: its jobs disappear from the view
    }
    const jobs: LoadedJob[] = [];
    for (const name of names) {
      // `.<name>.tmp-...` files are the engine's in-flight atomic writes: never read them.
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!isValidJobId(id)) continue;
      const file = path.join(dir, name);
      seen.add(file);
      const parsed = this.parse(file, problems);
      if (!parsed?.ok) continue;
      const record = parsed.record;
      const cancelRequested = !isTerminalStatus(record.status) && fs.existsSync(path.join(dir, `${id}.cancel`));
      jobs.push(asSeen({ record, workspace, file, cancelRequested }));
    }
    return jobs;
  }

  private parse(file: string, problems: JobFileProblem[]): JobRecordParse | undefined {
    // lstat: a record that is a symlink is refused by readRecordFile, not followed here either.
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      return undefined; // removed between readdir and read
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.parsed;
    const parsed = readRecordFile(file);
    if (!parsed.ok && 'missing' in parsed) return undefined;
    this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, parsed });
    if (!parsed.ok) problems.push({ file, reason: parsed.reason });
    return parsed;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
