import * as fs from 'node:fs';
import * as path from 'node:path';
import { measureProcess, type ProcessFigures } from './measuredProcess';
import { HAND_WRITTEN_FEATURE_COUNT } from './handWrittenQueries';
import { ensureShopData, type ShopData } from './shopData';

/**
 * The local engine at scale (issue 15): generates the shop data, then runs `relgraph validate`, `train`
 * and `predict` as processes with a cold data cache, each beside its hand-written DuckDB peer run in the
 * same command, and prints wall time, peak RSS, entities per second, the ratios to the peers and how
 * every figure grows with the data (the cost curve).
 *
 *   npm run build && node --import tsx bench/engine-scale/run.ts [--sizes 100000,1000000] [--format csv|parquet] [--10m]
 *
 * --10m adds 10,000,000 customers (200M orders) as Parquet; it needs ~10 GB of disk and a long while.
 */
const ROOT = path.resolve(__dirname, '../.data');
const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'bin', 'relgraph.js');
/** The peers are bundled like the CLI is, so neither side pays for compiling TypeScript at start. */
const PEER = path.join(ROOT, 'engine-scale-peer.js');

async function bundlePeer(): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(__dirname, 'peer.ts')],
    outfile: PEER,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['@duckdb/*'],
    logLevel: 'error',
  });
}

/** A step's figures, or why it has none: a failed step is reported and the bench goes on with the others. */
type StepOutcome = ProcessFigures | { failure: string };

interface SizeFigures {
  customers: number;
  orders: number;
  validate: StepOutcome;
  statsPeer: StepOutcome;
  train: StepOutcome;
  predict: StepOutcome;
  predictPeer: StepOutcome;
  /** The issue's original peer: the "main features" only (15 values, no last-K means). */
  predictMainPeer: StepOutcome;
}

const measured = (outcome: StepOutcome): outcome is ProcessFigures => !('failure' in outcome);

/** Runs a step; a failure is printed whole (the process's output tail) and kept as a one-line reason. */
async function attempt(run: () => Promise<ProcessFigures>): Promise<StepOutcome> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`    FAILED: ${message.trim().replace(/\n/g, '\n    ')}`);
    return { failure: message.split('\n')[0] };
  }
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function measureSize(customers: number, format: 'csv' | 'parquet'): Promise<SizeFigures> {
  const data = await ensureShopData(ROOT, customers, format);
  // Only what the bench's own earlier runs wrote here: jobs and outputs.
  for (const owned of ['.relgraph', 'out']) fs.rmSync(path.join(data.dir, owned), { recursive: true, force: true });
  const cli = (...args: string[]) => measureProcess([CLI, ...args], { cwd: data.dir });
  const step = (name: string) => console.log(`  ${customers.toLocaleString('en-US')} customers: ${name}`);

  step('relgraph train');
  const train = await attempt(() => cli('train', path.basename(data.trainingSpec)));
  step('relgraph validate (prediction spec, cold cache)');
  const validate = await attempt(() => cli('validate', path.basename(data.predictionSpec)));
  step('hand-written statistics query');
  const statsPeer = await attempt(() =>
    measureProcess([PEER, 'stats', ROOT, String(customers), format], { cwd: REPO }),
  );
  // Both prediction steps score with the model the train step wrote.
  const noModel = { failure: 'no model: relgraph train failed' };
  if (measured(train)) checkPeerFeatures(modelOf(data));
  step('hand-written feature query + scoring');
  const predictPeer = measured(train)
    ? await attempt(() =>
        measureProcess([PEER, 'predict', ROOT, String(customers), format, modelOf(data)], { cwd: REPO }),
      )
    : noModel;
  step("hand-written main-features query + scoring (the issue's original peer)");
  const predictMainPeer = measured(train)
    ? await attempt(() =>
        measureProcess([PEER, 'predict-main', ROOT, String(customers), format, modelOf(data)], { cwd: REPO }),
      )
    : noModel;
  step('relgraph predict (cold cache)');
  const predict = measured(train) ? await attempt(() => cli('predict', path.basename(data.predictionSpec))) : noModel;
  return { customers, orders: data.orders, validate, statsPeer, train, predict, predictPeer, predictMainPeer };
}

