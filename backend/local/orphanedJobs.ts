import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { isTerminalStatus } from '../../core/jobs/JobStatus';
import { parseTemporaryName } from '../../core/jobs/temporaryNames';
import { jobIdOfRecordFile } from '../../core/jobs/jobIds';
import type { LocalJobStore, StoredJob } from './LocalJobStore';
import { releaseLocksOf } from './destinationLock';
import { commitProgress, rollbackCommit } from './outputCommit';
import { OUTPUT_MARKER_NAME } from '../../core/destinations/outputOwnership';
import { isPlausiblePid, jobProcessState, pidExists } from './processLiveness';
import { removeJobPath } from './safeRemove';

/**
 * Jobs whose process died (killed, crashed, machine rebooted) without recording an end. Readers only
 * *derive* that a job is dead (orphanReason, asSeen): they write and delete nothing, so the editor can
 * show jobs without touching the store. Settling (settleOrphan) writes the record and cleans up what the
 * job left; the CLI and the engine do it, and it deletes only what Relgraph created (safeRemove.ts).
 */

/** Why an unfinished job can no longer finish; undefined while it can (or while this machine cannot tell). */
export function orphanReason(record: JobRecord): string | undefined {
  if (isTerminalStatus(record.status)) return undefined;
  const owner = record.process;
  if (!owner) return 'its record names no process, so nothing is running it';
  // Another host's job is never judged from here (a shared folder): its process may well be alive.
  if (jobProcessState(owner) !== 'dead') return undefined;
  if (!isPlausiblePid(owner.pid)) {
    return `its record names pid ${owner.pid}, which no job runs in, so nothing is running it`;
  }
  const stage = record.eventLog.at(-1)?.stage;
  const where = `pid ${owner.pid} on ${owner.hostname}`;
  const during = record.commit ? ' while committing its outputs' : stage ? ` during '${stage}'` : '';
  return `the process running the job (${where}) exited without finishing it${during} (killed or crashed)`;
}

/**
 * The record as readers should show it: an orphaned job reads as FAILED with the reason (and, if it died
 * half-way through committing its outputs, what is on disk now), without writing anything.
 */
export function asSeen(job: StoredJob): StoredJob {
  const reason = orphanReason(job.record);
  if (!reason) return job;
  const r = job.record;
  const message = r.commit ? `${reason}; ${commitState(r)}` : reason;
  const stage = r.eventLog.at(-1)?.stage;
  return {
    ...job,
    cancelRequested: false,
    record: { ...r, status: 'FAILED', error: { message, ...(stage ? { stage } : {}) } },
  };
}

/** What an interrupted commit left, from the journal and the file system (read-only). */
function commitState(record: JobRecord): string {
  const outputs = commitProgress(record.commit!).filter((r) => !r.path.endsWith(OUTPUT_MARKER_NAME));
  const described = outputs.map((o) => `${path.basename(o.path)}: ${o.state === 'none' ? 'absent' : o.state}`);
  return `on disk now: ${described.join(', ')}; the next relgraph command in this workspace restores the earlier outputs`;
}

/**
 * Records a dead job as FAILED (or CANCELLED when a cancel was asked for), after undoing an interrupted
 * commit and deleting its scratch files, locks and cancel marker. Everything deleted is checked to be the
 * job's own (safeRemove.ts); what cannot be is left and said in the log.
 */
export function settleOrphan(
  store: LocalJobStore,
  record: JobRecord,
  status: 'FAILED' | 'CANCELLED',
  reason: string,
): JobRecord {
  const notes: string[] = [];
  if (record.commit) {
    const undone = rollbackCommit(record.commit, record.id);
    // Outputs by name, in commit order; their markers go with them unmentioned.
    const names = (paths: string[]) =>
      paths
        .filter((p) => !p.endsWith(OUTPUT_MARKER_NAME))
        .reverse()
        .map((p) => path.basename(p))
        .join(', ');
    if (names(undone.restored)) notes.push(`restored the earlier ${names(undone.restored)}`);
    if (names(undone.removed)) notes.push(`removed the partly committed ${names(undone.removed)}`);
    notes.push(...undone.problems);
  }
  notes.push(...removeScratch(store, record));
  releaseLocksOf(record);
  store.clearCancelRequest(record.id);
  const message = notes.length > 0 && record.commit ? `${reason}; ${notes.join('; ')}` : reason;
  store.appendLog(record.id, `${status}: ${message}`);
  for (const note of notes) store.appendLog(record.id, `cleanup: ${note}`);
  return store.update(record.id, (r) => {
    r.status = status;
    r.error = { message, ...(r.eventLog.at(-1) ? { stage: r.eventLog.at(-1)!.stage } : {}) };
    r.scratchPaths = [];
    delete r.commit;
  });
}

/**
 * Settles every dead job of a store (and deletes the leftovers of finished jobs whose process died before
 * cleaning up), then removes the store's stale temporary files. Returns the jobs it recorded as FAILED.
 */
export function settleDeadJobs(store: LocalJobStore): JobRecord[] {
  const settled: JobRecord[] = [];
  for (const { record } of store.listing().jobs) {
    try {
      const reason = orphanReason(record);
      if (reason) settled.push(settleOrphan(store, record, 'FAILED', reason));
      else if (isTerminalStatus(record.status) && (record.scratchPaths?.length ?? 0) > 0 && isGone(record)) {
        removeScratch(store, record);
        store.update(record.id, (r) => (r.scratchPaths = []));
      }
    } catch {
      // One job that cannot be settled (a read-only file, a race with its own process) never stops the others.
    }
  }
  removeStaleTemporaryFiles(store.jobsDir);
  return settled;
}

function isGone(record: JobRecord): boolean {
  return !record.process || jobProcessState(record.process) === 'dead';
}

function removeScratch(store: LocalJobStore, record: JobRecord): string[] {
  const problems: string[] = [];
  for (const scratch of record.scratchPaths ?? []) {
    const outcome = removeJobPath(record, store.jobsDir, scratch);
    if (!outcome.removed) problems.push(`kept ${scratch}: ${outcome.reason}`);
  }
  return problems;
}

/** An atomic write takes milliseconds; a temporary record file this old belongs to no live write. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/**
 * Deletes the leftovers of atomic writes killed half-way (`.<id>.json.tmp-<pid>-<hex>`), only directly in
 * the jobs folder and only names of that exact shape for a job id, once their writer is gone (its pid
 * no longer runs) or they are too old to belong to a write in progress.
 */
export function removeStaleTemporaryFiles(jobsDir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(jobsDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const temp = parseTemporaryName(name);
    if (!temp || temp.tag !== 'tmp' || !jobIdOfRecordFile(temp.finalName)) continue;
    const file = path.join(jobsDir, name);
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile()) continue;
      if (pidExists(temp.pid) && now - stat.mtimeMs < STALE_TEMPORARY_MS) continue;
      fs.rmSync(file, { force: true });
      removed.push(file);
    } catch {
      // gone already
    }
  }
  return removed;
}
