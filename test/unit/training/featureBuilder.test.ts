import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { deriveFeaturePlan } from '../../../engine/features/deriveFeaturePlan';
import { buildFeatures, type BuiltFeatures } from '../../../engine/features/FeatureBuilder';
import type { FeaturePlan } from '../../../engine/features/FeaturePlan';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { TINY_SHOP_PLAN, tinyShopSources, writeTinyShop } from './tinyShop';

/** Rows (ENTITY, anchor): u1 at t1 and t2, u4 at t2. Matrix rows follow (anchor, entity): u1@t1, u1@t2, u4@t2. */
const ANCHORS_SQL =
  "CREATE OR REPLACE TEMP TABLE ea AS SELECT * FROM (VALUES (1, TIMESTAMP '2024-02-01 00:00:00'), " +
  "(4, TIMESTAMP '2024-03-01 00:00:00'), (1, TIMESTAMP '2024-03-01 00:00:00')) v(ENTITY, ANCHOR_TIMESTAMP)";

describe('feature builder: generic relational features on a hand-checked graph', () => {
  let session: DuckDbSession;
  let graph: LoadedGraph;
  let dir: string;
  let plan: FeaturePlan;
  let built: BuiltFeatures;

  before(async () => {
    session = await DuckDbSession.open({ threads: 1 });
    dir = writeTinyShop();
    graph = await loadGraphTables(session, tinyShopSources(dir));
    plan = await deriveFeaturePlan(session, graph, 'users', TINY_SHOP_PLAN);
    await session.run(ANCHORS_SQL);
    built = await buildFeatures(session, graph, plan, 'ea');
  });
  after(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Feature values of the matrix rows [u1@t1, u1@t2, u4@t2]. */
  function feature(name: string): number[] {
    const j = built.matrix.featureNames.indexOf(name);
    assert.ok(j >= 0, `no feature '${name}' in ${built.matrix.featureNames.join(', ')}`);
    const n = built.matrix.numRows;
    return Array.from(built.matrix.values.subarray(j * n, (j + 1) * n), (v) => Math.round(v * 1e4) / 1e4);
  }

  it('orders rows by anchor then entity and records that order in the row-order table', async () => {
    assert.equal(built.matrix.numRows, 3);
    const order = await session.rows(`SELECT rid, ENTITY FROM ${built.rowOrderTable} ORDER BY rid`);
    assert.deepEqual(
      order.map((r) => Number(r.ENTITY)),
      [1, 1, 4],
    );
  });

  it('entity columns: values, category codes and ages; the excluded target column is absent', () => {
    // u1 signed up 2024-01-01: 31 days before t1, 60 days before t2 (2024 is a leap year).
    assert.deepEqual(feature('signup.days_since'), [31, 60, 46]);
    const countries = plan.groups[0].features.find((f) => f.name === 'country.category')!.vocabulary!;
    assert.deepEqual(countries, ['US']);
    assert.deepEqual(feature('country.category'), [0, 0, 1]);
    assert.ok(!built.matrix.featureNames.some((name) => name.startsWith('age')));
  });

  it('child aggregates in windows (t - w, t] see rows at the anchor and nothing after it', () => {
    // u1@t1: only order 100 (exactly at t1). u1@t2: 100, 101, 102. u4@t2: 104 (105 is after t2).
    assert.deepEqual(feature('orders.count_30d'), [1, 3, 1]);
    assert.deepEqual(feature('orders.count_all'), [1, 3, 1]);
    assert.deepEqual(feature('orders.amount.mean_all'), [10, 11.6667, 8]);
    assert.deepEqual(feature('orders.amount.sum_30d'), [10, 35, 8]);
    assert.deepEqual(feature('orders.amount.max_all'), [10, 20, 8]);
    assert.deepEqual(feature('orders.amount.last'), [10, 5, 8]);
    assert.deepEqual(feature('orders.days_since_last'), [0, 19, 10]);
  });

  it('frequent categories become counts and shares; the last category becomes a code', () => {
    assert.deepEqual(feature('orders.status=bad.count_all'), [0, 1, 1]);
    assert.deepEqual(feature('orders.status=bad.share_all'), [0, 0.3333, 1]);
    // Vocabulary ['bad', 'ok'] (tied counts are ordered by value): u1's latest order is ok (1), u4's is bad (0).
    assert.deepEqual(feature('orders.status.last'), [1, 1, 0]);
  });

  it('two hops over one-to-many edges aggregate every reachable row once', () => {
    // users <- orders <- items: u1@t2 has items 1000..1003 (qty 1..4) through three orders; u1@t1 only order 100's two items.
    assert.deepEqual(feature('orders>items.count_all'), [2, 4, 1]);
    assert.deepEqual(feature('orders>items.qty.mean_all'), [1.5, 2.5, 5]);
    assert.deepEqual(feature('orders>items.qty.sum_all'), [3, 10, 5]);
  });

  it('a parent reached through a child contributes its attributes per child row', () => {
    // u1@t2: orders at stores 10, 10, 11 -> regions north, north, south.
    assert.deepEqual(feature('orders>stores.region=north.share_all'), [1, 0.6667, 1]);
  });

  it("the latest parent's own recent rows: the store of the entity's last order", () => {
    // u1@t2: last order 102 at store 11, whose orders in (t2 - 30d, t2] are just 102; u4@t2: store 12 -> 104.
    assert.deepEqual(feature('orders>stores(latest)>orders.count_30d'), [1, 1, 1]);
    assert.deepEqual(feature('orders>stores(latest)>orders.amount.mean_30d'), [10, 5, 8]);
  });

  it('missing is NaN, empty counts are 0', async () => {
    await session.run(
      "CREATE OR REPLACE TEMP TABLE ea3 AS SELECT 3 AS ENTITY, TIMESTAMP '2024-03-01' AS ANCHOR_TIMESTAMP",
    );
    const lonely = await buildFeatures(session, graph, plan, 'ea3');
    const value = (name: string) => lonely.matrix.values[lonely.matrix.featureNames.indexOf(name)];
    assert.equal(value('orders.count_all'), 0);
    assert.ok(Number.isNaN(value('orders.amount.mean_all')));
    assert.ok(Number.isNaN(value('orders.days_since_last')));
  });

  it('the plan is plain JSON: a stored copy builds the same matrix', async () => {
    const copy = JSON.parse(JSON.stringify(plan)) as FeaturePlan;
    const again = await buildFeatures(session, graph, copy, 'ea', { rowOrderTable: 'rows_again' });
    assert.deepEqual(again.matrix.featureNames, built.matrix.featureNames);
    assert.deepEqual(Buffer.from(again.matrix.values.buffer), Buffer.from(built.matrix.values.buffer));
  });
});
