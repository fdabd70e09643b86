import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendJob, JobFilter, JobBackend, UnreadableJob } from '../../backend/JobBackend';
import { JobBackendError } from '../../backend/JobBackend';
import { sha256OfFile } from '../../backend/local/LocalJobStore';
import { readBatchPredictionSummary } from '../../core/jobs/BatchPredictionSummary';
import { readTrainingJobSummary } from '../../engine/training/readTrainingJobSummary';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { formatJobRef } from '../../core/jobs/JobRef';
import { JOB_STATUSES, isJobStatus, isTerminalStatus, type JobStatus } from '../../core/jobs/JobStatus';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { backendsFor, jobBackendContext, parseBackendChoice, resolveJobRef, type BackendChoice } from '../jobBackends';
import { formatBackendJob, getJobWithProgress, indentJson, jobLabel } from '../kumo/formatBackendJob';
import { alignedTable } from '../output/alignedTable';
import { displayPath } from '../output/ValidationReport';
import { formatPredictionReport } from './predictCommand';
import { formatTrainingReport } from './trainCommand';

const USAGE = `Usage: relgraph jobs <list|show|cancel|logs> [job id] [options]

Training and prediction jobs: the local engine's (every .relgraph/ job store at, above or below the current
folder) and, where set up, Kumo's (ids written kumo:<id>). A local job whose process died is marked FAILED,
with the reason, when it is next listed or shown.

  relgraph jobs list [--json]          every job, newest first: id, kind, status, progress, created, spec, backend
  relgraph jobs show <id> [--json]     one job: status, stages, error (Kumo: validation errors, warnings), summary
  relgraph jobs cancel <id>            ask a running job to stop (it ends CANCELLED, leaving no partial output)
  relgraph jobs logs <id> [--follow]   the job's log; --follow keeps printing until the job ends

Options:
  --backend <local|kumo|all>  list: which backends (default: all that are set up; Kumo is when KUMO_API_URL is)
  --status <S[,S...]>         list: only jobs with these statuses (${JOB_STATUSES.join(', ')})
  --kind <training|prediction> list: only jobs of this kind
  --limit <n>                 list: at most n jobs per backend
  --workspace <dir>           local jobs of this workspace only
  -h, --help                  show this help`;

type Action = 'list' | 'show' | 'cancel' | 'logs';

export interface JobsOptions {
  action: Action;
  jobId?: string;
  json: boolean;
  follow: boolean;
  workspace?: string;
  backend: BackendChoice;
  filter: JobFilter;
}

export function parseJobsArgs(args: readonly string[]): JobsOptions {
  const [action, ...rest] = args;
  if (!action || !['list', 'show', 'cancel', 'logs'].includes(action)) {
    throw new UsageError(
      action
        ? `unknown jobs action '${action}': use list, show, cancel or logs`
        : 'jobs needs an action: list, show, cancel or logs',
    );
  }
  const options: JobsOptions = { action: action as Action, json: false, follow: false, backend: 'all', filter: {} };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--follow' || arg === '-f') options.follow = true;
    else if (arg === '--workspace') options.workspace = value();
    else if (arg === '--backend') options.backend = parseBackendChoice(value());
    else if (arg === '--status') options.filter.status = statuses(value());
    else if (arg === '--kind') {
      const kind = value();
      if (kind !== 'training' && kind !== 'prediction') throw new UsageError('--kind must be training or prediction');
      options.filter.kind = kind === 'training' ? 'training' : 'batch_prediction';
    } else if (arg === '--limit') {
      const n = value();
      if (!/^\d+$/.test(n)) throw new UsageError(`--limit needs a whole number (got '${n}')`);
      options.filter.limit = Number(n);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (options.jobId || options.action === 'list') throw new UsageError(`unexpected argument '${arg}'`);
    else options.jobId = arg;
  }
  if (options.action !== 'list' && !options.jobId)
    throw new UsageError(`jobs ${options.action} needs a job id (see relgraph jobs list)`);
  return options;
}

function statuses(text: string): JobStatus[] {
  const list = text.split(',').map((s) => s.trim().toUpperCase());
  const bad = list.find((s) => !isJobStatus(s));
  if (bad !== undefined) throw new UsageError(`unknown status '${bad}': use ${JOB_STATUSES.join(', ')}`);
  return list as JobStatus[];
}

