import * as path from 'node:path';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { LocalJobStore } from '../../backend/local/LocalJobStore';
import { outputFilesOf, readOutputRows } from '../../engine/prediction/predictionArtifacts';
import { readBatchPredictionSummary, type BatchPredictionSummary } from '../../core/jobs/BatchPredictionSummary';
import { MAX_PREDICTION_WORKERS, runBatchPrediction } from '../../engine/prediction/runBatchPrediction';
import { preJobInput, runValidated, validateBeforeRun, type ValidatedSpec } from '../validateBeforeRun';
import { isKumoPrediction, KUMO_PREDICT_USAGE, runKumoPredict } from '../kumo/kumoPredict';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';
import { displayValue, formatRowsTable, nonNegativeInteger } from './predictionsCommand';

const USAGE = `Usage: relgraph predict <spec.prediction.yaml> [options]

Runs a batch prediction job: validates the spec (as relgraph validate does, and refuses it on errors),
loads the trained model of its training_job, selects the rows to predict (the prediction_table; else the
entities eligible at anchor_time for temporal queries, or those with a missing target for static ones),
predicts on num_workers worker threads and writes one output per output type
(<name>_predictions, <name>_embeddings) under its final name only once complete.

The job is recorded under .relgraph/jobs/ (see relgraph jobs). Ctrl+C cancels it.

Options:
  --workers <n>   override num_workers (1-${MAX_PREDICTION_WORKERS})
  --head <n>      rows of the predictions to print at the end (default 5; 0: none)
  --no-data       skip validation's data checks
  --json          print the finished job record as JSON instead of the report
  -h, --help      show this help

Exit codes: 0 DONE, 1 validation errors or the job FAILED or was CANCELLED, 2 bad usage.

${KUMO_PREDICT_USAGE}`;

export interface PredictOptions {
  spec: string;
  workers?: number;
  head: number;
  data: boolean;
  json: boolean;
}

export function parsePredictArgs(args: readonly string[]): PredictOptions {
  let spec: string | undefined;
  const options: Omit<PredictOptions, 'spec'> = { head: 5, data: true, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--workers') {
      const n = nonNegativeInteger(value(), '--workers');
      if (n < 1 || n > MAX_PREDICTION_WORKERS) throw new UsageError(`--workers must be 1 to ${MAX_PREDICTION_WORKERS}`);
      options.workers = n;
    } else if (arg === '--head') options.head = nonNegativeInteger(value(), '--head');
    else if (arg === '--no-data') options.data = false;
    else if (arg === '--json') options.json = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (spec) throw new UsageError(`one spec only (got '${spec}' and '${arg}')`);
    else spec = arg;
  }
  if (!spec) throw new UsageError('which spec? give a *.prediction.yaml file');
  return { ...options, spec };
}

async function runPredict(options: PredictOptions, io: CliIo): Promise<number> {
  const host = new NodeSpecHost();
  const checked = await validateBeforeRun('predict', options.spec, io, {
    host,
    data: options.data,
    keepRowsForJob: true,
  });
  return runValidated(checked, (validated) => predictValidated(options, io, host, validated));
}

async function predictValidated(
  options: PredictOptions,
  io: CliIo,
  host: NodeSpecHost,
  checked: ValidatedSpec,
): Promise<number> {
  const specPath = path.resolve(io.cwd, options.spec);
  const validation = checked.validation;
  const prediction = validation.prediction;
  if (!prediction) throw new UsageError(`${displayPath(specPath, io.cwd)} is not a prediction spec (kind: prediction)`);
  if (!validation.graph) {
    throw new Error(
      `${displayPath(specPath, io.cwd)}: no inference graph: add 'graph:' (a *.graph.yaml file or an inline graph); ` +
        `without it the training spec's graph is used, which a training job id does not name`,
    );
  }
  const store = LocalJobStore.forPath(specPath);
  const record = await runBatchPrediction(
    {
      prediction: options.workers ? { ...prediction, numWorkers: options.workers } : prediction,
      graph: validation.graph,
      resolveSource: (p, limit) => host.resolveSource(p, limit),
      dataCache: checked.dataCache,
      ...preJobInput(checked),
    },
    {
      store,
      signal: io.signal,
      onCreated: (r) => io.stderr(`${r.id}: log ${displayPath(r.logPath, io.cwd)}\n`),
      onStage: (stage, detail) => io.stderr(`  ${stage}${detail ? `: ${detail}` : ''}\n`),
    },
  );
  if (options.json) {
    io.stdout(JSON.stringify(record, null, 2) + '\n');
    return record.status === 'DONE' ? 0 : 1;
  }
  if (record.status !== 'DONE') {
    const where = record.error?.stage ? ` during '${record.error.stage}'` : '';
    io.stderr(`${record.status} ${record.id}${where}: ${record.error?.message ?? 'no reason recorded'}\n`);
    io.stderr('No output was written (nothing partial is left at the destination).\n');
    return 1;
  }
  const summary = readBatchPredictionSummary(record.summary);
  if (summary) io.stdout(formatPredictionReport(record, summary, io.cwd));
  const predictions = outputFilesOf(record, 'predictions');
  if (options.head > 0 && predictions) {
    const rows = await readOutputRows(predictions, options.head);
    io.stdout(
      `\nFirst ${rows.rows.length} of ${rows.total} prediction rows:\n${formatRowsTable(rows.columns, rows.rows)}`,
    );
  }
  return 0;
}

