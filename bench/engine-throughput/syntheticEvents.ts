import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDbSession } from '../../data/DuckDbSession';
import type { GraphEdge, GraphTableSource } from '../../engine/features/GraphTables';

/**
 * Generated data for engine throughput: `users` (entities, with a signup time and a country),
 * `events` (user_id, product_id, ts over two years, amount, kind) and `products` (a dimension with a
 * category). Written once as Parquet under bench/.data and reused; hash-based, so the same every run.
 */
export interface SyntheticEventsSize {
  users: number;
  events: number;
  products: number;
}

export const EVENTS_START = '2023-01-01 00:00:00';
export const EVENTS_DAYS = 730;

export function syntheticEventsDir(size: SyntheticEventsSize): string {
  return path.resolve(__dirname, `../.data/synthetic-events-${size.users}-${size.events}`);
}

/** Writes the tables unless they exist; returns their folder. */
export async function writeSyntheticEvents(size: SyntheticEventsSize): Promise<string> {
  const dir = syntheticEventsDir(size);
  if (['users', 'events', 'products'].every((t) => fs.existsSync(path.join(dir, `${t}.parquet`)))) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const session = await DuckDbSession.open({ threads: 2 });
  const file = (name: string) => `'${path.join(dir, `${name}.parquet`)}'`;
  const unit = (expr: string) => `((hash(${expr}) % 1000003) / 1000003.0)`;
  try {
    await session.run(
      `COPY (SELECT i AS user_id, TIMESTAMP '${EVENTS_START}' + to_seconds(CAST(${unit("i, 's'")} * 86400 * 200 AS BIGINT)) AS signup, ` +
        `'c' || CAST(floor(${unit("i, 'c'")} * ${unit("i, 'c'")} * 20) AS INTEGER) AS country, ` +
        `18 + CAST(${unit("i, 'a'")} * 60 AS INTEGER) AS age FROM range(${size.users}) t(i)) TO ${file('users')} (FORMAT parquet)`,
    );
    await session.run(
      `COPY (SELECT i AS product_id, 'cat' || (i % 12) AS category, round(5 + ${unit("i, 'p'")} * 95, 2) AS list_price ` +
        `FROM range(${size.products}) t(i)) TO ${file('products')} (FORMAT parquet)`,
    );
    // Users are skewed (a few are very active), times are uniform over two years after 2023-01-01.
    await session.run(
      `COPY (SELECT i AS event_id, CAST(floor(${unit("i, 'u'")} * ${unit("i, 'v'")} * ${size.users}) AS BIGINT) AS user_id, ` +
        `CAST(floor(${unit("i, 'p'")} * ${size.products}) AS BIGINT) AS product_id, ` +
        `TIMESTAMP '${EVENTS_START}' + to_seconds(CAST(${unit("i, 't'")} * 86400 * ${EVENTS_DAYS} AS BIGINT)) AS ts, ` +
        `round(${unit("i, 'm'")} * 100, 2) AS amount, 'k' || CAST(floor(${unit("i, 'k'")} * ${unit("i, 'k'")} * 8) AS INTEGER) AS kind ` +
        `FROM range(${size.events}) t(i)) TO ${file('events')} (FORMAT parquet)`,
    );
  } finally {
    session.close();
  }
  return dir;
}

export function syntheticEventsGraph(dir: string): { sources: GraphTableSource[]; edges: GraphEdge[] } {
  const table = (name: string, primaryKey: string, timeColumn?: string): GraphTableSource => ({
    name,
    files: [path.join(dir, `${name}.parquet`)],
    format: 'parquet',
    primaryKey,
    ...(timeColumn ? { timeColumn } : {}),
  });
  return {
    sources: [table('users', 'user_id', 'signup'), table('events', 'event_id', 'ts'), table('products', 'product_id')],
    edges: [
      { srcTable: 'events', fkey: 'user_id', dstTable: 'users' },
      { srcTable: 'events', fkey: 'product_id', dstTable: 'products' },
    ],
  };
}
