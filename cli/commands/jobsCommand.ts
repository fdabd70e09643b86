import * as fs from 'node:fs';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { isTerminalStatus } from '../../core/jobs/JobStatus';
import { sha256OfFile } from '../../engine/jobs/JobStore';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';
import { formatPredictionReport } from './predictCommand';
import { storeFor } from './predictionsCommand';

const USAGE = `Usage: relgraph jobs <list|show|cancel|logs> [job id] [options]

The local jobs of the workspace (the nearest folder with a .relgraph/ folder, from the current folder).
A job whose process died is marked FAILED, with the reason, when it is next listed or shown.

  relgraph jobs list [--json]          every job, newest first: id, kind, status, progress, created, spec
  relgraph jobs show <id> [--json]     one job: status, stages, error, summary, outputs
  relgraph jobs cancel <id>            ask a running job to stop (it ends CANCELLED, leaving no partial output)
  relgraph jobs logs <id> [--follow]   the job's log; --follow keeps printing until the job ends

Options:
  --workspace <dir>   read the jobs of this workspace instead
  -h, --help          show this help`;

type Action = 'list' | 'show' | 'cancel' | 'logs';

export interface JobsOptions {
  action: Action;
  jobId?: string;
  json: boolean;
  follow: boolean;
  workspace?: string;
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
  const options: JobsOptions = { action: action as Action, json: false, follow: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--follow' || arg === '-f') options.follow = true;
    else if (arg === '--workspace') {
      options.workspace = rest[++i];
      if (options.workspace === undefined) throw new UsageError('--workspace needs a folder');
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (options.jobId || options.action === 'list') throw new UsageError(`unexpected argument '${arg}'`);
    else options.jobId = arg;
  }
  if (options.action !== 'list' && !options.jobId)
    throw new UsageError(`jobs ${options.action} needs a job id (see relgraph jobs list)`);
  return options;
}

async function runJobs(options: JobsOptions, io: CliIo): Promise<number> {
  const store = storeFor(io, options.workspace);
  switch (options.action) {
    case 'list': {
      const records = store.list();
      if (options.json) io.stdout(JSON.stringify(records, null, 2) + '\n');
      else if (records.length === 0) io.stdout(`no jobs in ${displayPath(store.jobsDir, io.cwd)}\n`);
      else io.stdout(formatJobList(records, io.cwd));
      return 0;
    }
    case 'show': {
      const record = store.require(options.jobId!);
      io.stdout(options.json ? JSON.stringify(record, null, 2) + '\n' : formatJob(record, io.cwd));
      return 0;
    }
    case 'cancel': {
      const before = store.require(options.jobId!);
      if (isTerminalStatus(before.status)) {
        io.stdout(`${before.id} is already ${before.status}\n`);
        return 0;
      }
      const after = store.requestCancel(before.id);
      io.stdout(
        after.status === 'CANCELLED'
          ? `${after.id} CANCELLED (${after.error?.message})\n`
          : `cancel requested: ${after.id} stops at its next check and ends CANCELLED\n`,
      );
      return 0;
    }
    case 'logs':
      return followLog(store, options.jobId!, options.follow, io);
  }
}

/** Prints the log, and with `follow` whatever is appended until the job is terminal (or Ctrl+C). */
async function followLog(store: ReturnType<typeof storeFor>, id: string, follow: boolean, io: CliIo): Promise<number> {
  store.require(id);
  let printed = 0;
  const flush = () => {
    const text = store.readLog(id);
    if (text.length > printed) io.stdout(text.slice(printed));
    printed = text.length;
  };
  flush();
  while (follow && !io.signal.aborted) {
    store.markDeadJobs();
    const terminal = isTerminalStatus(store.require(id).status);
    flush();
    if (terminal) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return 0;
}

export function formatJobList(records: readonly JobRecord[], cwd: string): string {
  const rows = records.map((r) => [
    r.id,
    r.kind === 'batch_prediction' ? 'prediction' : r.kind,
    r.status,
    r.progress ? `${r.progress.completed}/${r.progress.total}` : '',
    r.createdAt.replace('T', ' ').slice(0, 19),
    displayPath(r.spec.path, cwd),
  ]);
  const header = ['ID', 'KIND', 'STATUS', 'PROGRESS', 'CREATED (UTC)', 'SPEC'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
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
  if (record.status === 'DONE' && record.kind === 'batch_prediction' && record.summary) {
    lines.push('', formatPredictionReport(record, cwd).trimEnd());
  } else if (record.summary) {
    lines.push(
      '  summary:',
      ...JSON.stringify(record.summary, null, 2)
        .split('\n')
        .map((l) => `    ${l}`),
    );
  }
  if (record.artifacts.length > 0 && record.kind !== 'batch_prediction') {
    lines.push('  artifacts:');
    for (const a of record.artifacts) lines.push(`    ${a.type}: ${displayPath(a.path, cwd)}`);
  }
  return lines.join('\n') + '\n';
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
  summary: 'List, show, cancel and read the logs of local training and prediction jobs',
  usage: USAGE,
  run: (args, io) => runJobs(parseJobsArgs(args), io),
};
