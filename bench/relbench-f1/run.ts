/**
 * RelBench rel-f1 driver tasks on the local engine: trains each task on RelBench's training anchors
 * (before 2005-01-01), scores RelBench's validation anchors (2005-01-01 onward, data cut at
 * 2010-01-01 so the test period is never loaded), and prints the engine's score beside the naive
 * history baseline measured in the same run and the published test-split numbers.
 *
 *   npx tsx bench/relbench-f1/run.ts [--run-mode fast|normal|best] [--task driver-dnf] [--json]
 */
import { parsePql } from '../../core/pql/parsePql';
import type { RunMode } from '../../core/spec/SpecModel';
import { DuckDbSession } from '../../data/DuckDbSession';
import { buildFeatures } from '../../engine/features/FeatureBuilder';
import { loadGraphTables, type LoadedGraph } from '../../engine/features/GraphTables';
import { readFloat64Column } from '../../engine/features/duckDbColumns';
import { iso } from '../../engine/training/AnchorSchedule';
import { loadArtifactModel, type ModelArtifact } from '../../engine/training/ModelArtifact';
import { trainOnGraph } from '../../engine/training/Trainer';
import { buildTrainingTable } from '../../engine/training/TrainingTableBuilder';
import { validationMetrics } from '../../engine/training/ValidationMetrics';
import { f1DataDir, f1GraphSources } from './f1Graph';
import { naiveBaselineScores } from './naiveBaseline';
import {
  RELBENCH_F1_TASKS,
  TEST_TIMESTAMP,
  lastTrainingAnchor,
  validationAnchors,
  type RelbenchTask,
} from './relbenchTasks';

interface TaskReport {
  task: string;
  metric: string;
  engine: number;
  baseline: number;
  validationRows: number;
  relbenchValidationRows?: number;
  trainRows: number;
  features: number;
  seconds: number;
  published: { label: string; value: number }[];
  topFeatures: { feature: string; gainShare: number }[];
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function runTask(
  session: DuckDbSession,
  graph: LoadedGraph,
  task: RelbenchTask,
  runMode: RunMode,
): Promise<TaskReport> {
  const parsed = parsePql(task.pql);
  if (!parsed.query) throw new Error(`${task.name}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const query = parsed.query;
  const started = performance.now();
  const artifact: ModelArtifact = await trainOnGraph(session, graph, {
    jobId: `bench-${task.name}`,
    queryText: task.pql,
    query,
    taskType: task.taskType,
    runMode,
    model: task.model,
    settings: { startTime: '1950-01-01', endTime: iso(lastTrainingAnchor(task)), timeframeStepDays: task.deltaDays },
  });
  const seconds = (performance.now() - started) / 1000;

  const evalTable = `rg_eval_${task.name.replace(/-/g, '_')}`;
  await buildTrainingTable(session, {
    graph,
    query,
    taskType: task.taskType,
    anchors: validationAnchors(task),
    tableName: evalTable,
  });
  const rowOrderTable = `${evalTable}_rows`;
  const built = await buildFeatures(session, graph, artifact.featurePlan, evalTable, { rowOrderTable });
  const labels = await readFloat64Column(
    session,
    `SELECT t.TARGET FROM ${rowOrderTable} r JOIN ${evalTable} t ON t.ENTITY = r.ENTITY AND t.ANCHOR_TIMESTAMP = r.anchor ORDER BY r.rid`,
  );
  const predictions = loadArtifactModel(artifact).predict(built.matrix);
  const baseline = await naiveBaselineScores(session, graph, task, rowOrderTable);
  const score = (values: Float64Array) => validationMetrics(task.taskType, labels, values)[task.metric] ?? NaN;
  return {
    task: task.name,
    metric: task.metric,
    engine: score(predictions),
    baseline: score(baseline),
    validationRows: labels.length,
    relbenchValidationRows: task.relbenchValidationRows,
    trainRows: artifact.training.trainRows + artifact.training.validationRows,
    features: artifact.training.featureCount,
    seconds,
    published: task.published,
    topFeatures: artifact.training.topFeatures.slice(0, 5),
  };
}

async function main(): Promise<void> {
  const runMode = (option('--run-mode') ?? 'normal') as RunMode;
  const only = option('--task');
  const session = await DuckDbSession.open({ threads: 2 });
  try {
    const dataDir = f1DataDir();
    // Rows after RelBench's test timestamp are never loaded: the benchmark cannot peek at the test period.
    const graph = await loadGraphTables(session, f1GraphSources(dataDir), { notAfter: iso(new Date(TEST_TIMESTAMP)) });
    const reports: TaskReport[] = [];
    for (const task of RELBENCH_F1_TASKS.filter((t) => !only || t.name === only)) {
      reports.push(await runTask(session, graph, task, runMode));
    }
    if (process.argv.includes('--json')) {
      process.stdout.write(JSON.stringify({ runMode, dataDir, reports }, null, 2) + '\n');
      return;
    }
    process.stdout.write(
      `RelBench rel-f1, validation anchors (2005-01-01 onward), run_mode ${runMode}, data ${dataDir}\n\n`,
    );
    const format = (r: TaskReport, v: number) => (r.metric === 'auroc' ? (100 * v).toFixed(2) : v.toFixed(3));
    for (const r of reports) {
      const better = r.metric === 'auroc' ? r.engine > r.baseline : r.engine < r.baseline;
      const published = r.published.map((p) => `${p.label} ${p.value}`).join(', ');
      process.stdout.write(
        `${r.task.padEnd(16)} ${r.metric.toUpperCase().padEnd(5)} engine ${format(r, r.engine).padStart(6)}  ` +
          `naive baseline ${format(r, r.baseline).padStart(6)}  (${better ? 'beats' : 'DOES NOT BEAT'} baseline)  ` +
          `published test: ${published}\n` +
          `${''.padEnd(23)}${r.validationRows} validation rows` +
          `${r.relbenchValidationRows ? ` (RelBench: ${r.relbenchValidationRows})` : ''}, ${r.trainRows} training rows, ` +
          `${r.features} features, trained in ${r.seconds.toFixed(1)} s\n` +
          `${''.padEnd(23)}top features: ${r.topFeatures.map((f) => `${f.feature} ${(100 * f.gainShare).toFixed(0)}%`).join(', ')}\n`,
      );
    }
  } finally {
    session.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
