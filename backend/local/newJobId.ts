import { randomBytes } from 'node:crypto';
import type { JobKind } from '../../core/jobs/JobRecord';

/** Kumo's id prefixes, so ids read the same locally and remotely. */
const PREFIX: Record<JobKind, string> = { training: 'trainingjob', batch_prediction: 'bp-job' };

/**
 * `bp-job-20240131-142501-3fa9c2`: sortable by creation time (UTC, to the second), unique through the
 * random tail, and safe as a file name (core/jobs/jobIds.isValidJobId accepts exactly such ids).
 */
export function newJobId(kind: JobKind, now = new Date()): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `${PREFIX[kind]}-${stamp}-${randomBytes(3).toString('hex')}`;
}
