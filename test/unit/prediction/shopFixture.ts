import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PredictionSpec } from '../../../core/spec/SpecModel';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { LocalJobStore } from '../../../backend/local/LocalJobStore';
import { runBatchPrediction, type BatchPredictionOptions } from '../../../engine/prediction/runBatchPrediction';
import { runTrainingJob } from '../../../engine/training/TrainingJob';

/**
 * A small deterministic shop graph on disk (customers, orders) with training specs, trained for real
 * by the engine's trainer inside real training-job records: what the batch-prediction tests predict with.
 *
 * Customers buy at a rate set by their segment (A: weekly, B: monthly, C: quarterly), mostly from their
 * country's store, so recency predicts the next month's orders and stores predict the country. Every
 * seventh customer has no country (the rows a static query predicts). Customers 901 and 902 are twins
 * with identical histories; 903 behaves unlike them.
 */
export const SHOP_QUERIES = {
  binary: 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id',
  regression: 'PREDICT SUM(orders.amount, 0, 30, days) FOR EACH customers.customer_id',
  multiclass: 'PREDICT customers.country FOR EACH customers.customer_id',
} as const;

const COUNTRIES = ['DE', 'FR', 'UK'];
const START = Date.UTC(2022, 0, 1);
const END = Date.UTC(2023, 11, 31);
const DAY = 86_400_000;

/** Park-Miller: the same data on every run and machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** customers.csv and orders.csv in `dir`; `cutAt` drops the orders after it (time-travel tests). */
export function writeShopData(dir: string, options: { cutAt?: string } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const next = random(7);
  const customers = ['customer_id,signup,segment,country'];
  const orders = ['order_id,customer_id,ts,amount,store'];
  let orderId = 1;
  const cut = options.cutAt ? Date.parse(`${options.cutAt}T23:59:59Z`) : Infinity;
  const addOrders = (id: number, segment: string, country: string, signup: number, rand: () => number) => {
    const gap = segment === 'A' ? 7 : segment === 'B' ? 30 : 90;
    // Some customers stop buying half-way: recent activity then matters, not just the segment.
    const stop = rand() < 0.3 ? START + (END - START) * (0.3 + 0.6 * rand()) : END;
    for (let t = signup + rand() * gap * DAY; t < stop; t += gap * DAY * (0.5 + rand())) {
      const store = rand() < 0.85 ? country : COUNTRIES[Math.floor(rand() * 3)];
      const amount = (10 + rand() * 90).toFixed(2);
      // Draw every random number whether or not the row is kept: a cut copy has identical earlier rows.
      if (t <= cut) orders.push(`${orderId},${id},${day(t)},${amount},${store}`);
      orderId++;
    }
  };
  for (let id = 1; id <= 200; id++) {
    const segment = ['A', 'B', 'C'][Math.floor(next() * 3)];
    const country = COUNTRIES[Math.floor(next() * 3)];
    const signup = START + Math.floor(next() * 300) * DAY;
    customers.push(`${id},${day(signup)},${segment},${id % 7 === 0 ? '' : country}`);
    addOrders(id, segment, country, signup, next);
  }
  // Twins: the same generator state for both, so identical histories; 903 is a quarterly buyer.
  for (const id of [901, 902]) {
    customers.push(`${id},2022-02-01,A,DE`);
    addOrders(id, 'A', 'DE', Date.UTC(2022, 1, 1), random(99));
  }
  customers.push(`903,2022-02-01,C,UK`);
  addOrders(903, 'C', 'UK', Date.UTC(2022, 1, 1), random(5));
  fs.writeFileSync(path.join(dir, 'customers.csv'), customers.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'orders.csv'), orders.join('\n') + '\n');
}

export function graphYaml(dataDir: string): string {
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

export class ShopWorkspace {
  readonly host = new NodeSpecHost();

  constructor(readonly dir: string) {}

  static create(): ShopWorkspace {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-shop-'));
    fs.mkdirSync(path.join(dir, '.relgraph'));
    writeShopData(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'shop.graph.yaml'), graphYaml('data'));
    for (const [name, query] of Object.entries(SHOP_QUERIES)) {
      fs.writeFileSync(
        path.join(dir, `${name}.training.yaml`),
        `kind: training\ngraph: shop.graph.yaml\nquery: ${query}\nmodel:\n  run_mode: fast\n`,
      );
    }
    return new ShopWorkspace(dir);
  }

  get store(): LocalJobStore {
    return new LocalJobStore(this.dir);
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  write(name: string, text: string): string {
    const file = this.path(name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  /** Trains `<name>.training.yaml` in a real training job, as `relgraph train` does. */
  async train(name: keyof typeof SHOP_QUERIES): Promise<JobRecord> {
    const specPath = this.path(`${name}.training.yaml`);
    const validation = validateSpecFile(specPath, this.host);
    const spec = validation.spec;
    if (spec?.kind !== 'training' || !validation.graph || !validation.query || !validation.taskType) {
      throw new Error(`fixture spec ${specPath} does not validate: ${JSON.stringify(validation.diagnostics)}`);
    }
    const done = await runTrainingJob(
      {
        spec,
        graph: validation.graph,
        query: validation.query,
        taskType: validation.taskType,
        resolveSource: (p, limit) => this.host.resolveSource(p, limit),
      },
      { store: this.store },
    );
    if (done.status !== 'DONE') throw new Error(`fixture training failed: ${done.error?.message}`);
    return done;
  }

  /** A prediction spec file from YAML lines; returns its path. */
  predictionSpec(name: string, lines: string[]): string {
    return this.write(`${name}.prediction.yaml`, ['kind: prediction', ...lines, ''].join('\n'));
  }

  validate(specPath: string): SpecValidation {
    return validateSpecFile(specPath, this.host);
  }

  /** Validates and runs a prediction spec as `relgraph predict` does (after its validation). */
  async predict(specPath: string, options: BatchPredictionOptions & { workers?: number } = {}): Promise<JobRecord> {
    const validation = this.validate(specPath);
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`${specPath}: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
    const prediction: PredictionSpec = options.workers
      ? { ...validation.prediction!, numWorkers: options.workers }
      : validation.prediction!;
    return runBatchPrediction(
      {
        prediction,
        graph: validation.graph!,
        resolveSource: this.host.resolveSource.bind(this.host),
      },
      { store: this.store, ...options },
    );
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
