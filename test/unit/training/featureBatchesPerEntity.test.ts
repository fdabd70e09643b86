import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { sqlIdent } from '../../../data/sourceScan';
import { deriveFeaturePlan } from '../../../engine/features/deriveFeaturePlan';
import { streamFeatureBatches } from '../../../engine/features/featureBatches';
import { buildFeatures } from '../../../engine/features/FeatureBuilder';
import { featureGroupSql } from '../../../engine/features/featureGroupSql';
import { planFeatures, type FeaturePlan } from '../../../engine/features/FeaturePlan';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { TINY_SHOP_PLAN, tinyShopSources, writeTinyShop } from './tinyShop';

/**
 * Batch prediction's rows share one anchor time, so streamFeatureBatches computes the aggregates over a child
 * table per entity key instead of per anchor row. Every feature must be the value buildFeatures (per anchor
 * row, the form the training and leakage tests pin) gives the same entity at the same anchor, and rows after
 * the anchor must still change nothing.
 */
const ANCHORS = ['2024-02-01 00:00:00', '2024-02-15 12:00:00.5', '2024-03-01 00:00:00'];
/** Every user, user 1 twice (a prediction table may repeat an entity), and user 3, who has no orders. */
const ENTITIES = [1, 2, 3, 4, 1];

describe('batch features with one anchor for every row (per entity)', () => {
  let session: DuckDbSession;
  let graph: LoadedGraph;
  let dir: string;
  let plan: FeaturePlan;

  before(async () => {
    session = await DuckDbSession.open({ threads: 2 });
    dir = writeTinyShop();
    graph = await loadGraphTables(session, tinyShopSources(dir));
    plan = await deriveFeaturePlan(session, graph, 'users', TINY_SHOP_PLAN);
  });
  after(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('computes the child-table groups per entity, and only when the anchor is shared', () => {
    const anchor = 'make_timestamp(1706745600000000)';
    const perEntity = plan.groups.filter((group) =>
      featureGroupSql(graph, 'users', group, 'a', { constantAnchor: anchor }).includes('__entity'),
    );
    assert.ok(perEntity.length >= 2, `expected several per-entity groups, got ${perEntity.length}`);
    assert.ok(perEntity.every((g) => g.kind === 'aggregate' && g.path[0].direction === 'child'));
    for (const group of plan.groups) assert.ok(!featureGroupSql(graph, 'users', group, 'a').includes('__entity'));
  });

  for (const anchor of ANCHORS) {
    it(`gives every row the values buildFeatures gives it at ${anchor}`, async () => {
      const expected = await perRowFeatures([anchor]);
      const actual = await batchFeatures(anchor);
      assert.equal(actual.length, ENTITIES.length);
      actual.forEach((row, i) => assertSameValues(row, expected.get(`${ENTITIES[i]}`)!, `row ${i}`));
    });
  }

  it('rows with different anchors are each computed at their own anchor', async () => {
    const expected = await perRowFeatures(ANCHORS);
    const actual = await batchFeatures(...ANCHORS);
    actual.forEach((row, i) => {
      const key = `${ENTITIES[i % ENTITIES.length]}@${ANCHORS[Math.floor(i / ENTITIES.length)]}`;
      assertSameValues(row, expected.get(key)!, key);
    });
  });

  it('rows after the anchor change nothing', async () => {
    const before = await batchFeatures(ANCHORS[0]);
    const orders = sqlIdent(graph.tables.get('orders')!.relation);
    const items = sqlIdent(graph.tables.get('items')!.relation);
    // A new order of user 1 one second after the anchor, with an item, in a store user 1 already used.
    await session.run(
      `INSERT INTO ${orders} SELECT * REPLACE (900 AS order_id, 99.0 AS amount, 'bad' AS status, ` +
        `TIMESTAMP '2024-02-01 00:00:01' AS ts) FROM ${orders} WHERE order_id = 100`,
    );
    await session.run(
      `INSERT INTO ${items} SELECT * REPLACE (9000 AS item_id, 900 AS order_id, 9 AS qty, ` +
        `TIMESTAMP '2024-02-01 00:00:01' AS ts) FROM ${items} WHERE item_id = 1000`,
    );
    try {
      const after = await batchFeatures(ANCHORS[0]);
      after.forEach((row, i) => assertSameValues(row, before[i], `row ${i}`));
      // The same new rows are seen one anchor later: the check above can fail.
      const later = await batchFeatures('2024-02-01 00:00:02');
      assert.notDeepEqual(later[0], before[0]);
    } finally {
      await session.run(`DELETE FROM ${orders} WHERE order_id = 900`);
      await session.run(`DELETE FROM ${items} WHERE item_id = 9000`);
    }
  });

  /** buildFeatures' values by `entity` (one anchor) or `entity@anchor`, for the entities at these anchors. */
  async function perRowFeatures(anchors: string[]): Promise<Map<string, Float32Array>> {
    const values = anchors.flatMap((a) => ENTITIES.slice(0, 4).map((e) => `(${e}, TIMESTAMP '${a}')`));
    await session.run(
      `CREATE OR REPLACE TEMP TABLE ea AS SELECT * FROM (VALUES ${values.join(', ')}) v(ENTITY, ANCHOR_TIMESTAMP)`,
    );
    const built = await buildFeatures(session, graph, plan, 'ea');
    const order = await session.rows(
      `SELECT rid, ENTITY, strftime(anchor, '%Y-%m-%d %H:%M:%S.%f') AS at FROM ${built.rowOrderTable}`,
    );
    const byKey = new Map<string, Float32Array>();
    const n = built.matrix.numRows;
    for (const row of order) {
      const rid = Number(row.rid);
      const at = ANCHORS.find((a) => String(row.at).startsWith(a.length > 19 ? a : `${a}.000000`))!;
      const key = anchors.length === 1 ? `${row.ENTITY}` : `${row.ENTITY}@${at}`;
      byKey.set(
        key,
        Float32Array.from({ length: built.matrix.numFeatures }, (_, k) => built.matrix.values[k * n + rid]),
      );
    }
    return byKey;
  }

  /** streamFeatureBatches' rows (in rid order) for ENTITIES at each anchor, in batches of 3 rows. */
  async function batchFeatures(...anchors: string[]): Promise<Float32Array[]> {
    const values = anchors.flatMap((a, j) =>
      ENTITIES.map((e, i) => `(${j * ENTITIES.length + i}, ${e}, TIMESTAMP '${a}')`),
    );
    await session.run(
      `CREATE OR REPLACE TEMP TABLE anchors AS SELECT rid::INTEGER AS rid, ENTITY, anchor ` +
        `FROM (VALUES ${values.join(', ')}) v(rid, ENTITY, anchor)`,
    );
    const rows: Float32Array[] = [];
    const width = planFeatures(plan).length;
    await streamFeatureBatches(session, graph, plan, 'anchors', { batchRows: 3 }, async ({ rowIds, matrix }) => {
      rowIds.forEach((rid, i) => {
        rows[rid] = Float32Array.from({ length: width }, (_, k) => matrix.values[k * matrix.numRows + i]);
      });
    });
    return rows;
  }

  function assertSameValues(actual: Float32Array, expected: Float32Array, where: string): void {
    const names = planFeatures(plan).map((f) => f.name);
    actual.forEach((value, k) =>
      assert.ok(Object.is(value, expected[k]), `${where}, ${names[k]}: ${value} vs ${expected[k]}`),
    );
  }
});
