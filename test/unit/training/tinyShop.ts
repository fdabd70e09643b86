import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FeaturePlanOptions } from '../../../engine/features/deriveFeaturePlan';
import type { GraphEdge, GraphTableSource } from '../../../engine/features/GraphTables';

/**
 * A hand-written shop small enough to check every label and feature by hand:
 *   users (signup time) <- orders (ts) -> stores (no time: a dimension)
 *                          orders <- items (ts)
 * Times are chosen on window edges: an order exactly at an anchor is context, not label.
 */
export const TINY_SHOP: Record<string, string> = {
  'users.csv': [
    'user_id,signup,country,age',
    '1,2024-01-01 00:00:00,US,31',
    '2,2024-03-01 00:00:00,FR,',
    '3,2024-01-01 00:00:00,US,45',
    '4,2024-01-15 00:00:00,DE,',
  ].join('\n'),
  'stores.csv': ['store_id,region', '10,north', '11,south', '12,north'].join('\n'),
  'orders.csv': [
    'order_id,user_id,store_id,amount,status,ts',
    '100,1,10,10.0,ok,2024-02-01 00:00:00',
    '101,1,10,20.0,bad,2024-02-10 12:00:00',
    '102,1,11,5.0,ok,2024-02-11 00:00:00',
    '103,2,11,7.0,ok,2024-03-05 00:00:00',
    '104,4,12,8.0,bad,2024-02-20 00:00:00',
    '105,4,12,2.0,ok,2024-03-20 00:00:00',
  ].join('\n'),
  'items.csv': [
    'item_id,order_id,qty,ts',
    '1000,100,1,2024-02-01 00:00:00',
    '1001,100,2,2024-02-01 00:00:00',
    '1002,101,3,2024-02-10 12:00:00',
    '1003,102,4,2024-02-11 00:00:00',
    '1004,104,5,2024-02-20 00:00:00',
  ].join('\n'),
};

export function writeTinyShop(dir?: string): string {
  return writeFixtureFiles(TINY_SHOP, 'relgraph-shop-', dir);
}

/** Writes a fixture's files (name -> text) into `dir`, by default a new temporary folder named after `prefix`. */
export function writeFixtureFiles(
  files: Record<string, string>,
  prefix: string,
  dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix)),
): string {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text + '\n');
  return dir;
}

/** A graph table read from `<dir>/<name>.csv`, as the shop fixtures write them. */
export function csvTableSource(dir: string, name: string, primaryKey: string, timeColumn?: string): GraphTableSource {
  return {
    name,
    files: [path.join(dir, `${name}.csv`)],
    format: 'csv',
    primaryKey,
    ...(timeColumn ? { timeColumn } : {}),
  };
}

export function tinyShopSources(dir: string): { sources: GraphTableSource[]; edges: GraphEdge[] } {
  const table = (name: string, primaryKey: string, timeColumn?: string) =>
    csvTableSource(dir, name, primaryKey, timeColumn);
  return {
    sources: [
      table('users', 'user_id', 'signup'),
      table('orders', 'order_id', 'ts'),
      table('stores', 'store_id'),
      table('items', 'item_id', 'ts'),
    ],
    edges: [
      { srcTable: 'orders', fkey: 'user_id', dstTable: 'users' },
      { srcTable: 'orders', fkey: 'store_id', dstTable: 'stores' },
      { srcTable: 'items', fkey: 'order_id', dstTable: 'orders' },
    ],
  };
}

/** Every feature family on the tiny shop (users as entities, two hops, the wide and compact sets), age excluded. */
export const TINY_SHOP_PLAN: FeaturePlanOptions = {
  windowsDays: [30],
  statWindowsDays: [30],
  maxCategories: 5,
  maxShareCardinality: 5,
  maxHops: 2,
  wide: true,
  compact: { historyWindowsDays: [30], lastK: [1, 3], bestK: [2], parentWindowsDays: [30] },
  vocabularyCutoff: '2024-03-01 00:00:00',
  exclude: [{ table: 'users', column: 'age' }],
};
