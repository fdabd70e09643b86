import * as path from 'node:path';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { LocalJobStore } from '../../backend/local/LocalJobStore';
import { runTrainingJob, type TrainingJobSummary } from '../../engine/training/TrainingJob';
import { preJobInput, runValidated, validateBeforeRun, type ValidatedSpec } from '../validateBeforeRun';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { displayPath } from '../output/ValidationReport';

const USAGE = `Usage: relgraph train <spec.training.yaml> [options]

Trains a model for a training spec with the local engine: validates the spec (as relgraph validate
does, and refuses it on errors), loads the graph's tables, compiles the query into a training table
(every eligible entity at each anchor time from train.start_time to train.end_time, every
timeframe_step days, labelled over the target window), builds relational features, trains a gradient-
boosted tree model with early stopping on the validation anchors (from train.validation_start) and
saves the model. model.run_mode (fast, normal, best) trades time for quality.

The job is recorded under .relgraph/jobs/ (see relgraph jobs); predict with it by naming the
training spec or the job id as a prediction spec's training_job. Ctrl+C cancels it.

Options:
  --json      print the finished job record as JSON instead of the report
  --quiet     print only the job id and the final metrics (no stages)
  --no-data   skip validation's data checks
  -h, --help  show this help

Exit codes: 0 DONE, 1 validation errors or the job FAILED or was CANCELLED, 2 bad usage.`;

export interface TrainOptions {
  spec: string;
  json: boolean;
  quiet: boolean;
  data: boolean;
}

export function parseTrainArgs(args: readonly string[]): TrainOptions {
  let spec: string | undefined;
  const options = { json: false, quiet: false, data: true };
  for (const arg of args) {
    if (arg === '--json') options.json = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--no-data') options.data = false;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (spec) throw new UsageError(`one spec only (got '${spec}' and '${arg}')`);
    else spec = arg;
  }
  if (!spec) throw new UsageError('which spec? give a *.training.yaml file');
  return { ...options, spec };
}

async function runTrain(options: TrainOptions, io: CliIo): Promise<number> {
  const host = new NodeSpecHost();
  const checked = await validateBeforeRun('train', options.spec, io, {
    host,
    data: options.data,
    quiet: options.quiet,
    keepRowsForJob: true,
  });
  return runValidated(checked, (validated) => trainValidated(options, io, host, validated));
}

async function trainValidated(
  options: TrainOptions,
  io: CliIo,
  host: NodeSpecHost,
  checked: ValidatedSpec,
): Promise<number> {
  const specPath = path.resolve(io.cwd, options.spec);
  const validation = checked.validation;
  const spec = validation.spec;
  if (spec?.kind !== 'training')
    throw new UsageError(`${displayPath(specPath, io.cwd)} is not a training spec (kind: training)`);
  if (!validation.graph || !validation.query || !validation.taskType) {
    throw new Error(`${displayPath(specPath, io.cwd)}: the graph or the query could not be resolved`);
  }
  const record = await runTrainingJob(
    {
      spec,
      graph: validation.graph,
      query: validation.query,
      taskType: validation.taskType,
      resolveSource: (p, limit) => host.resolveSource(p, limit),
      dataCache: checked.dataCache,
      ...preJobInput(checked),
    },
    {
      store: LocalJobStore.forPath(specPath),
      signal: io.signal,
      onCreated: (r) => {
        if (!options.json) io.stderr(`${r.id}: log ${displayPath(r.logPath, io.cwd)}\n`);
      },
      onStage: (stage, detail) => {
        if (!options.quiet && !options.json) io.stderr(`  ${stage}${detail ? `: ${detail}` : ''}\n`);
      },
    },
  );
  if (options.json) {
    io.stdout(JSON.stringify(record, null, 2) + '\n');
    return record.status === 'DONE' ? 0 : 1;
  }
  if (record.status !== 'DONE') {
    const where = record.error?.stage ? ` during '${record.error.stage}'` : '';
    io.stderr(`${record.status} ${record.id}${where}: ${record.error?.message ?? 'no reason recorded'}\n`);
    return 1;
  }
  io.stdout(formatTrainingReport(record, io.cwd, options.quiet));
  return 0;
}

const METRIC_LABELS: [keyof TrainingJobSummary['validation_metrics'], string][] = [
  ['auroc', 'AUROC'],
  ['average_precision', 'AP'],
  ['accuracy', 'accuracy'],
  ['log_loss', 'log loss'],
  ['mae', 'MAE'],
  ['rmse', 'RMSE'],
  ['r2', 'R2'],
];

/** The human report of a DONE training job: the model, its data, its validation metrics. */
export function formatTrainingReport(
  record: JobRecord,
  cwd: string,
  quiet = false,
  s = record.summary as unknown as TrainingJobSummary,
): string {
  const metrics = METRIC_LABELS.filter(([key]) => s.validation_metrics[key] !== undefined)
    .map(([key, label]) => `${label} ${s.validation_metrics[key]!.toFixed(4)}`)
    .join('  ');
  const lines = [
    `DONE ${record.id} in ${s.total_elapsed_seconds.toFixed(1)} s (${s.task_type}, run_mode ${s.run_mode})`,
  ];
  lines.push(`  validation (${s.validation_metrics.rows} rows): ${metrics || 'no validation rows'}`);
  if (!quiet) {
    const anchors = s.first_anchor
      ? `${s.anchor_count} anchors ${s.first_anchor.slice(0, 10)} .. ${s.last_anchor?.slice(0, 10)} every ${s.timeframe_step_days} days` +
        `${s.validation_start ? `, validating from ${s.validation_start.slice(0, 10)}` : ''}`
      : 'static query (one row per entity with a known target)';
    lines.push(`  training table: ${s.train_rows} training + ${s.validation_rows} validation rows; ${anchors}`);
    const sampled = s.training_table_sampling;
    if (sampled) {
      lines.push(
        `  sampled: ${sampled.kept_rows} of ${sampled.candidate_pairs} (entity, anchor) pairs, by hash of (entity, anchor, seed); ` +
          `${sampled.sampled_pairs} labelled`,
      );
    }
    if (s.peak_rss_mb !== undefined) lines.push(`  peak memory: ${s.peak_rss_mb} MB`);
    lines.push(
      `  model: ${s.feature_count} features, ${s.rounds} boosting rounds${s.threshold !== undefined ? `, threshold ${s.threshold.toFixed(3)}` : ''}`,
    );
    const top = s.top_features.slice(0, 5).map((f) => `${f.feature} (${(100 * f.gainShare).toFixed(0)}%)`);
    if (s.report) lines.push(...s.report.filter((l) => !l.startsWith('warning: ')).map((l) => `  ${l}`));
    else if (top.length > 0) lines.push(`  top features: ${top.join(', ')}`);
    lines.push(`  model artifact: ${displayPath(s.model_path, cwd)}`);
  }
  // Warnings show even with --quiet: a model no better than a constant must not pass unnoticed.
  for (const warning of s.warnings ?? []) lines.push(`  warning: ${warning}`);
  lines.push(`  job id: ${record.id}`);
  return lines.join('\n') + '\n';
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a model for a training spec with the local engine',
  usage: USAGE,
  run: (args, io) => runTrain(parseTrainArgs(args), io),
};
