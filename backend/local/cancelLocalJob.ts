import type { JobRecord } from '../../core/jobs/JobRecord';
import { isTerminalStatus } from '../../core/jobs/JobStatus';
import type { LocalJobStore } from './LocalJobStore';
import { orphanReason, settleOrphan } from './orphanedJobs';
import { signalTarget } from './processLiveness';

export interface LocalCancelOutcome {
  record: JobRecord;
  /** True when the job will end (or has ended) CANCELLED because of this request. */
  cancelled: boolean;
  message: string;
}

/**
 * Asks a job to stop: a cancel marker its process polls (every 200 ms and at every stage), plus SIGTERM,
 * which the CLI turns into the same abort, but only to a process that is provably the job's
 * (processLiveness.signalTarget: a positive pid whose recorded start token still matches). A record
 * naming pid -1, 0, 1, a reused pid or no process gets no signal, and the message says why. A job whose
 * process is gone is settled at once (CANCELLED), deleting only what Relgraph created for it.
 */
export function cancelLocalJob(store: LocalJobStore, id: string): LocalCancelOutcome {
  const record = store.require(id);
  if (isTerminalStatus(record.status)) {
    const why = record.status !== 'DONE' && record.error ? ` (${record.error.message})` : '';
    return { record, cancelled: false, message: `${record.id} is already ${record.status}${why}` };
  }
  const dead = orphanReason(record);
  store.requestCancelMarker(id);
  store.appendLog(id, 'cancel requested');
  if (dead) {
    const settled = settleOrphan(store, record, 'CANCELLED', `cancelled; ${dead}`);
    return { record: settled, cancelled: true, message: `${settled.id} CANCELLED (${settled.error?.message})` };
  }
  const target = signalTarget(record.process);
  let signalled = false;
  if (target.ok) {
    try {
      process.kill(target.pid, 'SIGTERM');
      signalled = true;
    } catch {
      // It exited in between: the next reader settles it.
    }
  }
  const how = signalled
    ? `sent SIGTERM to pid ${target.ok ? target.pid : ''}`
    : `no signal sent (${target.ok ? 'the process exited' : target.reason}); the job stops when it next checks for the request`;
  store.appendLog(id, `cancel: ${how}`);
  return {
    record: store.require(id),
    cancelled: true,
    message: `cancel requested: ${record.id} stops at its next check and ends CANCELLED (${how})`,
  };
}
