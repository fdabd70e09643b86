import * as fs from 'node:fs';
import * as path from 'node:path';
import { RELGRAPH_DIR } from '../jobs/jobWorkspace';

const JOB_ID = /^trainingjob-[A-Za-z0-9_-]+$/;
/** A job record larger than this is not one Relgraph wrote. */
const MAX_RECORD_BYTES = 4 * 2 ** 20;

/**
 * The threshold a finished local training job chose for a binary task (its summary's `threshold`, the
 * best validation accuracy), read from `<workspace>/.relgraph/jobs/<id>.json`. A record is untrusted input:
 * anything but a DONE training job with a threshold in [0, 1] reads as unknown.
 */
export function readTrainingThreshold(workspace: string, jobId: string): number | undefined {
  if (!JOB_ID.test(jobId)) return undefined;
  const file = path.join(workspace, RELGRAPH_DIR, 'jobs', `${jobId}.json`);
  try {
    if (fs.statSync(file).size > MAX_RECORD_BYTES) return undefined;
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      kind?: unknown;
      status?: unknown;
      summary?: { threshold?: unknown };
    };
    const threshold = record.summary?.threshold;
    if (record.kind !== 'training' || record.status !== 'DONE') return undefined;
    return typeof threshold === 'number' && threshold >= 0 && threshold <= 1 ? threshold : undefined;
  } catch {
    return undefined;
  }
}
