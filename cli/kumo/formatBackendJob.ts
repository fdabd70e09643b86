import type { JobProgress } from '../../core/jobs/JobRecord';
import { formatJobRef } from '../../core/jobs/JobRef';
import type { BackendJob, JobBackend, JobValidation } from '../../backend/JobBackend';
import { alignedTable } from '../output/alignedTable';

/**
 * Jobs of any backend as the CLI prints them (the same columns and fields as the local job commands),
 * from the neutral BackendJob: `relgraph kumo jobs|show` use them, and the job commands can for every
 * backend.
 */
export function formatBackendJobList(jobs: readonly BackendJob[]): string {
  const rows = jobs.map((job) => [
    formatJobRef(job.ref),
    job.kind === 'batch_prediction' ? 'prediction' : job.kind,
    job.status,
    job.progress ? `${job.progress.completed}/${job.progress.total}` : '',
    job.createdAt.replace('T', ' ').slice(0, 19),
    jobLabel(job),
  ]);
  return alignedTable(['ID', 'KIND', 'STATUS', 'PROGRESS', 'CREATED (UTC)', 'NAME'], rows);
}

/** What names a job that has no spec here: its name, else the model it predicts with. */
export function jobLabel(job: BackendJob): string {
  return job.name ?? (job.trainingJob ? `model ${formatJobRef(job.trainingJob)}` : '');
}

/** A job with its progress: a running job's `/progress` when the job itself does not carry it (Kumo). */
export async function getJobWithProgress(backend: JobBackend, id: string, signal: AbortSignal): Promise<BackendJob> {
  const job = await backend.get(id, signal);
  if (job.status === 'RUNNING' && !job.progress) job.progress = await backend.progress(id, signal);
  return job;
}

export function formatBackendJob(job: BackendJob): string {
  const lines = [`${formatJobRef(job.ref)}  ${job.kind}  ${job.status}`];
  if (job.name) lines.push(`  name:     ${job.name}`);
  if (job.trainingJob) lines.push(`  model:    ${formatJobRef(job.trainingJob)}`);
  if (job.anchorTime) lines.push(`  anchor:   ${job.anchorTime}`);
  if (job.createdAt) lines.push(`  created:  ${job.createdAt}`);
  if (job.startedAt) lines.push(`  started:  ${job.startedAt}`);
  if (job.endedAt) lines.push(`  ended:    ${job.endedAt}`);
  if (job.progress) lines.push(`  progress: ${formatProgress(job.progress)}`);
  if (job.trackingUrl) lines.push(`  tracking: ${job.trackingUrl}`);
  const tags = Object.entries(job.tags);
  if (tags.length > 0) lines.push(`  tags:     ${tags.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (job.eventLog.length > 0) {
    lines.push('  stages:');
    for (const e of job.eventLog)
      lines.push(`    ${e.at || '(no time)'}  ${e.stage}${e.detail ? `: ${e.detail}` : ''}`);
  }
  if (job.error) lines.push(`  error:    ${job.error}`);
  if (job.validation) lines.push(...formatValidation(job.validation, '  '));
  if (job.summary) {
    lines.push('  summary:', ...indentJson(job.summary));
  }
  return lines.join('\n') + '\n';
}

/** Kumo's validation errors, warnings and info items: titles and messages, one per line. */
export function formatValidation(validation: JobValidation, indent = ''): string[] {
  const lines: string[] = [];
  const add = (label: string, items: JobValidation['errors']) => {
    for (const item of items) lines.push(`${indent}${label}: ${[item.title, item.message].filter(Boolean).join(': ')}`);
  };
  add('error', validation.errors);
  add('warning', validation.warnings);
  add('info', validation.info);
  return lines;
}

export function formatProgress(progress: JobProgress): string {
  const percent = progress.total > 0 ? ` (${Math.floor((100 * progress.completed) / progress.total)}%)` : '';
  return `${progress.completed}/${progress.total}${percent}`;
}

/** A value as indented JSON lines, under a field label. */
export function indentJson(value: unknown): string[] {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((l) => `    ${l}`);
}
