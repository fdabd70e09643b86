import * as fs from 'node:fs';
import * as path from 'node:path';
import { JobBackendError, type OutputArtifact } from '../../backend/JobBackend';
import { isTerminalStatus } from '../../core/jobs/JobStatus';
import { isCacheStale } from '../../core/kumo/KumoTrainingGraph';
import { listKumoTrainingGraphs } from '../../data/kumo/kumoTrainingGraphCache';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { createCliKumoBackend, kumoWorkspace } from '../kumo/cliKumoBackend';
import { showJobOutput } from '../jobOutput';
import { formatBackendJob, formatBackendJobList, getJobWithProgress } from '../kumo/formatBackendJob';
import { isS3Path, kumoExportDestination } from '../kumo/kumoExportDestination';
import {
  intervalMs,
  kumoJobId,
  parseArgs,
  single,
  statusesOf,
  tagsOf,
  wholeNumber,
  type ParsedArgs,
} from '../kumo/kumoArgs';
import { followAndReport } from '../kumo/kumoPredict';
import type { RowsFormat } from '../kumo/printRows';
import { refreshTrainingGraph } from '../kumo/refreshTrainingGraph';
import { displayPath } from '../output/ValidationReport';

const USAGE = `Usage: relgraph kumo <action> [arguments] [options]

Kumo cloud as a backend: validate against training graphs trained on Kumo, launch batch predictions
there, follow, cancel and download them. Connects with KUMO_API_URL (like https://<customer>.kumoai.cloud/api)
and KUMO_API_KEY from the environment; the key is never printed or written anywhere.

  relgraph kumo status                          check the connection; list the pulled training graphs
  relgraph kumo pull kumo:<trainingjob-id>      cache the job's query and graph in .relgraph/kumo/ (needs kumoai)
  relgraph kumo script <spec> [-o file.py]      write the SDK script that predicts on another graph
  relgraph kumo jobs [filters] [--json]         Kumo's jobs, newest first
  relgraph kumo show kumo:<id> [--json]         one job: status, progress, stages, validation, result
  relgraph kumo logs kumo:<id>                  the job's event log
  relgraph kumo follow kumo:<id>                follow a job until it ends (Ctrl+C detaches)
  relgraph kumo cancel kumo:<id>                ask Kumo to cancel a job
  relgraph kumo predictions kumo:<id> [options] a DONE batch prediction's rows (predictions_df)
  relgraph kumo export kumo:<id> <destination>  copy an output to S3 or a warehouse table (POST /artifact)

Launch with 'relgraph predict <spec>' (training_job: kumo:<id>). Options:
  --python <path>           pull, predict on another graph: the Python with kumoai (else KUMO_PYTHON, else python3)
  --force                   pull: pull even when the cached copy is current
  --workspace <dir>         pull, status: the workspace whose .relgraph/ holds the cache (default: the current one)
  --kind <training|prediction>, --status <S>[,S], --limit <n>, --tag <k=v>   jobs: filters (tags repeatable)
  --head <n>                predictions: only the first n rows, downloading only the partitions needed
  --output-type <predictions|embeddings>                                     predictions, export: which output
  --format <table|csv|json>  predictions: how rows are printed
  --out <file>              predictions: write the rows to a .csv or .parquet file instead of printing them
  --path <s3://...> [--connector <name>]                                     export: to S3
  --storage <snowflake|bigquery|databricks> --connector <name> --table <t>  export: to a warehouse table
  --wait                    export: wait until the export job ends
  --interval <seconds>      follow, export --wait: seconds between polls (default 10)
  --json                    machine-readable output
  -h, --help                show this help`;

type Action = (parsed: ParsedArgs, io: CliIo) => Promise<number>;

const ACTIONS: Record<string, { flags?: string[]; values?: string[]; run: Action }> = {
  status: { values: ['--workspace'], flags: ['--json'], run: status },
  pull: { values: ['--python', '--workspace'], flags: ['--force'], run: pull },
  script: { values: ['--output', '--tag'], run: script },
  jobs: { values: ['--kind', '--status', '--limit', '--tag'], flags: ['--json'], run: jobs },
  show: { flags: ['--json'], run: show },
  logs: { run: logs },
  follow: { values: ['--interval', '--head'], flags: ['--json'], run: follow },
  cancel: { run: cancel },
  predictions: { values: ['--head', '--output-type', '--format', '--out'], run: predictions },
  export: {
    values: ['--output-type', '--path', '--connector', '--table', '--storage', '--interval'],
    flags: ['--wait'],
    run: exportOutput,
  },
};