/** The human report of a DONE batch-prediction job: summary, scores, timings, outputs. */
export function formatPredictionReport(record: JobRecord, s: BatchPredictionSummary, cwd: string): string {
  const seconds =
    record.startedAt && record.endedAt ? (Date.parse(record.endedAt) - Date.parse(record.startedAt)) / 1000 : 0;
  const lines = [`DONE ${record.id} in ${seconds.toFixed(1)} s (model ${s.training_job_id}, ${s.task_type})`];
  const anchor =
    s.anchor_time === null
      ? 'none (static query)'
      : `${s.anchor_time_min ? `${s.anchor_time_min} .. ` : ''}${s.anchor_time} (${s.anchor_time_source.replace('_', ' ')})`;
  lines.push(`  entities predicted: ${s.num_entities_predicted}   anchor time: ${anchor}   workers: ${s.num_workers}`);
  const d = s.score_distribution;
  if (d) {
    const name = s.binary ? 'TRUE_PROB' : 'TARGET_PRED';
    const q = [
      `min ${f(d.min)}`,
      `p10 ${f(d.p10)}`,
      `p50 ${f(d.p50)}`,
      `mean ${f(d.mean)}`,
      `p90 ${f(d.p90)}`,
      `max ${f(d.max)}`,
    ];
    lines.push(`  ${name}: ${q.join('  ')}`);
  }
  if (s.binary) {
    lines.push(
      `  threshold ${s.binary.threshold}: ${s.binary.predicted_true} predicted true, ${s.binary.predicted_false} false`,
    );
  }
  if (s.class_counts) {
    const top = s.class_counts.slice(0, 8).map((c) => `${displayValue(c.class)} ${c.count}`);
    lines.push(`  predicted classes: ${top.join(', ')}${s.class_counts.length > 8 ? ', ...' : ''}`);
  }
  const peak = s.peak_rss_bytes === undefined ? '' : `; peak memory ${Math.round(s.peak_rss_bytes / 2 ** 20)} MB`;
  lines.push(
    `  timings: ${Object.entries(s.timings_ms)
      .map(([stage, ms]) => `${stage} ${ms} ms`)
      .join(', ')}${peak}`,
  );
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  lines.push('  outputs:');
  for (const o of s.outputs) {
    const files =
      o.files.length === 1 ? '' : ` (${o.files.length} files: ${o.files.map((x) => path.basename(x)).join(', ')})`;
    lines.push(`    ${o.type.padEnd(11)} ${o.format.padEnd(7)} ${o.rows} rows  ${displayPath(o.path, cwd)}${files}`);
  }
  const store = path.dirname(record.logPath);
  lines.push(
    `  job record: ${displayPath(path.join(store, `${record.id}.json`), cwd)} (relgraph jobs show ${record.id})`,
  );
  return lines.join('\n') + '\n';
}

function f(x: number): string {
  return displayValue(x);
}

export const predictCommand: CliCommand = {
  name: 'predict',
  summary: 'Run a batch prediction job from a *.prediction.yaml spec',
  usage: USAGE,
  // A Kumo model runs on Kumo (cli/kumo/kumoPredict.ts); everything else on the local engine.
  run: (args, io) => (isKumoPrediction(args, io) ? runKumoPredict(args, io) : runPredict(parsePredictArgs(args), io)),
};
