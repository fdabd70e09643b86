import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isValidJobId, jobIdOfRecordFile } from '../../core/jobs/jobIds';
import { jobFiles, jobsDirOf } from '../../core/jobs/jobPaths';
import type { JobKind, JobRecord } from '../../core/jobs/JobRecord';
import { isTerminalStatus } from '../../core/jobs/JobStatus';
import { writeFileAtomic } from './atomicFile';
import { findWorkspace } from './jobWorkspace';
import { newJobId } from './newJobId';
import { currentJobProcess } from './processLiveness';
import { readJobLog, readRecordFile } from './recordFiles';

export interface NewJob {
  kind: JobKind;
  /** The spec file the job runs (read to hash it). */
  specPath: string;
  specName: string;
  tags?: Record<string, string>;
  /** Batch predictions: the final paths of the outputs the job may write, given the job's own folder. */
  outputPaths?: (jobFolder: string) => string[];
}

/** A readable record of a store, with where it lives. */
export interface StoredJob {
  record: JobRecord;
  /** The folder whose `.relgraph/jobs/` holds the record (what the CLI's `--workspace` takes). */
  workspace: string;
  /** The record file. */
  file: string;
  /** A cancellation was requested (`<id>.cancel` exists) and the job has not stopped yet. */
  cancelRequested: boolean;
}

/** A record file that exists but was refused: it never hides the other jobs. */
export interface UnreadableRecord {
  file: string;
  reason: string;
}

export interface StoreListing {
  /** Newest first. */
  jobs: StoredJob[];
  unreadable: UnreadableRecord[];
}

export type RecordLookup =
  | { state: 'ok'; job: StoredJob }
  | { state: 'missing' }
  | { state: 'unreadable'; problem: UnreadableRecord };

/** Thrown for a job id that is malformed or has no record. */
export class UnknownJobError extends Error {}

/** Thrown when a job's record exists but cannot be trusted; the message names the file and the reason. */
export class UnreadableJobError extends Error {
  constructor(readonly problem: UnreadableRecord) {
    super(`the record ${problem.file} cannot be used: ${problem.reason}`);
  }
}

/**
 * The job store of one workspace: `<workspace>/.relgraph/jobs/<id>.json` (the record), `<id>.log`
 * (the log), `<id>.cancel` (a cancel request) and `<id>/` (the job's files). DuckDB-free, so the client
 * bundle can load it.
 *
 * Reading never writes: every record goes through the one parser (core/jobs/parseJobRecord), and a
 * record it refuses is reported as unreadable with its file and reason. Writing is the engine's: while a
 * job runs, only its own process writes its record (every write is atomic), so readers never see a torn
 * record and no lock is needed. Other processes only add a cancel marker, or settle a record whose
 * process is gone (orphanedJobs.ts).
 */
export class LocalJobStore {
  readonly jobsDir: string;

  constructor(readonly workspace: string) {
    this.jobsDir = jobsDirOf(workspace);
  }

  /** The store of the workspace a spec (or a folder) belongs to. */
  static forPath(specOrDir: string): LocalJobStore {
    return new LocalJobStore(findWorkspace(specOrDir));
  }

  recordPath(id: string): string {
    return jobFiles(this.jobsDir, checkedId(id)).record;
  }
  logPath(id: string): string {
    return jobFiles(this.jobsDir, checkedId(id)).log;
  }
  artifactDir(id: string): string {
    return jobFiles(this.jobsDir, checkedId(id)).folder;
  }
  cancelMarkerPath(id: string): string {
    return jobFiles(this.jobsDir, checkedId(id)).cancelMarker;
  }

  /** One job by id: its record, or why there is none. */
  lookup(id: string): RecordLookup {
    if (!isValidJobId(id)) return { state: 'missing' };
    const file = this.recordPath(id);
    const parsed = readRecordFile(file);
    if (parsed.ok) return { state: 'ok', job: this.stored(parsed.record, file) };
    return 'missing' in parsed
      ? { state: 'missing' }
      : { state: 'unreadable', problem: { file, reason: parsed.reason } };
  }

  /** The record, or undefined when there is none or it is unreadable. */
  get(id: string): JobRecord | undefined {
    const found = this.lookup(id);
    return found.state === 'ok' ? found.job.record : undefined;
  }

  /** Like get, but throws a message naming the store (missing) or the file and reason (unreadable). */
  require(id: string): JobRecord {
    const found = this.lookup(id);
    if (found.state === 'ok') return found.job.record;
    if (found.state === 'unreadable') throw new UnreadableJobError(found.problem);
    if (!isValidJobId(id))
      throw new UnknownJobError(`'${id}' is not a job id (expected trainingjob-... or bp-job-...)`);
    throw new UnknownJobError(`no job '${id}' in ${this.jobsDir}`);
  }

