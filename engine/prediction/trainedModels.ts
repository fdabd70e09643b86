import * as path from 'node:path';
import type { TrainingJobRef } from '../../core/spec/SpecModel';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { LocalJobStore, sha256OfFile } from '../../backend/local/LocalJobStore';
import { settleDeadJobs } from '../../backend/local/orphanedJobs';
import { MODEL_ARTIFACT_FILE } from '../training/ModelArtifact';

/** The finished training job a prediction uses, and where its model artifact is. */
export interface TrainedModelRef {
  job: JobRecord;
  artifactPath: string;
  /** E.g. the training spec changed since the job trained (the job's model is still used). */
  warnings: string[];
}

/** A `training_job` that names no usable model; the message says what to run. */
export class TrainedModelError extends Error {}

/**
 * Resolves a prediction spec's `training_job` to a DONE local training job:
 * - a training spec file: the newest DONE job launched from that file (in the training spec's workspace);
 * - a local job id: that job (in the prediction spec's workspace), which must be DONE;
 * - `kumo:<id>`: refused, Kumo jobs live on the Kumo backend.
 */
export function resolveTrainedModel(ref: TrainingJobRef, predictionSpecPath: string): TrainedModelRef {
  if (ref.kind === 'kumo') {
    throw new TrainedModelError(
      `training_job '${ref.ref.value}' is a Kumo cloud job: batch prediction with it runs on the Kumo backend, ` +
        `not the local engine. Name a local training spec or a local trainingjob-... id to predict here`,
    );
  }
  if (ref.kind === 'local-job') {
    const store = LocalJobStore.forPath(predictionSpecPath);
    settleDeadJobs(store);
    const found = store.lookup(ref.jobId);
    if (found.state === 'unreadable') {
      throw new TrainedModelError(`the record ${found.problem.file} cannot be used: ${found.problem.reason}`);
    }
    if (found.state === 'missing')
      throw new TrainedModelError(`no local training job '${ref.jobId}' in ${store.jobsDir}`);
    const job = found.job.record;
    if (job.kind !== 'training') throw new TrainedModelError(`'${ref.jobId}' is a ${job.kind} job, not a training job`);
    if (job.status !== 'DONE') {
      throw new TrainedModelError(
        `training job ${job.id} is ${job.status}${job.error ? ` (${job.error.message})` : ''}: it has no model`,
      );
    }
    return { job, artifactPath: path.join(job.artifactDir, MODEL_ARTIFACT_FILE), warnings: [] };
  }
  const trainingSpec = path.resolve(ref.absolutePath);
  const store = LocalJobStore.forPath(trainingSpec);
  settleDeadJobs(store);
  const jobs = store.list().filter((j) => j.kind === 'training' && j.spec.path === trainingSpec);
  const done = jobs.find((j) => j.status === 'DONE');
  if (!done) {
    const running = jobs.find((j) => j.status === 'RUNNING' || j.status === 'QUEUED' || j.status === 'NOT_STARTED');
    const hint = running ? ` (${running.id} is ${running.status}: wait for it to finish)` : '';
    throw new TrainedModelError(
      `no finished training job for ${ref.ref.value}${hint}: train it first with 'relgraph train ${ref.ref.value}'`,
    );
  }
  const warnings: string[] = [];
  const newer = jobs.filter((j) => j.createdAt > done.createdAt && j.status !== 'DONE');
  if (newer.length > 0) {
    warnings.push(`using ${done.id}, the newest finished training job; ${newer[0].id} is ${newer[0].status}`);
  }
  if (done.spec.sha256 && sha256OfFile(trainingSpec) !== done.spec.sha256) {
    warnings.push(
      `${ref.ref.value} changed since ${done.id} trained on it: the predictions use that job's model; retrain to use the new spec`,
    );
  }
  return { job: done, artifactPath: path.join(done.artifactDir, MODEL_ARTIFACT_FILE), warnings };
}
