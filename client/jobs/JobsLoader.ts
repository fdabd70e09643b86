import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JobProcess, JobRecord } from '../../core/jobs/JobRecord';
import { JobStore } from '../../engine/jobs/JobStore';
import { isValidJobId } from '../../engine/jobs/jobIds';
import { isTerminalStatus } from '../../core/jobs/JobStatus';
import { jobProcessState } from '../../engine/jobs/processLiveness';
import { RELGRAPH_DIR } from '../../engine/jobs/workspace';
import { parseJobRecord, type ParsedJobRecord } from './jobRecordParsing';

/** One job as the views show it: the record plus where it lives. */
export interface LoadedJob {
  record: JobRecord;
  /** The folder whose `.relgraph/jobs/` holds the record: what the CLI's `--workspace` takes. */
  workspace: string;
  /** The record file. */
  file: string;
  /** A cancellation was requested (`<id>.cancel` exists) and the job has not stopped yet. */
  cancelRequested: boolean;
}

export interface JobFileProblem {
  file: string;
  reason: string;
}

export interface JobsSnapshot {
  /** Newest first. */
  jobs: LoadedJob[];
  /** Records that could not be read, each reported once per version of the file. */
  problems: JobFileProblem[];
  /** Jobs this load found orphaned (their process died) and recorded as FAILED, as the CLI does. */
  settled: JobRecord[];
}

export interface JobsLoaderDependencies {
  /** Whether a job's owning process still runs (engine/jobs: pid + start time on this host). */
  processState(owner: JobProcess): 'alive' | 'dead' | 'unknown';
  /** Records FAILED every orphaned job of a workspace; engine/jobs' JobStore.markDeadJobs. */
  settleDeadJobs(workspace: string): JobRecord[];
}

const ENGINE: JobsLoaderDependencies = {
  processState: jobProcessState,
  settleDeadJobs: (workspace) => new JobStore(workspace).markDeadJobs(),
};

interface CachedFile {
  mtimeMs: number;
  size: number;
  parsed: ParsedJobRecord;
}

/**
 * Reads the job records of several job stores. Unchanged files (same mtime and size) are not parsed
 * again, so the watcher can reload on every progress write of a running job. A job whose process died
 * is settled with the engine's own logic (`JobStore.markDeadJobs`), so the view shows exactly what
 * `relgraph jobs list` would: the job store has one truth, whichever reader looks first.
 */
export class JobsLoader {
  private readonly cache = new Map<string, CachedFile>();

  constructor(private readonly dependencies: JobsLoaderDependencies = ENGINE) {}

  load(workspaces: readonly string[]): JobsSnapshot {
    const jobs: LoadedJob[] = [];
    const problems: JobFileProblem[] = [];
    const settled: JobRecord[] = [];
    const seen = new Set<string>();
    for (const workspace of workspaces) {
      let loaded = this.loadStore(workspace, problems, seen);
      if (loaded.some((job) => this.isOrphan(job.record))) {
        try {
          settled.push(...this.dependencies.settleDeadJobs(workspace));
        } catch (error) {
          problems.push({ file: jobsDirOf(workspace), reason: `could not record a dead job: ${messageOf(error)}` });
        }
        loaded = this.loadStore(workspace, problems, seen);
      }
      jobs.push(...loaded);
    }
    for (const file of this.cache.keys()) if (!seen.has(file)) this.cache.delete(file);
    jobs.sort(
      (a, b) =>
        compare(b.record.createdAt, a.record.createdAt) ||
        compare(b.record.id, a.record.id) ||
        compare(a.workspace, b.workspace),
    );
    return { jobs, problems, settled };
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
      const parsed = this.parse(file, id, problems);
      if (!parsed?.ok) continue;
      const record = parsed.record;
      const cancelRequested = !isTerminalStatus(record.status) && fs.existsSync(path.join(dir, `${id}.cancel`));
      jobs.push({ record, workspace, file, cancelRequested });
    }
    return jobs;
  }

  private parse(file: string, id: string, problems: JobFileProblem[]): ParsedJobRecord | undefined {
    let stat: fs.Stats;
    let text: string;
    try {
      stat = fs.statSync(file);
      const cached = this.cache.get(file);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.parsed;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined; // removed between readdir and read
    }
    const parsed = parseJobRecord(text, id);
    this.cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, parsed });
    if (!parsed.ok) problems.push({ file, reason: parsed.reason });
    return parsed;
  }

  private isOrphan(record: JobRecord): boolean {
    return (
      !isTerminalStatus(record.status) &&
      record.process !== undefined &&
      this.dependencies.processState(record.process) === 'dead'
    );
  }
}

export function jobsDirOf(workspace: string): string {
  return path.join(workspace, RELGRAPH_DIR, 'jobs');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
