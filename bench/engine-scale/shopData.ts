import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDbSession } from '../../data/DuckDbSession';
import { sqlString } from '../../data/sourceScan';

/**
 * The shop data, written by DuckDB and reused: `customers` (customer_id, signup time, country,
 * age) and `orders` (order_id, customer_id, order time over three years, amount, status), 20 orders per
 * customer on average, skewed (a few customers order a lot, many rarely). Hash-based, so every run and
 * every machine writes the same rows. CSV by default (the case); Parquet for the 10M run.
 */
export interface ShopData {
  dir: string;
  customers: number;
  orders: number;
  format: 'csv' | 'parquet';
  graphSpec: string;
  trainingSpec: string;
  predictionSpec: string;
  files: { customers: string; orders: string };
  /** The latest order time (the prediction's default anchor), read once when the data was written. */
  latestOrder: string;
}

export const ORDERS_START = '2022-01-01 00:00:00';
export const ORDERS_DAYS = 3 * 365;
export const QUERY = 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id';

export async function ensureShopData(root: string, customers: number, format: 'csv' | 'parquet'): Promise<ShopData> {
  const orders = customers * 20;
  const dir = path.join(root, `shop-${customers}-${format}`);
  const files = {
    customers: path.join(dir, 'data', `customers.${format}`),
    orders: path.join(dir, 'data', `orders.${format}`),
  };
  const data: Omit<ShopData, 'latestOrder'> = {
    dir,
    customers,
    orders,
    format,
    files,
    graphSpec: path.join(dir, 'shop.graph.yaml'),
    trainingSpec: path.join(dir, 'shop.training.yaml'),
    predictionSpec: path.join(dir, 'shop.prediction.yaml'),
  };
  const marker = path.join(dir, 'data', 'complete');
  if (fs.existsSync(marker)) return { ...data, latestOrder: fs.readFileSync(marker, 'utf8').trim() };
  fs.mkdirSync(path.dirname(files.customers), { recursive: true });
  const session = await DuckDbSession.open();
  const unit = (expr: string) => `((hash(${expr}) % 1000003) / 1000003.0)`;
  const options = format === 'csv' ? '(FORMAT csv, HEADER)' : '(FORMAT parquet)';
  let latestOrder: string;
  try {
    const started = performance.now();
    await session.run(
      `COPY (SELECT i AS customer_id, ` +
        `TIMESTAMP '${ORDERS_START}' - INTERVAL 400 DAY + to_seconds(CAST(${unit("i, 's'")} * 86400 * 1200 AS BIGINT)) AS signup_ts, ` +
        `['FR', 'DE', 'US', 'GB', 'JP', 'BR', 'IN'][1 + CAST(floor(${unit("i, 'c'")} * 7) AS INTEGER)] AS country, ` +
        `18 + CAST(${unit("i, 'a'")} * 60 AS INTEGER) AS age FROM range(${customers}) t(i)) TO ${sqlString(files.customers)} ${options}`,
    );
    // Skewed customers (product of two uniforms), times uniform over three years, ordered like an order log.
    await session.run(
      `COPY (SELECT i AS order_id, CAST(floor(${unit("i, 'u'")} * ${unit("i, 'v'")} * ${customers}) AS BIGINT) AS customer_id, ` +
        `TIMESTAMP '${ORDERS_START}' + to_seconds(CAST(i * ${(ORDERS_DAYS * 86400) / orders} AS BIGINT)) AS order_ts, ` +
        `round(5 + ${unit("i, 'm'")} * 195, 2) AS amount, ` +
        `['paid', 'paid', 'paid', 'refunded', 'cancelled'][1 + CAST(floor(${unit("i, 'k'")} * 5) AS INTEGER)] AS status ` +
        `FROM range(${orders}) t(i)) TO ${sqlString(files.orders)} ${options}`,
    );
    const [row] = await session.rows(
      `SELECT strftime(max(order_ts), '%Y-%m-%d %H:%M:%S') AS t FROM ${format === 'csv' ? 'read_csv' : 'read_parquet'}(${sqlString(files.orders)})`,
    );
    latestOrder = String(row.t);
    console.log(
      `generated ${customers.toLocaleString('en-US')} customers and ${orders.toLocaleString('en-US')} orders (${format}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    session.close();
  }
  writeSpecs(data);
  fs.writeFileSync(marker, latestOrder);
  return { ...data, latestOrder };
}

function writeSpecs(data: Omit<ShopData, 'latestOrder'>): void {
  const { format } = data;
  fs.writeFileSync(
    data.graphSpec,
    `kind: graph
tables:
  customers:
    source: data/customers.${format}
    primary_key: customer_id
    time_column: signup_ts
  orders:
    source: data/orders.${format}
    primary_key: order_id
    time_column: order_ts
edges:
  - { src_table: orders, fkey: customer_id, dst_table: customers }
`,
  );
  fs.writeFileSync(data.trainingSpec, `kind: training\ngraph: shop.graph.yaml\nquery: ${QUERY}\n`);
  fs.writeFileSync(
    data.predictionSpec,
    `kind: prediction
training_job: shop.training.yaml
binary_classification_threshold: 0.5
num_workers: 2
destination:
  type: local
  path: out/shop.parquet
`,
  );
}
