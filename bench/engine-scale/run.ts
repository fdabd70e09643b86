import * as fs from 'node:fs';
import * as path from 'node:path';
import { measureProcess, type ProcessFigures } from './measuredProcess';
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

interface SizeFigures {
  customers: number;
  orders: number;
  validate: ProcessFigures;
  statsPeer: ProcessFigures;
  train: ProcessFigures;
  predict: ProcessFigures;
  predictPeer: ProcessFigures;
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
  const train = await cli('train', path.basename(data.trainingSpec));
  const model = modelOf(data);
  step('relgraph validate (prediction spec, cold cache)');
  const validate = await cli('validate', path.basename(data.predictionSpec));
  step('hand-written statistics query');
  const statsPeer = await measureProcess([PEER, 'stats', ROOT, String(customers), format], { cwd: REPO });
  step('hand-written feature query + scoring');
  const predictPeer = await measureProcess([PEER, 'predict', ROOT, String(customers), format, model], { cwd: REPO });
  step('relgraph predict (cold cache)');
  const predict = await cli('predict', path.basename(data.predictionSpec));
  return { customers, orders: data.orders, validate, statsPeer, train, predict, predictPeer };
}

/** The model the bench's train step wrote (the only training job in the folder). */
function modelOf(data: ShopData): string {
  const jobs = path.join(data.dir, '.relgraph', 'jobs');
  const trained = fs.readdirSync(jobs).filter((name) => fs.existsSync(path.join(jobs, name, 'model.json')));
  if (trained.length !== 1) throw new Error(`expected one trained model in ${jobs}, found ${trained.length}`);
  return path.join(jobs, trained[0], 'model.json');
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

function printSize(f: SizeFigures): void {
  const rows: [string, ProcessFigures, ProcessFigures | undefined][] = [
    ['relgraph validate', f.validate, f.statsPeer],
    ['  peer: statistics query', f.statsPeer, undefined],
    ['relgraph train', f.train, undefined],
    ['relgraph predict', f.predict, f.predictPeer],
    ['  peer: feature query + scoring', f.predictPeer, undefined],
  ];
  console.log(`\n${f.customers.toLocaleString('en-US')} customers, ${f.orders.toLocaleString('en-US')} orders`);
  console.log('step                               wall s   peak RSS MB   entities/s   ratio to peer');
  for (const [name, figures, peer] of rows) {
    console.log(
      `${name.padEnd(34)} ${fmt(figures.seconds).padStart(6)}   ${fmt(figures.peakRssMb, 0).padStart(11)}   ` +
        `${Math.round(f.customers / figures.seconds)
          .toLocaleString('en-US')
          .padStart(10)}   ${peer ? `${fmt(figures.seconds / peer.seconds, 2)}x` : ''}`,
    );
  }
}

function printCostCurve(small: SizeFigures, large: SizeFigures): void {
  const scale = large.customers / small.customers;
  console.log(
    `\ncost curve ${small.customers.toLocaleString('en-US')} -> ${large.customers.toLocaleString('en-US')} customers (data x${scale}; linear = x${scale})`,
  );
  console.log('step                               time x   peak RSS x');
  for (const key of ['validate', 'train', 'predict', 'statsPeer', 'predictPeer'] as const) {
    console.log(
      `${key.padEnd(34)} ${fmt(large[key].seconds / small[key].seconds, 2).padStart(6)}   ${fmt(large[key].peakRssMb / small[key].peakRssMb, 2).padStart(10)}`,
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
  const measured: SizeFigures[] = [];
  for (const customers of sizes) measured.push(await measureSize(customers, format));
  if (process.argv.includes('--10m')) measured.push(await measureSize(10_000_000, 'parquet'));
  for (const f of measured) printSize(f);
  for (let i = 1; i < measured.length; i++) printCostCurve(measured[i - 1], measured[i]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
