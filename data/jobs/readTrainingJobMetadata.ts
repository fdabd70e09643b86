import * as fs from 'node:fs';
import * as path from 'node:path';
import { isValidJobId } from '../../core/jobs/jobIds';
import { jobFiles, jobsDirOf } from '../../core/jobs/jobPaths';
import { MAX_JOB_RECORD_BYTES, parseJobRecord } from '../../core/jobs/parseJobRecord';
import { trainingGraphOfRecord } from '../../core/jobs/trainingGraphOfRecord';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import { findWorkspace } from './jobWorkspace';

/**
 * The training graph a finished local training job learned from (`training_job: trainingjob-...`), read
 * from its job record (`<workspace>/.relgraph/jobs/<id>.json`, summary.training_graph; format in
 * docs/engine.md) with the one record parser. Only DONE training jobs have one; anything else, including
 * a record that does not parse, reads as unknown (validation then says the job is unknown).
 */
export function readTrainingJobMetadata(jobId: string, specPath: string): TrainingGraphMetadata | undefined {
  if (!isValidJobId(jobId) || !jobId.startsWith('trainingjob-')) return undefined;
  const file = jobFiles(jobsDirOf(findWorkspace(specPath)), jobId).record;
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_JOB_RECORD_BYTES) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseJobRecord(text, path.resolve(file));
  return parsed.ok ? trainingGraphOfRecord(parsed.record) : undefined;
}
