/**
 * Training-side engine throughput on generated data (default 1M users, 20M events, 10k products):
 *   1. feature building for every user at one anchor, and the same aggregates of the users <- events
 *      path as ONE hand-written DuckDB query measured in the same run (ratio engine / hand-written);
 *   2. a whole training run of a temporal binary query (fast run mode), stage by stage.
 *
 *   npx tsx bench/engine-throughput/trainingThroughput.ts [--users 1000000] [--events 20000000] [--json]
 */
import { parsePql } from '../../core/pql/parsePql';
import { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import { deriveFeaturePlan } from '../../engine/features/deriveFeaturePlan';
import { buildFeatures } from '../../engine/features/FeatureBuilder';
import type { FeaturePlan } from '../../engine/features/FeaturePlan';
import { loadGraphTables, type LoadedGraph } from '../../engine/features/GraphTables';
import { trainOnGraph } from '../../engine/training/Trainer';
import { TRAINING_PRESETS } from '../../engine/training/trainingPresets';
import { handWrittenEventFeaturesSql } from './handWrittenFeatures';
import { syntheticEventsGraph, writeSyntheticEvents } from './syntheticEvents';

const ANCHOR = '2024-12-01 00:00:00';
const QUERY = 'PREDICT COUNT(events.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE COUNT(events.*, -90, 0, days) > 0';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function featureBuilding(session: DuckDbSession, graph: LoadedGraph, plan: FeaturePlan) {
  const users = sqlIdent(graph.tables.get('users')!.relation);
  await session.run(
    `CREATE OR REPLACE TEMP TABLE bench_entities AS SELECT user_id AS ENTITY, TIMESTAMP '${ANCHOR}' AS ANCHOR_TIMESTAMP ` +
      `FROM ${users} WHERE signup <= TIMESTAMP '${ANCHOR}'`,
  );
  const full = await timed(() => buildFeatures(session, graph, plan, 'bench_entities'));

  // Peer: the users <- events group alone, by the engine and as one hand-written query.
  const eventsGroup = plan.groups.find(
    (g) => g.kind === 'aggregate' && g.path.length === 1 && g.path[0].table === 'events',
  )!;
  const onePath: FeaturePlan = { ...plan, groups: [eventsGroup] };
  const engine = await timed(() =>
    buildFeatures(session, graph, onePath, 'bench_entities', { rowOrderTable: 'bench_rows' }),
  );
  const handSql = handWrittenEventFeaturesSql(graph, eventsGroup, 'bench_rows');
  const hand = await timed(() => session.run(`CREATE OR REPLACE TEMP TABLE bench_hand AS ${handSql}`));
  // The two must agree, or the ratio compares different work.
  const [check] = await session.rows(
    `SELECT count(*) AS n, sum(count_all) AS events, sum(amount_sum_all) AS amount FROM bench_hand`,
  );
  const names = engine.value.matrix.featureNames;
  const n = engine.value.matrix.numRows;
  const total = (name: string) => {
    let sum = 0;
    for (let i = names.indexOf(name) * n, end = i + n; i < end; i++) {
      const v = engine.value.matrix.values[i];
      if (!Number.isNaN(v)) sum += v;
    }
    return sum;
  };
  const engineEvents = total('events.count_all');
  const engineAmount = total('events.amount.sum_all');
  const agree =
    Math.abs(engineEvents - Number(check.events)) < 1 && Math.abs(engineAmount / Number(check.amount) - 1) < 1e-5;
  return {
    entities: full.value.matrix.numRows,
    features: full.value.matrix.numFeatures,
    fullPlanSeconds: full.seconds,
    eventsPathFeatures: eventsGroup.features.length,
    eventsPathEngineSeconds: engine.seconds,
    eventsPathHandWrittenSeconds: hand.seconds,
    ratio: engine.seconds / hand.seconds,
    agree,
  };
}

async function trainingRun(session: DuckDbSession, graph: LoadedGraph) {
  const stages: { stage: string; seconds: number }[] = [];
  let last = performance.now();
  let current = 'start';
  const started = performance.now();
  const artifact = await trainOnGraph(
    session,
    graph,
    {
      jobId: 'trainingjob-bench',
      queryText: QUERY,
      query: parsePql(QUERY).query!,
      taskType: 'binary_classification',
      runMode: 'fast',
      settings: { startTime: '2024-06-01', endTime: '2024-11-01', timeframeStepDays: 30 },
    },
    {
      onStage: (stage) => {
        const now = performance.now();
        if (current !== 'start') stages.push({ stage: current, seconds: (now - last) / 1000 });
        current = stage;
        last = now;
      },
    },
  );
  stages.push({ stage: current, seconds: (performance.now() - last) / 1000 });
  return {
    seconds: (performance.now() - started) / 1000,
    stages,
    trainRows: artifact.training.trainRows,
    validationRows: artifact.training.validationRows,
    features: artifact.training.featureCount,
    rounds: artifact.training.roundsKept,
    auroc: artifact.training.metrics.auroc,
  };
}

async function main(): Promise<void> {
  const size = {
    users: option('--users', 1_000_000),
    events: option('--events', 20_000_000),
    products: option('--products', 10_000),
  };
  const generated = await timed(() => writeSyntheticEvents(size));
  const session = await DuckDbSession.open({ threads: 2 });
  try {
    const load = await timed(() => loadGraphTables(session, syntheticEventsGraph(generated.value)));
    const graph = load.value;
    const plan = await deriveFeaturePlan(session, graph, 'users', {
      ...TRAINING_PRESETS.fast.features,
      vocabularyCutoff: ANCHOR,
    });
    const features = await featureBuilding(session, graph, plan);
    const training = await trainingRun(session, graph);
    const report = { size, generateSeconds: generated.seconds, loadSeconds: load.seconds, features, training };
    if (process.argv.includes('--json')) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return;
    }
    const f = features;
    const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString('en-US')} rows/s`;
    process.stdout.write(
      [
        `engine throughput (training side): ${size.users.toLocaleString('en-US')} users, ${size.events.toLocaleString('en-US')} events, ${size.products.toLocaleString('en-US')} products`,
        `  load tables into DuckDB: ${load.seconds.toFixed(1)} s`,
        `  feature building, ${f.entities.toLocaleString('en-US')} entities at one anchor:`,
        `    whole plan: ${f.features} features in ${f.fullPlanSeconds.toFixed(1)} s (${rate(f.entities, f.fullPlanSeconds)})`,
        `    users <- events path: ${f.eventsPathFeatures} features, engine ${f.eventsPathEngineSeconds.toFixed(2)} s ` +
          `(into typed arrays) vs one hand-written DuckDB query ${f.eventsPathHandWrittenSeconds.toFixed(2)} s ` +
          `(into a DuckDB table): ratio ${f.ratio.toFixed(2)}${f.agree ? '' : '  (WARNING: results differ)'}`,
        `  training run (fast, 6 monthly anchors): ${training.seconds.toFixed(1)} s; ${training.trainRows} training + ` +
          `${training.validationRows} validation rows, ${training.features} features, ${training.rounds} rounds, AUROC ${training.auroc?.toFixed(4)}`,
        ...training.stages.map((s) => `    ${s.stage.padEnd(24)} ${s.seconds.toFixed(1)} s`),
      ].join('\n') + '\n',
    );
  } finally {
    session.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
