// A small shop project with REAL Relgraph jobs for the Jobs tests: deterministic customers/orders CSVs, a graph, a
// binary training spec (run_mode fast) and prediction specs, inside `<workspace>/shop/` with its own `.relgraph/`
// job store, trained and predicted by the real CLI (`node bin/relgraph.js train|predict`).
//
// Used by run.sh for the UI workspace (through prepareJobsWorkspace.mjs, before the browser opens it) and by the
// extension-host suite (imported and bundled; it runs the CLI from inside the extension host).
//
// The data follows test/unit/prediction/shopFixture.ts: customers buy weekly, monthly or quarterly by segment.
// `slow.prediction.yaml` predicts with an inference graph over many more customers (data-big/), so its job runs long
// enough to be cancelled while it runs.
/* global clearTimeout */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SHOP_FOLDER = 'shop';
/** Spec names (and so the job names in the Jobs view). */
export const TRAINING_NAME = 'churn';
export const PREDICTION_NAME = 'churn-scores';
export const SLOW_PREDICTION_NAME = 'churn-scores-big';
/** Customers of the small data set: every one of them is predicted. */
export const SMALL_CUSTOMERS = 240;
/**
 * The big inference data set of the slow prediction: many customers with few orders each, so that it is quick to
 * write and load but its Predicting stage (per-row work, on one worker) takes many seconds.
 */
export const BIG_CUSTOMERS = 150_000;
const BIG_MAX_ORDERS = 2;

const START = Date.UTC(2022, 0, 1);
const END = Date.UTC(2023, 11, 31);
const DAY = 86_400_000;
const COUNTRIES = ['DE', 'FR', 'UK'];

/** Park-Miller: the same data on every run and machine. */
function random(seed) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

const day = (ms) => new Date(ms).toISOString().slice(0, 10);

/**
 * The rows of customers.csv and orders.csv (headers first) for `customers` customers with at most `maxOrders` orders
 * each, in batches of `batch` customers.
 */
function* shopRows(customers, maxOrders, batch) {
  const next = random(7);
  let customerRows = ['customer_id,signup,segment,country'];
  let orderRows = ['order_id,customer_id,ts,amount,store'];
  let orderId = 1;
  for (let id = 1; id <= customers; id++) {
    const segment = ['A', 'B', 'C'][Math.floor(next() * 3)];
    const country = COUNTRIES[Math.floor(next() * 3)];
    const signup = START + Math.floor(next() * 300) * DAY;
    customerRows.push(`${id},${day(signup)},${segment},${country}`);
    const gap = segment === 'A' ? 7 : segment === 'B' ? 30 : 90;
    // Some customers stop buying half-way: recent activity then matters, not just the segment.
    const stop = next() < 0.3 ? START + (END - START) * (0.3 + 0.6 * next()) : END;
    let orders = 0;
    for (let t = signup + next() * gap * DAY; t < stop && orders++ < maxOrders; t += gap * DAY * (0.5 + next())) {
      const store = next() < 0.85 ? country : COUNTRIES[Math.floor(next() * 3)];
      orderRows.push(`${orderId++},${id},${day(t)},${(10 + next() * 90).toFixed(2)},${store}`);
    }
    if (id % batch === 0 || id === customers) {
      yield { customerRows, orderRows };
      customerRows = [];
      orderRows = [];
    }
  }
}

/** customers.csv and orders.csv with `customers` customers, each with at most `maxOrders` orders. */
export function writeShopData(dir, customers, maxOrders = Infinity) {
  fs.mkdirSync(dir, { recursive: true });
  const all = { customerRows: [], orderRows: [] };
  for (const { customerRows, orderRows } of shopRows(customers, maxOrders, customers)) {
    all.customerRows.push(...customerRows);
    all.orderRows.push(...orderRows);
  }
  fs.writeFileSync(path.join(dir, 'customers.csv'), all.customerRows.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'orders.csv'), all.orderRows.join('\n') + '\n');
}

/**
 * The same files written batch by batch, yielding to the event loop in between: the extension host that runs the
 * suite stays responsive while it writes the big data set.
 */
export async function writeShopDataInBatches(dir, customers, maxOrders = Infinity) {
  fs.mkdirSync(dir, { recursive: true });
  const files = { customers: path.join(dir, 'customers.csv'), orders: path.join(dir, 'orders.csv') };
  fs.writeFileSync(files.customers, '');
  fs.writeFileSync(files.orders, '');
  for (const { customerRows, orderRows } of shopRows(customers, maxOrders, 5_000)) {
    await fs.promises.appendFile(files.customers, customerRows.join('\n') + '\n');
    if (orderRows.length > 0) await fs.promises.appendFile(files.orders, orderRows.join('\n') + '\n');
  }
}

