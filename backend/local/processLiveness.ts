import * as fs from 'node:fs';
import * as os from 'node:os';
import type { JobProcess } from '../../core/jobs/JobRecord';

/**
 * Which process owns a job, and whether it still runs. A record is untrusted, so its `process` is only
 * believed as far as this machine can check it: a pid is a job's only if it is a real, positive pid (> 1)
 * whose start token (boot id + start time) still matches the one recorded when the job was created.
 */

/** Identifies the current process for a job record. */
export function currentJobProcess(): JobProcess {
  const startToken = processStartToken(process.pid);
  return { pid: process.pid, hostname: os.hostname(), ...(startToken ? { startToken } : {}) };
}

export type ProcessState = 'alive' | 'dead' | 'unknown';

/**
 * `alive`, `dead`, or `unknown` when it ran on another host (a shared folder), where this machine cannot
 * tell. A pid Relgraph could never have recorded (0, 1, negative: 0 and negatives address process groups)
 * is `dead`: no job runs there.
 */
export function jobProcessState(owner: JobProcess): ProcessState {
  if (owner.hostname !== os.hostname()) return 'unknown';
  if (!isPlausiblePid(owner.pid) || !pidExists(owner.pid)) return 'dead';
  // The pid exists, but pids are reused (and restart after a reboot): compare start tokens when known.
  if (owner.startToken) {
    const now = processStartToken(owner.pid);
    if (now && !sameProcess(owner.startToken, now)) return 'dead';
  }
  return 'alive';
}

export type SignalDecision = { ok: true; pid: number } | { ok: false; reason: string };

/**
 * Whether Relgraph may send a signal to a job's process: only a positive pid (> 1) on this host whose full
 * start token (with the boot id) was recorded and still matches. Anything else gets no signal and a reason.
 */
export function signalTarget(owner: JobProcess | undefined): SignalDecision {
  if (!owner) return { ok: false, reason: 'the record names no process' };
  if (!isPlausiblePid(owner.pid))
    return { ok: false, reason: `the record names pid ${owner.pid}, which is not a job's process` };
  if (owner.pid === process.pid) return { ok: false, reason: 'the job runs in this very process' };
  if (owner.hostname !== os.hostname())
    return { ok: false, reason: `the job runs on another host (${owner.hostname})` };
  if (!owner.startToken || !owner.startToken.includes(':')) {
    return {
      ok: false,
      reason: `the record has no start token for pid ${owner.pid}, so it cannot be told from another process`,
    };
  }
  const now = processStartToken(owner.pid);
  if (!now) return { ok: false, reason: `pid ${owner.pid} is not running` };
  if (now !== owner.startToken)
    return { ok: false, reason: `pid ${owner.pid} is now another process (its start token differs)` };
  return { ok: true, pid: owner.pid };
}

/**
 * 0 and negative pids address process groups (-1: every process the user may signal), 1 is init: none can be
 * a job's process. Larger ones are judged by asking the OS.
 */
export function isPlausiblePid(pid: number): boolean {
  return Number.isSafeInteger(pid) && pid > 1 && pid < 2 ** 31;
}

/** Tokens are `<boot id>:<start time>`; a record from before boot ids holds the start time alone. */
function sameProcess(recorded: string, now: string): boolean {
  return recorded.includes(':') ? recorded === now : now.endsWith(`:${recorded}`);
}

/** Whether some process has this pid (any owner); false for pids no job can have. */
export function pidExists(pid: number): boolean {
  if (!isPlausiblePid(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootId: string | undefined | null = null;

/** Linux: changes on every boot, so a start time from before a reboot never matches. */
function currentBootId(): string | undefined {
  if (bootId === null) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootId = undefined;
    }
  }
  return bootId;
}

/** Linux: `<boot id>:<start time in clock ticks since boot>` (field 22 of /proc/<pid>/stat). */
export function processStartToken(pid: number): string | undefined {
  const boot = currentBootId();
  if (!boot) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesised and may hold spaces: split after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ? `${boot}:${fields[19]}` : undefined;
  } catch {
    return undefined;
  }
}