async function runKumo(args: readonly string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const entry = action ? ACTIONS[action] : undefined;
  if (!entry) {
    throw new UsageError(
      action ? `unknown kumo action '${action}'` : `kumo needs an action: ${Object.keys(ACTIONS).join(', ')}`,
    );
  }
  try {
    return await entry.run(parseArgs(rest, entry), io);
  } catch (error) {
    if (error instanceof JobBackendError && !io.signal.aborted) {
      io.stderr(`relgraph kumo ${action}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function positional(parsed: ParsedArgs, count: number, what: string): string[] {
  if (parsed.positionals.length !== count) throw new UsageError(`${what}`);
  return parsed.positionals;
}

async function status(parsed: ParsedArgs, io: CliIo): Promise<number> {
  positional(parsed, 0, 'status takes no arguments');
  const backend = createCliKumoBackend(io);
  const { connectors } = await backend.checkConnection(io.signal);
  const workspace = kumoWorkspace(io, single(parsed, '--workspace'));
  const cached = listKumoTrainingGraphs(workspace);
  const graphs = [];
  for (const read of cached) {
    if (read.state !== 'ok') {
      graphs.push({
        file: read.path,
        state: 'unreadable',
        problem: read.state === 'unreadable' ? read.problem : 'missing',
      });
      continue;
    }
    let state = 'current';
    try {
      const job = await backend.get(read.graph.jobId, io.signal);
      if (isCacheStale(read.graph, job.updatedAt)) state = 'stale: pull again';
    } catch (error) {
      state = `not checked (${(error as Error).message})`;
    }
    // The connectors the model's tables were read through: where new tables of the same kind likely are.
    const connectors = [
      ...new Set(read.graph.tables.flatMap((t) => (t.source?.connector ? [t.source.connector] : []))),
    ];
    graphs.push({ job: `kumo:${read.graph.jobId}`, file: read.path, pulledAt: read.graph.pulledAt, state, connectors });
  }
  if (parsed.flags.has('--json')) {
    io.stdout(
      JSON.stringify({ url: backend.client.url, connected: true, connectors, trainingGraphs: graphs }, null, 2) + '\n',
    );
    return 0;
  }
  io.stdout(
    `Connected to Kumo at ${backend.client.url}${connectors !== undefined ? ` (${connectors} connectors)` : ''}\n`,
  );
  io.stdout(
    graphs.length === 0
      ? `No pulled training graphs in ${displayPath(workspace, io.cwd) || '.'}\n`
      : 'Pulled training graphs:\n',
  );
  for (const g of graphs) {
    io.stdout(
      `  ${'job' in g ? `${g.job}  pulled ${g.pulledAt}  ${g.state}` : `${displayPath(g.file, io.cwd)}  unreadable: ${g.problem}`}\n`,
    );
  }
  return 0;
}

async function pull(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const [ref] = positional(parsed, 1, 'pull needs one training job: relgraph kumo pull kumo:<trainingjob-id>');
  const jobId = kumoJobId(ref, 'a Kumo training job (kumo:<trainingjob-id>)');
  const backend = createCliKumoBackend(io, { python: single(parsed, '--python') });
  const workspace = kumoWorkspace(io, single(parsed, '--workspace'));
  const outcome = await refreshTrainingGraph(backend, jobId, workspace, io, {
    python: single(parsed, '--python'),
    force: parsed.flags.has('--force'),
  });
  if (outcome.state === 'not-cached') return 1;
  const { graph, file } = outcome;
  if (outcome.state === 'fresh') {
    io.stdout(`kumo:${jobId} is up to date (pulled ${graph.pulledAt}): ${displayPath(file, io.cwd)}\n`);
    return 0;
  }
  for (const warning of outcome.warnings) io.stderr(`warning: ${warning}\n`);
  const columns = graph.tables.reduce((n, t) => n + t.columns.length, 0);
  io.stdout(
    [
      `Pulled kumo:${jobId} (${graph.taskType}): ${graph.tables.length} tables, ${columns} columns, ${graph.edges.length} edges`,
      `  query:  ${graph.query}`,
      `  tables: ${graph.tables.map((t) => t.name).join(', ')}`,
      `  cached: ${displayPath(file, io.cwd)}`,
      `Prediction specs with 'training_job: kumo:${jobId}' are now checked against it (relgraph validate, the editor).`,
    ].join('\n') + '\n',
  );
  return 0;
}

async function script(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const [spec] = positional(parsed, 1, 'script needs one *.prediction.yaml spec');
  const backend = createCliKumoBackend(io);
  const text = backend.script(path.resolve(io.cwd, spec), tagsOf(parsed));
  const output = single(parsed, '--output');
  if (!output) {
    io.stdout(text);
    return 0;
  }
  const file = path.resolve(io.cwd, output);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(temporary, text, { mode: 0o644 });
  fs.renameSync(temporary, file);
  io.stderr(
    `Wrote ${displayPath(file, io.cwd)}: run it with KUMO_API_URL and KUMO_API_KEY set (python3 ${displayPath(file, io.cwd)}).\n`,
  );
  return 0;
}

async function jobs(parsed: ParsedArgs, io: CliIo): Promise<number> {
  positional(parsed, 0, 'jobs takes filters only (--kind, --status, --limit, --tag)');
  const kind = single(parsed, '--kind');
  if (kind !== undefined && kind !== 'training' && kind !== 'prediction')
    throw new UsageError('--kind must be training or prediction');
  const backend = createCliKumoBackend(io);
  const listing = await backend.list(
    {
      kind: kind === 'prediction' ? 'batch_prediction' : kind === 'training' ? 'training' : undefined,
      status: statusesOf(parsed),
      limit: wholeNumber(single(parsed, '--limit'), '--limit'),
      tags: tagsOf(parsed),
    },
    io.signal,
  );
  if (parsed.flags.has('--json')) io.stdout(JSON.stringify(listing, null, 2) + '\n');
  else if (listing.jobs.length === 0) io.stdout(`no jobs on Kumo (${backend.host}) match\n`);
  else io.stdout(formatBackendJobList(listing.jobs));
  for (const bad of listing.unreadable) io.stderr(`warning: ${bad.source} could not be read: ${bad.reason}\n`);
  return 0;
}

async function show(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const id = kumoJobId(positional(parsed, 1, 'show needs one job id (kumo:<id>)')[0]);
  const job = await getJobWithProgress(createCliKumoBackend(io), id, io.signal);
  io.stdout(parsed.flags.has('--json') ? JSON.stringify(job, null, 2) + '\n' : formatBackendJob(job));
  return 0;
}

async function logs(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const id = kumoJobId(positional(parsed, 1, 'logs needs one job id (kumo:<id>)')[0]);
  const lines = await createCliKumoBackend(io).log(id, io.signal);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

async function follow(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const id = kumoJobId(positional(parsed, 1, 'follow needs one job id (kumo:<id>)')[0]);
  const backend = createCliKumoBackend(io);
  return followAndReport(backend, { backend: 'kumo', id }, io, {
    intervalMs: intervalMs(parsed),
    head: wholeNumber(single(parsed, '--head'), '--head') ?? 0,
    json: parsed.flags.has('--json'),
  });
}

async function cancel(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const id = kumoJobId(positional(parsed, 1, 'cancel needs one job id (kumo:<id>)')[0]);
  const outcome = await createCliKumoBackend(io).cancel(id, io.signal);
  io.stdout(`${outcome.message}\n`);
  return 0;
}

function outputType(parsed: ParsedArgs): OutputArtifact {
  const type = single(parsed, '--output-type') ?? 'predictions';
  if (type !== 'predictions' && type !== 'embeddings')
    throw new UsageError('--output-type must be predictions or embeddings');
  return type;
}

/** The same as `relgraph predictions kumo:<id>`, kept for the Kumo commands' users. */
async function predictions(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const id = kumoJobId(positional(parsed, 1, 'predictions needs one batch prediction job (kumo:bp-job-...)')[0]);
  const format = (single(parsed, '--format') ?? 'table') as RowsFormat;
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError('--format must be table, csv or json');
  const options = {
    outputType: outputType(parsed),
    format,
    head: wholeNumber(single(parsed, '--head'), '--head'),
    out: single(parsed, '--out'),
  };
  return showJobOutput(createCliKumoBackend(io), { backend: 'kumo', id }, options, io);
}

async function exportOutput(parsed: ParsedArgs, io: CliIo): Promise<number> {
  const id = kumoJobId(positional(parsed, 1, 'export needs one batch prediction job (kumo:bp-job-...)')[0]);
  const pathValue = single(parsed, '--path');
  const storage = single(parsed, '--storage');
  if (pathValue && !isS3Path(pathValue))
    throw new UsageError(
      '--path must be an s3:// path (download to this machine with relgraph kumo predictions --out)',
    );
  const destination = kumoExportDestination({
    s3Path: pathValue,
    storage,
    connector: single(parsed, '--connector'),
    table: single(parsed, '--table'),
  });
  if (!destination) throw new UsageError('where to? give --path s3://..., or --storage with --connector and --table');
  const backend = createCliKumoBackend(io);
  const outcome = await backend.export({ id, artifact: outputType(parsed), destination }, io.signal);
  io.stdout(`${outcome.message}\n`);
  if (!parsed.flags.has('--wait') || !outcome.exportJob) return 0;
  const wait = intervalMs(parsed);
  for (;;) {
    const state = await backend.exportStatus(outcome.exportJob.id, io.signal);
    if (isTerminalStatus(state)) {
      io.stdout(`export kumo:${outcome.exportJob.id} ${state}\n`);
      return state === 'DONE' ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (io.signal.aborted) {
      io.stderr(`Stopped waiting: export kumo:${outcome.exportJob.id} keeps running on Kumo.\n`);
      return 130;
    }
  }
}

export const kumoCommand: CliCommand = {
  name: 'kumo',
  summary: 'Kumo cloud: connection, pulled training graphs, SDK scripts, jobs, outputs, exports',
  usage: USAGE,
  run: runKumo,
};
