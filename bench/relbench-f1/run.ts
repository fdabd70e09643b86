/**
 * RelBench rel-f1 driver tasks on the local engine, scored on RelBench's validation AND test splits.
 *
 * For each task, run mode and seed: `relgraph train` (the command itself, in process) on a training spec
 * with RelBench's periods (training anchors before 2005-01-01, validation anchors 2005-2009, the
 * training graph cut at 2009-12-31), then `relgraph predict` on the full data with a prediction table
 * of RelBench's test rows (anchors from 2010-01-01; 702 / 726 / 760 rows). Validation scores come from
 * the training job's holdout predictions (models that never saw those rows) on RelBench's validation
 * rows. The naive baselines are computed in the same run on the same rows; the published test scores
 * are printed beside them. Labels are RelBench's, computed here from the data: the engine never sees
 * them. Nothing is tuned here: the benchmark only measures.
 *
 *   npx tsx bench/relbench-f1/run.ts [--task driver-dnf] [--mode default|fast|normal|best|all]
 *                                    [--seeds 1,2,3] [--json out.json]
 *
 * `default` trains with the default settings: the training spec's `model:` block sets only the seed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trainCommand } from '../../cli/commands/trainCommand';
import { predictCommand } from '../../cli/commands/predictCommand';
import type { CliCommand } from '../../cli/CliCommand';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { DuckDbSession } from '../../data/DuckDbSession';
import { sqlString } from '../../data/sourceScan';
import { readFloat64Column } from '../../engine/features/duckDbColumns';
import { loadGraphTables, type LoadedGraph } from '../../engine/features/GraphTables';
import { areaUnderRoc, meanAbsoluteError } from '../../engine/model';
import type { TrainingJobSummary } from '../../engine/training/TrainingJob';
import { createBenchWorkspace, writePredictionSpec, writeTrainingSpec, type BenchMode } from './benchWorkspace';
import { f1DataDir, f1GraphSources } from './f1Graph';
import { naiveBaselineScores } from './naiveBaseline';
import { createSplitTable, writePredictionTable } from './relbenchSplits';
import { RELBENCH_F1_TASKS, type RelbenchTask } from './relbenchTasks';
import { formatReport, type RunResult, type TaskReport } from './benchReport';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface CommandRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  cpuSeconds: number;
}

async function runCommand(command: CliCommand, args: string[], cwd: string): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const cpu = process.cpuUsage();
  const exitCode = await command.run(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
    env: process.env,
    signal: new AbortController().signal,
  });
  const used = process.cpuUsage(cpu);
  return {
    exitCode,
    stdout,
    stderr,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

function recordOf(run: CommandRun, what: string): JobRecord {
  const record = JSON.parse(run.stdout) as JobRecord;
  if (run.exitCode !== 0 || record.status !== 'DONE') {
    throw new Error(`${what} ended ${record.status}: ${record.error?.message ?? run.stderr}`);
  }
  return record;
}

const metricOf = (task: RelbenchTask, labels: Float64Array, scores: Float64Array) =>
  task.metric === 'auroc' ? areaUnderRoc(labels, scores) : meanAbsoluteError(labels, scores);

/** Scores a split: the model's predictions joined to RelBench's labels (rows without a prediction fail loudly). */
async function scoreRows(
  session: DuckDbSession,
  task: RelbenchTask,
  splitTable: string,
  predictionsSql: string,
): Promise<{ metric: number; rows: number; rowsTable: string }> {
  const rowsTable = `${splitTable}_scored`;
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${rowsTable} AS SELECT s.ENTITY, s.ANCHOR_TIMESTAMP, s.TARGET, p.PREDICTION ` +
      `FROM ${splitTable} s JOIN (${predictionsSql}) p ON p.ENTITY = s.ENTITY AND p.ANCHOR_TIMESTAMP = s.ANCHOR_TIMESTAMP`,
  );
  const labels = await readFloat64Column(session, `SELECT TARGET FROM ${rowsTable} ORDER BY ANCHOR_TIMESTAMP, ENTITY`);
  const scores = await readFloat64Column(
    session,
    `SELECT PREDICTION FROM ${rowsTable} ORDER BY ANCHOR_TIMESTAMP, ENTITY`,
  );
  return { metric: metricOf(task, labels, scores), rows: labels.length, rowsTable };
}

async function baselineOn(
  session: DuckDbSession,
  graph: LoadedGraph,
  task: RelbenchTask,
  rowsTable: string,
  trainingMean: number,
): Promise<number> {
  const labels = await readFloat64Column(session, `SELECT TARGET FROM ${rowsTable} ORDER BY ANCHOR_TIMESTAMP, ENTITY`);
  return metricOf(task, labels, await naiveBaselineScores(session, graph, task, rowsTable, trainingMean));
}

async function runOne(
  session: DuckDbSession,
  graph: LoadedGraph,
  workspace: string,
  task: RelbenchTask,
  mode: BenchMode,
  seed: number,
  testTable: string,
): Promise<RunResult> {
  const name = `${task.name}-${mode}-seed${seed}`;
  const spec = writeTrainingSpec(workspace, task, mode, seed);
  const train = await runCommand(trainCommand, [spec, '--json'], workspace);
  const record = recordOf(train, `relgraph train ${path.basename(spec)}`);
  const summary = record.summary as unknown as TrainingJobSummary;
  const holdout = record.artifacts.find((a) => a.type === 'validation_predictions');
  if (!holdout) throw new Error(`${record.id} wrote no validation predictions`);
  const validation = await scoreRows(
    session,
    task,
    'split_validation',
    `SELECT ENTITY, ANCHOR_TIMESTAMP, PREDICTION FROM read_parquet(${sqlString(holdout.path)})`,
  );

  const predictionSpec = writePredictionSpec(
    workspace,
    task,
    `${name}-test`,
    spec,
    path.join(workspace, `${task.name}-test-rows.csv`),
  );
  const predict = await runCommand(predictCommand, [predictionSpec, '--json', '--head', '0'], workspace);
  const output = recordOf(predict, `relgraph predict ${path.basename(predictionSpec)}`).artifacts.find(
    (a) => a.type === 'predictions',
  );
  if (!output) throw new Error(`${name}: relgraph predict wrote no predictions`);
  const column = task.taskType === 'binary_classification' ? 'TRUE_PROB' : 'TARGET_PRED';
  const test = await scoreRows(
    session,
    task,
    testTable,
    `SELECT ENTITY, CAST(ANCHOR_TIMESTAMP AS TIMESTAMP) AS ANCHOR_TIMESTAMP, ${column} AS PREDICTION FROM read_csv(${sqlString(output.files[0])})`,
  );
  return {
    mode,
    seed,
    validation: validation.metric,
    validationRows: validation.rows,
    validationRowsTable: validation.rowsTable,
    test: test.metric,
    testRows: test.rows,
    trainSeconds: { wall: train.wallSeconds, job: summary.total_elapsed_seconds, cpu: train.cpuSeconds },
    predictSeconds: predict.wallSeconds,
    trainRows: summary.train_rows,
    validationJobRows: summary.validation_rows,
    features: summary.feature_count,
    candidateFeatures: summary.candidate_feature_count ?? summary.feature_count,
    models: summary.models,
    topFeatures: summary.top_features.slice(0, 5),
    jobId: record.id,
  };
}

async function main(): Promise<void> {
  const only = option('--task');
  const modeOption = option('--mode') ?? 'default';
  const modes: BenchMode[] =
    modeOption === 'all' ? ['default', 'fast', 'normal', 'best'] : (modeOption.split(',') as BenchMode[]);
  const seeds = (option('--seeds') ?? '1,2,3').split(',').map(Number);
  const jsonOut = option('--json');
  const workspace = createBenchWorkspace();
  const session = await DuckDbSession.open({ threads: 2 });
  const loadBefore = os.loadavg()[0];
  const reports: TaskReport[] = [];
  try {
    const graph = await loadGraphTables(session, f1GraphSources(f1DataDir()));
    for (const task of RELBENCH_F1_TASKS.filter((t) => !only || t.name === only)) {
      const validationRows = await createSplitTable(session, graph, task, 'validation', 'split_validation');
      const testRows = await createSplitTable(session, graph, task, 'test', 'split_test');
      if (validationRows !== task.relbenchRows.validation || testRows !== task.relbenchRows.test) {
        throw new Error(
          `${task.name}: RelBench's splits have ${task.relbenchRows.validation} / ${task.relbenchRows.test} rows, computed ${validationRows} / ${testRows}`,
        );
      }
      await writePredictionTable(session, 'split_test', path.join(workspace, `${task.name}-test-rows.csv`));
      const trainingMean = await trainingLabelMean(session, graph, task);
      const testBaseline = await baselineOn(session, graph, task, 'split_test', trainingMean);
      const runs: RunResult[] = [];
      for (const mode of modes) {
        for (const seed of seeds) {
          process.stderr.write(`${task.name} ${mode} seed ${seed} ...\n`);
          const run = await runOne(session, graph, workspace, task, mode, seed, 'split_test');
          run.validationBaseline = await baselineOn(session, graph, task, run.validationRowsTable, trainingMean);
          runs.push(run);
          process.stderr.write(
            `  validation ${run.validation.toFixed(4)} (baseline ${run.validationBaseline.toFixed(4)}), test ${run.test.toFixed(4)} ` +
              `(baseline ${testBaseline.toFixed(4)}), train ${run.trainSeconds.wall.toFixed(1)} s wall / ${run.trainSeconds.cpu.toFixed(1)} s CPU\n`,
          );
        }
      }
      reports.push({ task, testRows, validationRelbenchRows: validationRows, testBaseline, runs });
    }
  } finally {
    session.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  const load = { before: loadBefore, after: os.loadavg()[0], cores: os.cpus().length };
  process.stdout.write(formatReport(reports, load, seeds));
  if (jsonOut)
    fs.writeFileSync(
      jsonOut,
      JSON.stringify({ load, seeds, reports: reports.map((r) => ({ ...r, task: r.task.name })) }, null, 2) + '\n',
    );
}

/** RelBench's training rows (anchors every delta back from 2005-01-01 - delta): their mean label. */
async function trainingLabelMean(session: DuckDbSession, graph: LoadedGraph, task: RelbenchTask): Promise<number> {
  const source = graph.tables.get(task.labelSql.table)!.relation;
  const [row] = await session.rows(
    `WITH anchors AS (SELECT TIMESTAMP '2005-01-01' - to_days(CAST(i * ${task.deltaDays} AS INTEGER)) AS t FROM range(1, 1000) r(i) ` +
      `WHERE TIMESTAMP '2005-01-01' - to_days(CAST(i * ${task.deltaDays} AS INTEGER)) >= TIMESTAMP '1950-01-01') ` +
      `SELECT avg(y) AS m FROM (SELECT CAST(${task.labelSql.aggregate} AS DOUBLE) AS y FROM anchors a JOIN ${source} x ` +
      `ON x.date > a.t AND x.date <= a.t + to_days(${task.deltaDays}) GROUP BY a.t, x.driverId)`,
  );
  return Number(row.m);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
