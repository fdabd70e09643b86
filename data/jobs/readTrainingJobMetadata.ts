import * as fs from 'node:fs';
import * as path from 'node:path';
import { isValidJobId } from '../../core/jobs/jobIds';
import { jobFiles, jobsDirOf } from '../../core/jobs/jobPaths';
import { readJobRecordFile } from '../../core/jobs/readJobRecordFile';
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
  const read = readJobRecordFile(fs, path.resolve(file));
  return read.ok ? trainingGraphOfRecord(read.record) : undefined;
}