  /** Every record file of the store: the readable ones newest first, and the unreadable ones. */
  listing(): StoreListing {
    let names: string[];
    try {
      names = fs.readdirSync(this.jobsDir);
    } catch {
      return { jobs: [], unreadable: [] };
    }
    const jobs: StoredJob[] = [];
    const unreadable: UnreadableRecord[] = [];
    for (const name of names.sort()) {
      // `.<name>.tmp-...` files are in-flight atomic writes: never read them.
      if (!jobIdOfRecordFile(name)) continue;
      const file = path.join(this.jobsDir, name);
      const parsed = readRecordFile(file);
      if (parsed.ok) jobs.push(this.stored(parsed.record, file));
      else if (!('missing' in parsed)) unreadable.push({ file, reason: parsed.reason });
    }
    return { jobs: jobs.sort((a, b) => newestFirst(a.record, b.record)), unreadable };
  }

  /** Every readable record, newest first. */
  list(): JobRecord[] {
    return this.listing().jobs.map((j) => j.record);
  }

  /** Creates a NOT_STARTED record owned by this process, with its log and its (empty) artifact folder. */
  create(job: NewJob, now = new Date()): JobRecord {
    fs.mkdirSync(this.jobsDir, { recursive: true });
    const id = newJobId(job.kind, now);
    const at = now.toISOString();
    const record: JobRecord = {
      formatVersion: 1,
      id,
      kind: job.kind,
      status: 'NOT_STARTED',
      createdAt: at,
      updatedAt: at,
      spec: { path: path.resolve(job.specPath), name: job.specName, sha256: sha256OfFile(job.specPath) },
      eventLog: [],
      artifacts: [],
      ...(job.outputPaths ? { outputPaths: job.outputPaths(this.artifactDir(id)).map((p) => path.resolve(p)) } : {}),
      process: currentJobProcess(),
      logPath: this.logPath(id),
      artifactDir: this.artifactDir(id),
      tags: { ...(job.tags ?? {}) },
    };
    fs.mkdirSync(record.artifactDir);
    this.write(record);
    fs.appendFileSync(record.logPath, `${at} job ${id} created for ${record.spec.path}\n`);
    return record;
  }

  /** Read-modify-write of one record; `endedAt` follows the status. Returns the written record. */
  update(id: string, mutate: (record: JobRecord) => void, now = new Date()): JobRecord {
    const record = this.require(id);
    mutate(record);
    record.updatedAt = now.toISOString();
    if (isTerminalStatus(record.status) && !record.endedAt) record.endedAt = record.updatedAt;
    this.write(record);
    return record;
  }

  appendLog(id: string, message: string, now = new Date()): void {
    const lines = message.replace(/\n+$/, '').split('\n');
    fs.appendFileSync(this.logPath(id), lines.map((line) => `${now.toISOString()} ${line}\n`).join(''));
  }

  readLog(id: string): string {
    return readJobLog(this.logPath(id));
  }

  isCancelRequested(id: string): boolean {
    return fs.existsSync(this.cancelMarkerPath(id));
  }

  requestCancelMarker(id: string): void {
    fs.writeFileSync(this.cancelMarkerPath(id), `${new Date().toISOString()} cancel requested by pid ${process.pid}\n`);
  }

  clearCancelRequest(id: string): void {
    fs.rmSync(this.cancelMarkerPath(id), { force: true });
  }

  private stored(record: JobRecord, file: string): StoredJob {
    const cancelRequested = !isTerminalStatus(record.status) && fs.existsSync(this.cancelMarkerPath(record.id));
    return { record, workspace: this.workspace, file, cancelRequested };
  }

  private write(record: JobRecord): void {
    writeFileAtomic(this.recordPath(record.id), JSON.stringify(record, null, 2) + '\n');
  }
}

function checkedId(id: string): string {
  if (!isValidJobId(id)) throw new UnknownJobError(`'${id}' is not a job id (expected trainingjob-... or bp-job-...)`);
  return id;
}

/** Newest first; equal instants by id, so listings are stable. */
export function newestFirst(a: JobRecord, b: JobRecord): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Specs are small; a record may name anything as its spec (a device, a pipe), which is never read whole. */
const MAX_HASHED_BYTES = 64 * 1024 * 1024;

/** sha256 (hex) of a regular file's bytes; '' when it cannot be read (or is not a plain, bounded file). */
export function sha256OfFile(file: string): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_HASHED_BYTES) return '';
    return createHash('sha256').update(fs.readFileSync(fd)).digest('hex');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
