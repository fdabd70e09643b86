import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicFile';
import type { JobKind, JobRecord } from '../../core/jobs/JobRecord';
import { isValidJobId, newJobId } from './jobIds';
import { isJobStatus, isTerminalStatus } from '../../core/jobs/JobStatus';
import { currentJobProcess, jobProcessState } from './processLiveness';
import { RELGRAPH_DIR, findWorkspace } from './workspace';

export interface NewJob {
  kind: JobKind;
  /** The spec file the job runs (read to hash it). */
  specPath: string;
  specName: string;
  tags?: Record<string, string>;
}

/** Thrown for a job id that is malformed or has no record. */
export class UnknownJobError extends Error {}

/**
 * The job store of one workspace: `<workspace>/.relgraph/jobs/<id>.json` (the record), `<id>.log`
 * (the log), `<id>.cancel` (a cancel request) and `<id>/` (the job's files).
 *
 * Single writer: while a job runs, only its own process writes its record (every write is atomic),
 * so readers never see a torn record and no lock is needed. Other processes only add a cancel marker,
 * or take over a record whose process is gone (markDeadJobs).
 */
export class JobStore {
  readonly jobsDir: string;

  constructor(readonly workspace: string) {
    this.jobsDir = path.join(workspace, RELGRAPH_DIR, 'jobs');
  }

  /** The store of the workspace a spec (or a folder) belongs to. */
  static forPath(specOrDir: string): JobStore {
    return new JobStore(findWorkspace(specOrDir));
  }

  recordPath(id: string): string {
    return path.join(this.jobsDir, `${checkedId(id)}.json`);
  }
  logPath(id: string): string {
    return path.join(this.jobsDir, `${checkedId(id)}.log`);
  }
  artifactDir(id: string): string {
    return path.join(this.jobsDir, checkedId(id));
  }
  cancelMarkerPath(id: string): string {
    return path.join(this.jobsDir, `${checkedId(id)}.cancel`);
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
      process: currentJobProcess(),
      logPath: this.logPath(id),
      artifactDir: this.artifactDir(id),
      tags: { ...(job.tags ?? {}) },
    };
    fs.mkdirSync(record.artifactDir, { recursive: true });
    this.write(record);
    fs.appendFileSync(record.logPath, `${at} job ${id} created for ${record.spec.path}\n`);
    return record;
  }

  /** The record, or undefined when there is none (or it is unreadable). */
  get(id: string): JobRecord | undefined {
    if (!isValidJobId(id)) return undefined;
    return readRecord(this.recordPath(id));
  }

  /** Like get, but throws a message naming the store when the job does not exist. */
  require(id: string): JobRecord {
    const record = this.get(id);
    if (!record) throw new UnknownJobError(`no job '${id}' in ${this.jobsDir}`);
    return record;
  }

  /** Every readable record, newest first. */
  list(): JobRecord[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.jobsDir);
    } catch {
      return [];
    }
    const records = names
      .filter((name) => name.endsWith('.json') && isValidJobId(name.slice(0, -5)))
      .map((name) => readRecord(path.join(this.jobsDir, name)))
      .filter((r): r is JobRecord => r !== undefined);
    return records.sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1,
    );
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
    try {
      return fs.readFileSync(this.logPath(id), 'utf8');
    } catch {
      return '';
    }
  }

  /**
   * Asks a job to stop: a marker file its process polls, plus SIGTERM to its pid (which the CLI turns
   * into the same abort) when it runs on this machine. A job whose process is gone is settled at once.
   * Returns the record as it is now (the running process records CANCELLED when it has stopped).
   */
  requestCancel(id: string): JobRecord {
    const record = this.require(id);
    if (isTerminalStatus(record.status)) return record;
    fs.writeFileSync(this.cancelMarkerPath(id), `${new Date().toISOString()} cancel requested by pid ${process.pid}\n`);
    this.appendLog(id, 'cancel requested');
    const owner = record.process;
    const state = owner ? jobProcessState(owner) : 'dead';
    if (owner && state === 'alive' && owner.pid !== process.pid) {
      try {
        process.kill(owner.pid, 'SIGTERM');
      } catch {
        // It exited in between: markDeadJobs below or the next reader settles it.
      }
    }
    if (state === 'dead') {
      return this.settleOrphan(record, 'CANCELLED', 'cancelled; its process was no longer running');
    }
    return this.require(id);
  }

  isCancelRequested(id: string): boolean {
    return fs.existsSync(this.cancelMarkerPath(id));
  }

  clearCancelRequest(id: string): void {
    fs.rmSync(this.cancelMarkerPath(id), { force: true });
  }

  /**
   * Marks FAILED every unfinished job whose process died (killed, crashed, machine rebooted), with
   * the reason, and removes the temporary files it left. Every reader calls this before showing jobs.
   */
  markDeadJobs(): JobRecord[] {
    const settled: JobRecord[] = [];
    for (const record of this.list()) {
      if (isTerminalStatus(record.status) || !record.process) continue;
      if (jobProcessState(record.process) !== 'dead') continue;
      const where = `pid ${record.process.pid} on ${record.process.hostname}`;
      const stage = record.eventLog.at(-1)?.stage;
      const reason =
        `the process running the job (${where}) exited without finishing it` +
        `${stage ? ` during '${stage}'` : ''} (killed or crashed)`;
      settled.push(this.settleOrphan(record, 'FAILED', reason));
    }
    return settled;
  }

  private settleOrphan(record: JobRecord, status: 'FAILED' | 'CANCELLED', reason: string): JobRecord {
    for (const scratch of record.scratchPaths ?? []) fs.rmSync(scratch, { recursive: true, force: true });
    this.clearCancelRequest(record.id);
    this.appendLog(record.id, `${status}: ${reason}`);
    return this.update(record.id, (r) => {
      r.status = status;
      r.error = { message: reason, ...(r.eventLog.at(-1) ? { stage: r.eventLog.at(-1)!.stage } : {}) };
      r.scratchPaths = [];
    });
  }

  private write(record: JobRecord): void {
    writeFileAtomic(this.recordPath(record.id), JSON.stringify(record, null, 2) + '\n');
  }
}

function checkedId(id: string): string {
  if (!isValidJobId(id)) throw new UnknownJobError(`'${id}' is not a job id (expected trainingjob-... or bp-job-...)`);
  return id;
}

function readRecord(file: string): JobRecord | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as JobRecord;
    return value && typeof value.id === 'string' && isJobStatus(value.status) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** sha256 (hex) of a file's bytes; '' when it cannot be read. */
export function sha256OfFile(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return '';
  }
}
