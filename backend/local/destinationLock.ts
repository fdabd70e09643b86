import * as fs from 'node:fs';
import * as path from 'node:path';
import { lockPathOf } from '../../core/destinations/outputOwnership';
import { isValidJobId } from '../../core/jobs/jobIds';
import type { JobProcess, JobRecord } from '../../core/jobs/JobRecord';
import { temporarySibling } from './atomicFile';
import { jobProcessState } from './processLiveness';

/**
 * Two running jobs never write one output path: a job holds a lock file beside each output
 * (`.<name>.relgraph-lock`) from before it writes anything until its outputs are committed or discarded.
 * The lock is created atomically (a complete file hard-linked into place, which fails if one exists), and
 * names its owner: job id, record file, and process with its start token. A lock whose owner is provably
 * dead (same host, process gone or reused) is taken over; any other lock refuses the job, naming the owner.
 */
export interface LockOwner {
  jobId: string;
  recordFile: string;
  process: JobProcess;
}

interface LockContent extends LockOwner {
  acquiredAt: string;
}

/** Another job writes this destination now; the message names it. */
export class DestinationBusyError extends Error {
  constructor(
    readonly outputPath: string,
    readonly owner: LockOwner | undefined,
    readonly lockFile: string,
  ) {
    super(
      owner
        ? `${outputPath} is being written by job ${owner.jobId} (pid ${owner.process.pid} on ${owner.process.hostname}; ` +
            `record ${owner.recordFile}): wait for it to finish, or cancel it with 'relgraph jobs cancel ${owner.jobId}'`
        : `${outputPath} is locked by ${lockFile}, which does not name a job Relgraph can check: ` +
            'remove that file if no job is writing there',
    );
    this.name = 'DestinationBusyError';
  }
}

export interface HeldLocks {
  readonly files: readonly string[];
  release(): void;
}

/** Locks every path (sorted, so two jobs never wait on each other's half); all or none. */
export function acquireDestinationLocks(paths: readonly string[], owner: LockOwner): HeldLocks {
  const held: string[] = [];
  const release = () => {
    for (const file of held.splice(0)) removeIfOwned(file, owner.jobId);
  };
  try {
    for (const p of [...new Set(paths)].sort()) held.push(acquire(p, owner));
  } catch (error) {
    release();
    throw error;
  }
  return { files: [...held], release };
}

/** Removes the locks a (finished or dead) job still holds on its outputs. */
export function releaseLocksOf(record: JobRecord): void {
  for (const output of record.outputPaths ?? []) removeIfOwned(lockPathOf(output), record.id);
}

function acquire(outputPath: string, owner: LockOwner): string {
  const lockFile = lockPathOf(outputPath);
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const content: LockContent = { ...owner, acquiredAt: new Date().toISOString() };
  const staged = temporarySibling(lockFile);
  fs.writeFileSync(staged, JSON.stringify(content, null, 2) + '\n', { flag: 'wx' });
  try {
    // Two attempts: the second after taking over a lock whose owner is dead.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(staged, lockFile);
        return lockFile;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readLock(lockFile);
      if (!current || jobProcessState(current.process) !== 'dead')
        throw new DestinationBusyError(outputPath, current, lockFile);
      takeOver(lockFile, current, outputPath);
    }
    throw new DestinationBusyError(outputPath, readLock(lockFile), lockFile);
  } finally {
    fs.rmSync(staged, { force: true });
  }
}

/**
 * Moves a dead owner's lock aside (only one of several contenders succeeds) and deletes it, unless what
 * was moved turns out to be a newer, live lock: that one is put back and this job refused.
 */
function takeOver(lockFile: string, dead: LockContent, outputPath: string): void {
  const aside = temporarySibling(lockFile, 'old');
  try {
    fs.renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else took it over: retry
    throw error;
  }
  const moved = readLock(aside);
  if (moved && moved.jobId === dead.jobId && moved.acquiredAt === dead.acquiredAt) {
    fs.rmSync(aside, { force: true });
    return;
  }
  try {
    fs.linkSync(aside, lockFile);
  } finally {
    fs.rmSync(aside, { force: true });
  }
  throw new DestinationBusyError(outputPath, moved, lockFile);
}

function removeIfOwned(lockFile: string, jobId: string): void {
  if (readLock(lockFile)?.jobId === jobId) fs.rmSync(lockFile, { force: true });
}

function readLock(file: string): LockContent | undefined {
  let value: unknown;
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > 64 * 1024) return undefined;
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const p = v.process as Record<string, unknown> | undefined;
  if (!isValidJobId(v.jobId) || typeof v.recordFile !== 'string' || typeof v.acquiredAt !== 'string') return undefined;
  if (typeof p !== 'object' || p === null || !Number.isSafeInteger(p.pid) || typeof p.hostname !== 'string')
    return undefined;
  if (p.startToken !== undefined && typeof p.startToken !== 'string') return undefined;
  return {
    jobId: v.jobId,
    recordFile: v.recordFile,
    acquiredAt: v.acquiredAt,
    process: {
      pid: p.pid as number,
      hostname: p.hostname,
      ...(typeof p.startToken === 'string' ? { startToken: p.startToken } : {}),
    },
  };
}