function graphYaml(dataDir) {
  return [
    'kind: graph',
    'tables:',
    '  customers:',
    `    source: ${dataDir}/customers.csv`,
    '    primary_key: customer_id',
    '    columns:',
    '      country: categorical',
    '      segment: categorical',
    '  orders:',
    `    source: ${dataDir}/orders.csv`,
    '    primary_key: order_id',
    '    time_column: ts',
    'edges:',
    '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
    '',
  ].join('\n');
}

function predictionYaml(graph, outputPath) {
  return [
    'kind: prediction',
    `training_job: ${TRAINING_NAME}.training.yaml`,
    ...(graph ? [`graph: ${graph}`] : []),
    'anchor_time: 2023-12-01',
    'binary_classification_threshold: 0.5',
    'output_types: [predictions]',
    'destination:',
    '  type: local',
    `  path: ${outputPath}`,
    '  format: csv',
    'num_workers: 1',
    '',
  ].join('\n');
}

/** The shop folder, its data and specs (no jobs yet). Returns the paths the tests need. */
export function writeShopWorkspace(workspace) {
  const dir = path.join(workspace, SHOP_FOLDER);
  fs.mkdirSync(path.join(dir, '.relgraph'), { recursive: true }); // the job store of the shop's specs
  writeShopData(path.join(dir, 'data'), SMALL_CUSTOMERS);
  fs.writeFileSync(path.join(dir, 'shop.graph.yaml'), graphYaml('data'));
  fs.writeFileSync(
    path.join(dir, `${TRAINING_NAME}.training.yaml`),
    [
      'kind: training',
      'graph: shop.graph.yaml',
      'query: PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id',
      'model:',
      '  run_mode: fast',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, `${PREDICTION_NAME}.prediction.yaml`),
    predictionYaml(undefined, `out/${PREDICTION_NAME}.csv`),
  );
  return {
    dir,
    trainingSpec: path.join(dir, `${TRAINING_NAME}.training.yaml`),
    predictionSpec: path.join(dir, `${PREDICTION_NAME}.prediction.yaml`),
    predictionOutput: path.join(dir, 'out', `${PREDICTION_NAME}_predictions.csv`), // the engine adds _predictions
    jobsDir: path.join(dir, '.relgraph', 'jobs'),
  };
}

/** The big inference data set and the slow prediction spec that predicts all of it. */
export async function writeSlowPrediction(workspace) {
  const dir = path.join(workspace, SHOP_FOLDER);
  await writeShopDataInBatches(path.join(dir, 'data-big'), BIG_CUSTOMERS, BIG_MAX_ORDERS);
  fs.writeFileSync(path.join(dir, 'big.graph.yaml'), graphYaml('data-big'));
  const spec = path.join(dir, `${SLOW_PREDICTION_NAME}.prediction.yaml`);
  fs.writeFileSync(spec, predictionYaml('big.graph.yaml', `out/${SLOW_PREDICTION_NAME}.csv`));
  return { spec, output: path.join(dir, 'out', `${SLOW_PREDICTION_NAME}_predictions.csv`) };
}

/** `node bin/relgraph.js ARGS` in `cwd`; resolves with its output, rejects with it on a non-zero exit or the guard. */
export function runCli(repo, args, { cwd, node = process.execPath, timeoutMs = 120_000, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [path.join(repo, 'bin', 'relgraph.js'), ...args], {
      cwd,
      // In the extension host process.execPath is code-server's node; ELECTRON_RUN_AS_NODE is harmless there.
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(guard);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (code === 0) resolve(out);
      else reject(new Error(`relgraph ${args.join(' ')} exited with ${code ?? signal}:\n${out}`));
    });
  });
}

/** Writes the shop and runs `relgraph train` then `relgraph predict` for real. */
export async function prepareJobsWorkspace(workspace, repo, options = {}) {
  const shop = writeShopWorkspace(workspace);
  await runCli(repo, ['train', shop.trainingSpec, '--quiet'], { ...options, cwd: shop.dir });
  await runCli(repo, ['predict', shop.predictionSpec, '--head', '0'], { ...options, cwd: shop.dir });
  return shop;
}