/** The model the bench's train step wrote (the only training job in the folder). */
function modelOf(data: ShopData): string {
  const jobs = path.join(data.dir, '.relgraph', 'jobs');
  const trained = fs.readdirSync(jobs).filter((name) => fs.existsSync(path.join(jobs, name, 'model.json')));
  if (trained.length !== 1) throw new Error(`expected one trained model in ${jobs}, found ${trained.length}`);
  return path.join(jobs, trained[0], 'model.json');
}

/** The peer computes the default plan's features by hand; a model with other features makes the ratio unfair. */
function checkPeerFeatures(modelFile: string): void {
  const plan = (
    JSON.parse(fs.readFileSync(modelFile, 'utf8')) as { featurePlan: { groups: { features: unknown[] }[] } }
  ).featurePlan;
  const count = plan.groups.reduce((sum, group) => sum + group.features.length, 0);
  if (count !== HAND_WRITTEN_FEATURE_COUNT) {
    console.log(
      `    note: the model has ${count} features, the hand-written peer computes ${HAND_WRITTEN_FEATURE_COUNT}: ` +
        'update bench/engine-scale/handWrittenQueries.ts, the prediction ratio compares different work',
    );
  }
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

function printSize(f: SizeFigures): void {
  const rows: [string, StepOutcome, StepOutcome | undefined][] = [
    ['relgraph validate', f.validate, f.statsPeer],
    ['  peer: statistics query', f.statsPeer, undefined],
    ['relgraph train', f.train, undefined],
    ['relgraph predict', f.predict, f.predictPeer],
    ['  peer: feature query + scoring', f.predictPeer, undefined],
    ['relgraph predict, vs main features', f.predict, f.predictMainPeer],
    ['  peer: main features + scoring', f.predictMainPeer, undefined],
  ];
  console.log(`\n${f.customers.toLocaleString('en-US')} customers, ${f.orders.toLocaleString('en-US')} orders`);
  console.log('step                               wall s   peak RSS MB   entities/s   ratio to peer');
  for (const [name, figures, peer] of rows) {
    if (!measured(figures)) {
      console.log(`${name.padEnd(34)} FAILED: ${figures.failure}`);
      continue;
    }
    console.log(
      `${name.padEnd(34)} ${fmt(figures.seconds).padStart(6)}   ${fmt(figures.peakRssMb, 0).padStart(11)}   ` +
        `${Math.round(f.customers / figures.seconds)
          .toLocaleString('en-US')
          .padStart(10)}   ${peer && measured(peer) ? `${fmt(figures.seconds / peer.seconds, 2)}x` : ''}`,
    );
  }
}

function printCostCurve(small: SizeFigures, large: SizeFigures): void {
  const scale = large.customers / small.customers;
  console.log(
    `\ncost curve ${small.customers.toLocaleString('en-US')} -> ${large.customers.toLocaleString('en-US')} customers (data x${scale}; linear = x${scale})`,
  );
  console.log('step                               time x   peak RSS x');
  for (const key of ['validate', 'train', 'predict', 'statsPeer', 'predictPeer', 'predictMainPeer'] as const) {
    const [a, b] = [small[key], large[key]];
    if (!measured(a) || !measured(b)) {
      console.log(`${key.padEnd(34)} (a step failed)`);
      continue;
    }
    console.log(
      `${key.padEnd(34)} ${fmt(b.seconds / a.seconds, 2).padStart(6)}   ${fmt(b.peakRssMb / a.peakRssMb, 2).padStart(10)}`,
    );
  }
}

async function main(): Promise<void> {
  const format = option('--format', 'csv') as 'csv' | 'parquet';
  const sizes = option('--sizes', '100000,1000000').split(',').map(Number);
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) {
    console.log('note: dist/cli/main.js is missing (npm run build): the CLI runs from sources through tsx');
  }
  await bundlePeer();
  const runs: SizeFigures[] = [];
  for (const customers of sizes) runs.push(await measureSize(customers, format));
  if (process.argv.includes('--10m')) runs.push(await measureSize(10_000_000, 'parquet'));
  for (const f of runs) printSize(f);
  for (let i = 1; i < runs.length; i++) printCostCurve(runs[i - 1], runs[i]);
  // Every figure that could be taken is printed; a failed step still fails the bench.
  const steps = ['validate', 'statsPeer', 'train', 'predict', 'predictPeer', 'predictMainPeer'] as const;
  if (runs.some((f) => steps.some((key) => !measured(f[key])))) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