async function runJobs(options: JobsOptions, io: CliIo): Promise<number> {
  const context = jobBackendContext(io, options.workspace);
  if (options.action === 'list') return listJobs(backendsFor(context, options.backend), options, io);
  const { backend, ref } = resolveJobRef(context, options.jobId!);
  try {
    switch (options.action) {
      case 'show': {
        const job = await getJobWithProgress(backend, ref.id, io.signal);
        io.stdout(options.json ? JSON.stringify(jobJson(job), null, 2) + '\n' : formatAnyJob(job, io.cwd));
        return 0;
      }
      case 'cancel': {
        const outcome = await backend.cancel(ref.id, io.signal);
        io.stdout(`${outcome.message}\n`);
        return 0;
      }
      case 'logs':
        return await followLog(backend, ref.id, options.follow, io);
    }
  } catch (error) {
    // A job that is not there, or whose record cannot be trusted: one clear line, never a stack.
    if (error instanceof JobBackendError && !io.signal.aborted) {
      io.stderr(`relgraph jobs ${options.action}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  return 0;
}

/**
 * Every backend's jobs in one table. A backend that cannot answer (Kumo unreachable, its key refused)
 * gets one line on stderr and never hides the others' jobs. Exit code: 1 when a backend asked for by
 * name failed, or the local engine's list did; with `--backend all`, a Kumo that cannot answer leaves
 * the exit code 0 once the local list succeeded, since that list is complete for what it covers and
 * scripts listing local jobs must not break when the network does.
 */
async function listJobs(
  { backends, unavailable }: { backends: JobBackend[]; unavailable: string[] },
  options: JobsOptions,
  io: CliIo,
): Promise<number> {
  const jobs: BackendJob[] = [];
  const unreadable: UnreadableJob[] = [];
  const failures = [...unavailable];
  let localFailed = false;
  for (const backend of backends) {
    try {
      const listing = await backend.list(options.filter, io.signal);
      jobs.push(...listing.jobs);
      unreadable.push(...listing.unreadable);
    } catch (error) {
      if (io.signal.aborted) throw error;
      localFailed ||= backend.id === 'local';
      failures.push(`${backend.displayName}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // A record that cannot be read is named with its reason, and never hides the other jobs.
  for (const u of unreadable) io.stderr(`relgraph jobs: skipped ${displayPath(u.source, io.cwd)}: ${u.reason}\n`);
  for (const f of failures) io.stderr(`relgraph jobs: could not list ${f.replace(/\s*\n\s*/g, ' ')}\n`);
  jobs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  if (options.json) io.stdout(JSON.stringify(jobs.map(jobJson), null, 2) + '\n');
  else if (jobs.length === 0)
    io.stdout(`no jobs${unreadable.length > 0 ? ' that can be read' : ''}${whereLooked(backends, options, io)}\n`);
  else io.stdout(formatJobList(jobs, io.cwd));
  if (failures.length === 0) return 0;
  const localListed = backends.some((b) => b.id === 'local') && !localFailed;
  return options.backend === 'all' && localListed ? 0 : 1;
}

function whereLooked(backends: JobBackend[], options: JobsOptions, io: CliIo): string {
  const local = backends.some((b) => b.id === 'local');
  if (!local) return '';
  return options.workspace
    ? ` in ${displayPath(path.resolve(io.cwd, options.workspace), io.cwd)}`
    : ' in the .relgraph/ job stores at, above or below this folder';
}

/**
 * One job as JSON: a local job is its record (the format in docs/engine.md) plus where it lives; a Kumo
 * job is the backend's neutral shape. Both carry `backend` and `ref` (the id as Relgraph writes it).
 */
function jobJson(job: BackendJob): Record<string, unknown> {
  const ref = formatJobRef(job.ref);
  if (job.local) return { ...job.local.record, backend: job.ref.backend, ref, workspace: job.local.workspace };
  const { local: _local, ref: _ref, ...rest } = job;
  return { id: job.ref.id, backend: job.ref.backend, ref, ...rest };
}

/**
 * Prints the log, and with `follow` whatever changes until the job is terminal (or Ctrl+C). A local log
 * only grows; Kumo's ends with a status line that the next poll replaces, so lines are printed from the
 * first one that differs from what was printed.
 */
async function followLog(backend: JobBackend, id: string, follow: boolean, io: CliIo): Promise<number> {
  let printed: string[] = [];
  const flush = async () => {
    const lines = await backend.log(id, io.signal);
    let same = 0;
    while (same < printed.length && same < lines.length && printed[same] === lines[same]) same++;
    if (lines.length > same)
      io.stdout(
        lines
          .slice(same)
          .map((l) => `${l}\n`)
          .join(''),
      );
    printed = lines;
  };
  await flush();
  while (follow && !io.signal.aborted) {
    const terminal = isTerminalStatus((await backend.get(id, io.signal)).status);
    await flush();
    if (terminal) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return 0;
}

export function formatJobList(jobs: readonly BackendJob[], cwd: string): string {
  // The workspace is worth a column as soon as some job's store is not the current folder's own.
  const showWorkspace = jobs.some((j) => j.local && !isAtOrAbove(j.local.workspace, cwd));
  const rows = jobs.map((j) => [
    formatJobRef(j.ref),
    j.kind === 'batch_prediction' ? 'prediction' : j.kind,
    j.status,
    j.progress ? `${j.progress.completed}/${j.progress.total}` : '',
    j.createdAt.replace('T', ' ').slice(0, 19),
    j.specPath ? displayPath(j.specPath, cwd) : jobLabel(j),
    j.ref.backend,
    ...(showWorkspace ? [j.local ? displayPath(j.local.workspace, cwd) || '.' : ''] : []),
  ]);
  const header = ['ID', 'KIND', 'STATUS', 'PROGRESS', 'CREATED (UTC)', 'SPEC', 'BACKEND'];
  return alignedTable(showWorkspace ? [...header, 'WORKSPACE'] : header, rows);
}

/** A job in text: a local job's record in full; any other from the shared shape, as `relgraph kumo show`. */
export function formatAnyJob(job: BackendJob, cwd: string): string {
  return job.local ? formatJob(job.local.record, cwd) : formatBackendJob(job);
}

export function formatJob(record: JobRecord, cwd: string): string {
  const lines = [
    `${record.id}  ${record.kind}  ${record.status}`,
    `  spec:     ${displayPath(record.spec.path, cwd)}${specChanged(record) ? ' (changed since)' : ''}`,
    `  created:  ${record.createdAt}`,
  ];
  if (record.startedAt) lines.push(`  started:  ${record.startedAt}`);
  if (record.endedAt) lines.push(`  ended:    ${record.endedAt}`);
  if (record.progress) lines.push(`  progress: ${record.progress.completed}/${record.progress.total}`);
  if (record.process) lines.push(`  process:  pid ${record.process.pid} on ${record.process.hostname}`);
  lines.push(`  log:      ${displayPath(record.logPath, cwd)}`);
  if (record.eventLog.length > 0) {
    lines.push('  stages:');
    for (const e of record.eventLog) lines.push(`    ${e.at}  ${e.stage}${e.detail ? `: ${e.detail}` : ''}`);
  }
  if (record.error)
    lines.push(`  error:    ${record.error.message}${record.error.stage ? ` (during '${record.error.stage}')` : ''}`);
  const prediction = record.kind === 'batch_prediction' ? readBatchPredictionSummary(record.summary) : undefined;
  const training = record.kind === 'training' ? readTrainingJobSummary(record.summary) : undefined;
  if (record.status === 'DONE' && prediction) {
    lines.push('', formatPredictionReport(record, prediction, cwd).trimEnd());
  } else if (record.status === 'DONE' && training) {
    // What `relgraph train` printed: the metrics, the models, the top features, the trials; the whole summary is JSON.
    lines.push('', formatTrainingReport(record, cwd, false, training).trimEnd());
    lines.push(`  summary:  relgraph jobs show ${record.id} --json`);
  } else if (record.summary) {
    lines.push('  summary:', ...indentJson(record.summary));
  }
  if (record.artifacts.length > 0 && !(record.status === 'DONE' && prediction)) {
    lines.push('  artifacts:');
    for (const a of record.artifacts) lines.push(`    ${a.type}: ${displayPath(a.path, cwd)}`);
  }
  return lines.join('\n') + '\n';
}

function isAtOrAbove(dir: string, cwd: string): boolean {
  const relative = path.relative(dir, cwd);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function specChanged(record: JobRecord): boolean {
  return (
    fs.existsSync(record.spec.path) &&
    record.spec.sha256 !== '' &&
    sha256OfFile(record.spec.path) !== record.spec.sha256
  );
}

export const jobsCommand: CliCommand = {
  name: 'jobs',
  summary: 'List, show, cancel and read the logs of training and prediction jobs',
  usage: USAGE,
  run: (args, io) => runJobs(parseJobsArgs(args), io),
};
