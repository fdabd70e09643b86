import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import { findWorkspace, RELGRAPH_DIR } from './jobWorkspace';

const JOB_ID = /^trainingjob-[A-Za-z0-9_-]+$/;

/**
 * The training graph a finished local training job learned from (`training_job: trainingjob-...`),
 * read from its job record (`<workspace>/.relgraph/jobs/<id>.json`, summary.training_graph; format in
 * docs/engine.md). Only DONE training jobs have one; anything else reads as unknown.
 */
export function readTrainingJobMetadata(jobId: string, specPath: string): TrainingGraphMetadata | undefined {
  if (!JOB_ID.test(jobId)) return undefined;
  const recordPath = path.join(findWorkspace(specPath), RELGRAPH_DIR, 'jobs', `${jobId}.json`);
  let record: {
    kind?: unknown;
    status?: unknown;
    spec?: { path?: unknown };
    summary?: { training_graph?: TrainingGraphMetadata };
  };
  try {
    record = JSON.parse(fs.readFileSync(recordPath, 'utf8'));
  } catch {
    return undefined;
  }
  const graph = record.summary?.training_graph;
  if (record.kind !== 'training' || record.status !== 'DONE' || !graph || !Array.isArray(graph.tables))
    return undefined;
  return { ...graph, jobId, specPath: typeof record.spec?.path === 'string' ? record.spec.path : graph.specPath };
}
