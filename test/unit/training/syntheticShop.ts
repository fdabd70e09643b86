import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDbSession } from '../../../data/DuckDbSession';
import type { GraphEdge, GraphTableSource } from '../../../engine/features/GraphTables';
import { csvTableSource } from './tinyShop';

/**
 * A generated shop with learnable structure, written as CSV by DuckDB (hash-based, so the same files
 * every run): users (signup time, country, age with a fifth missing) <- orders (ts, amount) -> stores.
 * Older users spend more per order and users in 'FR' order more often, so age and country can be
 * learned from orders, and future spending from past spending.
 */
export async function writeSyntheticShop(
  users = 1500,
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-synth-')),
): Promise<string> {
  const session = await DuckDbSession.open({ threads: 1 });
  const file = (name: string) => `'${path.join(dir, `${name}.csv`)}'`;
  const u = (expr: string) => `(hash(${expr}) % 1000000) / 1000000.0`;
  try {
    await session.run(`CREATE TABLE users AS SELECT i AS user_id,
      TIMESTAMP '2023-01-01' + to_days(CAST(${u("i, 'signup'")} * 300 AS INTEGER)) AS signup,
      ['US', 'FR', 'DE', 'JP'][1 + CAST(${u("i, 'country'")} * 4 AS INTEGER) % 4] AS country,
      18 + CAST(${u("i, 'age'")} * 60 AS INTEGER) AS age FROM range(1, ${users + 1}) t(i)`);
    await session.run(
      `CREATE TABLE stores AS SELECT i AS store_id, ['north', 'south'][1 + i % 2] AS region FROM range(1, 6) t(i)`,
    );
    await session.run(`CREATE TABLE orders AS SELECT row_number() OVER (ORDER BY u.user_id, k) AS order_id, u.user_id,
      1 + CAST(${u("u.user_id, k, 'store'")} * 5 AS INTEGER) AS store_id,
      round(u.age * 0.5 + ${u("u.user_id, k, 'amount'")} * 20, 2) AS amount,
      u.signup + to_days(CAST(${u("u.user_id, k, 'day'")} * 500 AS INTEGER)) AS ts
      FROM users u, range(0, 40) r(k)
      WHERE ${u("u.user_id, k, 'keep'")} < CASE WHEN u.country = 'FR' THEN 0.6 ELSE 0.2 END`);
    await session.run(
      `COPY (SELECT user_id, signup, country, CASE WHEN user_id % 5 = 0 THEN NULL ELSE age END AS age FROM users ORDER BY user_id) TO ${file('users')} (HEADER)`,
    );
    await session.run(`COPY (SELECT * FROM stores ORDER BY store_id) TO ${file('stores')} (HEADER)`);
    await session.run(`COPY (SELECT * FROM orders ORDER BY order_id) TO ${file('orders')} (HEADER)`);
  } finally {
    session.close();
  }
  return dir;
}

export function syntheticShopSources(dir: string): { sources: GraphTableSource[]; edges: GraphEdge[] } {
  const table = (name: string, primaryKey: string, timeColumn?: string) =>
    csvTableSource(dir, name, primaryKey, timeColumn);
  return {
    sources: [table('users', 'user_id', 'signup'), table('orders', 'order_id', 'ts'), table('stores', 'store_id')],
    edges: [
      { srcTable: 'orders', fkey: 'user_id', dstTable: 'users' },
      { srcTable: 'orders', fkey: 'store_id', dstTable: 'stores' },
    ],
  };
}
