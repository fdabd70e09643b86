import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TrainingSpecStatus } from '../../core/host/SpecHost';
import { isJobStatus, isTerminalStatus, type JobStatus } from '../../core/jobs/JobStatus';
import { findWorkspace, RELGRAPH_DIR } from './jobWorkspace';

/** A job record is a few KiB; anything far larger is not one of ours and is not read. */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;
const TRAINING_RECORD = /^trainingjob-[A-Za-z0-9_-]+\.json$/;

interface TrainingJobSummary {
  id: string;
  specPath: string;
  status: JobStatus;
  createdAt: string;
}

/** Per jobs folder: its training jobs, read again only when the folder changes (records are replaced by rename). */
const cache = new Map<string, { mtimeMs: number; jobs: TrainingJobSummary[] }>();

/**
 * Whether a training spec has a model: a DONE local training job launched from it, in the job store of the
 * spec's workspace (`<workspace>/.relgraph/jobs`, the store `relgraph train` writes to; format in
 * docs/engine.md). Undefined when that workspace keeps no job store: a checkout that never ran a job (CI, a
 * fresh clone) is not told about models it is not meant to have. Records are untrusted input: one that is not
 * a well-formed training record is skipped.
 */
export function trainingStatusOfSpec(trainingSpecPath: string): TrainingSpecStatus | undefined {
  const spec = path.resolve(trainingSpecPath);
  const store = trainingJobsIn(path.join(findWorkspace(spec), RELGRAPH_DIR, 'jobs'));
  if (!store) return undefined;
  const jobs = store.filter((j) => j.specPath === spec);
  const active = jobs
    .filter((j) => !isTerminalStatus(j.status))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return {
    trained: jobs.some((j) => j.status === 'DONE'),
    ...(active ? { activeJob: { id: active.id, status: active.status } } : {}),
  };
}

function trainingJobsIn(jobsDir: string): TrainingJobSummary[] | undefined {
  let mtimeMs: number;
  try {
    const stat = fs.statSync(jobsDir);
    if (!stat.isDirectory()) return undefined;
    mtimeMs = stat.mtimeMs;
  } catch {
    return undefined;
  }
  const cached = cache.get(jobsDir);
  if (cached && cached.mtimeMs === mtimeMs) return cached.jobs;
  const jobs: TrainingJobSummary[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(jobsDir).filter((name) => TRAINING_RECORD.test(name));
  } catch {
    names = [];
  }
  for (const name of names) {
    const job = readTrainingJob(path.join(jobsDir, name), name.slice(0, -'.json'.length));
    if (job) jobs.push(job);
  }
  cache.set(jobsDir, { mtimeMs, jobs });
  return jobs;
}

function readTrainingJob(file: string, id: string): TrainingJobSummary | undefined {
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_RECORD_BYTES) return undefined;
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const spec = record.spec as { path?: unknown } | undefined;
    if (record.id !== id || record.kind !== 'training' || !isJobStatus(record.status)) return undefined;
    if (typeof spec?.path !== 'string' || !path.isAbsolute(spec.path)) return undefined;
    const createdAt = typeof record.createdAt === 'string' ? record.createdAt : '';
    return { id, specPath: path.resolve(spec.path), status: record.status, createdAt };
  } catch {
    return undefined;
  }
}
