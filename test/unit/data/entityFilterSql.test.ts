import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import { eligibilitySql, type FilterTable } from '../../../data/entityFilterSql';
import { sourceScanSql } from '../../../data/sourceScan';
import { DataFixture } from './dataFixture';
import { DuckDbSession } from '../../../data/DuckDbSession';

/**
 * The entity filter translated to SQL and run on real data. Users 1..4 (user 4 signs up after the
 * anchor); orders of user 1: two in the last 30 days; user 2: one 100 days ago; user 3: none.
 */
let fx: DataFixture;
let session: DuckDbSession;
let tables: Map<string, FilterTable>;
const ANCHOR = '2024-06-01 00:00:00';

before(async () => {
  fx = await DataFixture.create();
  session = await DuckDbSession.open({ threads: 1 });
  const users = await fx.table(
    'users.parquet',
    `SELECT * FROM (VALUES (1, 'FR', TIMESTAMP '2020-01-01'), (2, 'DE', TIMESTAMP '2020-01-01'), (3, 'it''s', TIMESTAMP '2020-01-01'), (4, 'FR', TIMESTAMP '2025-01-01')) t(user_id, country, signup)`,
  );
  const orders = await fx.table(
    'orders.csv',
    `SELECT * FROM (VALUES (1, 1, TIMESTAMP '2024-05-20', 10.0, 'book'), (2, 1, TIMESTAMP '2024-05-31', 5.0, 'pen'), (3, 2, TIMESTAMP '2024-02-22', 7.0, 'book'), (4, 2, TIMESTAMP '2024-06-15', 1.0, 'pen'), (5, NULL, TIMESTAMP '2024-05-30', 1.0, 'pen')) t(order_id, user_id, ts, amount, item)`,
  );
  const items = await fx.table('items.csv', `SELECT 'book' AS item, 'paper' AS kind`);
  tables = new Map<string, FilterTable>([
    [
      'users',
      {
        scan: sourceScanSql([users], 'parquet'),
        columns: new Map([
          ['user_id', 'BIGINT'],
          ['country', 'VARCHAR'],
          ['signup', 'TIMESTAMP'],
        ]),
        primaryKey: 'user_id',
        timeColumn: 'signup',
        foreignKeys: new Map(),
      },
    ],
    [
      'orders',
      {
        scan: sourceScanSql([orders], 'csv'),
        columns: new Map([
          ['order_id', 'BIGINT'],
          ['user_id', 'BIGINT'],
          ['ts', 'TIMESTAMP'],
          ['amount', 'DOUBLE'],
          ['item', 'VARCHAR'],
        ]),
        primaryKey: 'order_id',
        timeColumn: 'ts',
        foreignKeys: new Map([
          ['user_id', 'users'],
          ['item', 'items'],
        ]),
      },
    ],
    [
      'items',
      {
        scan: sourceScanSql([items], 'csv'),
        columns: new Map([
          ['item', 'VARCHAR'],
          ['kind', 'VARCHAR'],
        ]),
        primaryKey: 'item',
        foreignKeys: new Map(),
      },
    ],
  ]);
});

after(async () => {
  session.close();
  await fx.close();
});

/** [entities known at the anchor, entities passing the filter] */
async function evaluate(filter: string): Promise<[number, number] | string> {
  const parsed = parsePql(`PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE ${filter}`);
  assert.ok(parsed.query?.entityFilter, JSON.stringify(parsed.errors));
  const built = eligibilitySql({ filter: parsed.query.entityFilter, entityTable: 'users', tables, anchor: ANCHOR });
  if ('unsupported' in built) return built.unsupported;
  const [row] = await session.rows(built.sql);
  return [Number(row.entities), Number(row.eligible)];
}

describe('eligibilitySql', () => {
  it('counts entities with activity in a past window; entities created after the anchor are not known', async () => {
    assert.deepEqual(await evaluate('COUNT(orders.*, -30, 0, days) > 0'), [3, 1]);
    assert.deepEqual(await evaluate('COUNT(orders.*, -365, 0, days) > 0'), [3, 2]);
    assert.deepEqual(await evaluate('COUNT(orders.*, -INF, 0) >= 1'), [3, 2]);
  });

  it('ignores rows after the anchor and treats the window start as open', async () => {
    // User 2's order on 2024-06-15 is after the anchor; 2024-02-22 is exactly 100 days before it.
    assert.deepEqual(await evaluate('COUNT(orders.*, -100, 0, days) > 0'), [3, 1]);
    assert.deepEqual(await evaluate('COUNT(orders.*, -101, 0, days) > 0'), [3, 2]);
  });

  it('gives SUM and COUNT 0 over empty windows, and AVG nothing (so it never passes)', async () => {
    assert.deepEqual(await evaluate('SUM(orders.amount, -30, 0, days) = 0'), [3, 2]);
    assert.deepEqual(await evaluate('AVG(orders.amount, -365, 0, days) < 100'), [3, 2]);
    assert.deepEqual(await evaluate('NOT AVG(orders.amount, -365, 0, days) > 100'), [3, 2]);
  });

  it('combines aggregations with entity columns, AND/OR/NOT, IN and string operators', async () => {
    assert.deepEqual(await evaluate(`users.country = 'FR' AND COUNT(orders.*, -30, 0, days) > 0`), [3, 1]);
    assert.deepEqual(await evaluate(`users.country IN ('DE', 'FR') OR COUNT(orders.*, -7, 0, days) > 5`), [3, 2]);
    assert.deepEqual(await evaluate(`NOT users.country = 'FR'`), [3, 2]);
    assert.deepEqual(await evaluate(`users.country STARTS WITH 'F'`), [3, 1]);
    assert.deepEqual(await evaluate(`users.country = 'it\\'s'`), [3, 1]);
  });

  it('applies a filter inside the aggregation and supports FIRST/LAST by time', async () => {
    assert.deepEqual(await evaluate(`COUNT(orders.* WHERE orders.item = 'book', -30, 0, days) > 0`), [3, 1]);
    assert.deepEqual(await evaluate(`LAST(orders.item, -365, 0, days) = 'pen'`), [3, 1]);
    assert.deepEqual(await evaluate(`FIRST(orders.item, -365, 0, days) = 'book'`), [3, 2]);
  });

  it('declines shapes it cannot translate faithfully instead of guessing', async () => {
    assert.match(String(await evaluate(`COUNT(items.*, -30, 0, days) > 0`)), /does not link directly/);
  });
});
