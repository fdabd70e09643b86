import * as fs from 'node:fs';
import * as os from 'node:os';
import type { JobProcess } from '../../core/jobs/JobRecord';

/** Identifies the current process for a job record. */
export function currentJobProcess(): JobProcess {
  const startToken = processStartToken(process.pid);
  return { pid: process.pid, hostname: os.hostname(), ...(startToken ? { startToken } : {}) };
}

/**
 * Whether the process that owns a job is still alive: `alive`, `dead`, or `unknown` when it ran on
 * another host (a shared folder), where this machine cannot tell.
 */
export function jobProcessState(owner: JobProcess): 'alive' | 'dead' | 'unknown' {
  if (owner.hostname !== os.hostname()) return 'unknown';
  if (!pidExists(owner.pid)) return 'dead';
  // The pid exists, but pids are reused: compare start times when both are known.
  if (owner.startToken) {
    const now = processStartToken(owner.pid);
    if (now && now !== owner.startToken) return 'dead';
  }
  return 'alive';
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: the process start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
function processStartToken(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesised and may hold spaces: split after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
