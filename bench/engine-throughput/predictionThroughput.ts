/**
 * Batch-prediction throughput of the local engine, in entities (prediction rows) per second, with 1, 2
 * and 4 workers, measured in the same run so the ratios compare like with like. Runs the real
 * `relgraph predict` (the bundled CLI when `npm run build` has been run, else the sources) on the
 * RelBench F1 data: the driver-dnf model, trained once here in a real training job, scores every
 * driver at monthly anchors (a prediction table of drivers x anchors). Also checks that every worker
 * count writes byte-identical output.
 *
 *   npx tsx bench/engine-throughput/predictionThroughput.ts [--anchors 24] [--run-mode fast|normal] [--json]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunMode, TrainingSpec } from '../../core/spec/SpecModel';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { NodeSpecHost } from '../../data/NodeSpecHost';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { LocalJobStore } from '../../backend/local/LocalJobStore';
import type { BatchPredictionSummary } from '../../engine/prediction/predictionSummary';
import { runTrainingJob } from '../../engine/training/TrainingJob';

const REPO = path.resolve(__dirname, '../..');
const F1 = path.join(REPO, 'examples/f1');
const WORKER_COUNTS = [1, 2, 4];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** A workspace under bench/.data with the F1 graphs and the dnf training spec (absolute data paths). */
function prepareWorkspace(runMode: RunMode): string {
  const dir = path.join(REPO, 'bench/.data/engine-throughput');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, '.relgraph'), { recursive: true });
  for (const graph of ['f1.graph.yaml', 'holdout.graph.yaml']) {
    const text = fs.readFileSync(path.join(F1, graph), 'utf8').replace(/source: data\//g, `source: ${F1}/data/`);
    fs.writeFileSync(path.join(dir, graph), text);
  }
  const training = fs
    .readFileSync(path.join(F1, 'driver-dnf.training.yaml'), 'utf8')
    .replace(/run_mode: \w+/, `run_mode: ${runMode}`);
  fs.writeFileSync(path.join(dir, 'driver-dnf.training.yaml'), training);
  return dir;
}

/** Trains the dnf spec in a real training job, as `relgraph train` does. */
async function train(specPath: string): Promise<{ record: JobRecord; seconds: number }> {
  const host = new NodeSpecHost();
  const validation = validateSpecFile(specPath, host);
  const spec = validation.spec as TrainingSpec;
  const started = performance.now();
  const record = await runTrainingJob(
    {
      spec,
      graph: validation.graph!,
      query: validation.query!,
      taskType: validation.taskType!,
      resolveSource: (p, n) => host.resolveSource(p, n),
    },
    { store: LocalJobStore.forPath(specPath) },
  );
  if (record.status !== 'DONE') throw new Error(`training failed: ${record.error?.message}`);
  return { record, seconds: (performance.now() - started) / 1000 };
}

/** drivers x monthly anchors ending 2009-12-01, as a prediction table. */
function writePredictionTable(dir: string, anchors: number): number {
  const drivers = fs
    .readFileSync(path.join(F1, 'data/full/drivers.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]);
  const lines = ['ENTITY,ANCHOR_TIMESTAMP'];
  for (let m = 0; m < anchors; m++) {
    const anchor = new Date(Date.UTC(2009, 11 - m, 1)).toISOString().slice(0, 10);
    for (const driver of drivers) lines.push(`${driver},${anchor}`);
  }
  fs.writeFileSync(path.join(dir, 'rows.csv'), lines.join('\n') + '\n');
  return lines.length - 1;
}

interface Run {
  workers: number;
  rows: number;
  predictSeconds: number;
  totalSeconds: number;
  rowsPerSecond: number;
  output: Buffer;
}

function predict(dir: string, workers: number, bundled: boolean): Run {
  const name = `dnf-w${workers}`;
  fs.writeFileSync(
    path.join(dir, `${name}.prediction.yaml`),
    [
      'kind: prediction',
      'training_job: driver-dnf.training.yaml',
      'graph: holdout.graph.yaml',
      'prediction_table: rows.csv',
      'binary_classification_threshold: 0.5',
      'destination:',
      '  type: local',
      `  path: out/${name}.parquet`,
      `num_workers: ${workers}`,
      '',
    ].join('\n'),
  );
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin/relgraph.js'), 'predict', `${name}.prediction.yaml`, '--json', '--no-data'],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, ...(bundled ? {} : { RELGRAPH_FROM_SOURCE: '1' }) } },
  );
  const totalSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`predict with ${workers} workers failed:\n${result.stderr}${result.stdout}`);
  const record = JSON.parse(result.stdout) as JobRecord;
  const summary = record.summary as BatchPredictionSummary;
  const predictSeconds = summary.timings_ms.Predicting / 1000;
  return {
    workers,
    rows: summary.num_entities_predicted,
    predictSeconds,
    totalSeconds,
    rowsPerSecond: summary.num_entities_predicted / predictSeconds,
    output: fs.readFileSync(path.join(dir, `out/${name}_predictions.parquet`)),
  };
}

async function main(): Promise<void> {
  const runMode = option('--run-mode', 'fast') as RunMode;
  const anchors = Number(option('--anchors', '24'));
  const bundled =
    fs.existsSync(path.join(REPO, 'dist/cli/main.js')) &&
    fs.existsSync(path.join(REPO, 'dist/engine/predictionWorker.js'));
  const dir = prepareWorkspace(runMode);
  const trained = await train(path.join(dir, 'driver-dnf.training.yaml'));
  const rows = writePredictionTable(dir, anchors);
  const runs = WORKER_COUNTS.map((w) => predict(dir, w, bundled));
  const identical = runs.every((r) => r.output.equals(runs[0].output));
  const base = runs[0];
  if (process.argv.includes('--json')) {
    const report = runs.map(({ output: _output, ...r }) => ({
      ...r,
      speedupVs1Worker: r.rowsPerSecond / base.rowsPerSecond,
    }));
    process.stdout.write(
      JSON.stringify({ runMode, rows, cores: os.availableParallelism(), bundled, identical, runs: report }, null, 2) +
        '\n',
    );
    return;
  }
  process.stdout.write(
    `Batch prediction throughput: F1 driver-dnf (run_mode ${runMode}, ${trained.record.summary?.feature_count} features, ` +
      `trained in ${trained.seconds.toFixed(1)} s), ${rows} rows (${anchors} monthly anchors x drivers), ` +
      `${os.availableParallelism()} cores, ${bundled ? 'bundled CLI' : 'TypeScript sources (run npm run build for bundled figures)'}\n\n` +
      `workers  predicting (s)  entities/s  vs 1 worker  whole command (s)\n`,
  );
  for (const r of runs) {
    process.stdout.write(
      `${String(r.workers).padStart(7)}  ${r.predictSeconds.toFixed(2).padStart(14)}  ${Math.round(r.rowsPerSecond).toString().padStart(10)}  ` +
        `${(r.rowsPerSecond / base.rowsPerSecond).toFixed(2).padStart(10)}x  ${r.totalSeconds.toFixed(2).padStart(17)}\n`,
    );
  }
  process.stdout.write(`\noutputs byte-identical across worker counts: ${identical ? 'yes' : 'NO'}\n`);
  if (!identical) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
