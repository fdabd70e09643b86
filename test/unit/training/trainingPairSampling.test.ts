import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import type { TaskType } from '../../../core/pql/ast';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { hashThreshold } from '../../../engine/training/sampleTrainingPairs';
import { buildTrainingTable, type TrainingTableInfo } from '../../../engine/training/TrainingTableBuilder';
import { capTrainingRows } from '../../../engine/training/trainingRows';
import { syntheticShopSources, writeSyntheticShop } from './syntheticShop';

const ANCHORS = ['2023-06-01', '2023-07-01', '2023-08-01', '2023-09-01', '2023-10-01', '2023-11-01'].map(
  (d) => new Date(`${d}T00:00:00Z`),
);
const SEED = 7;
const pairOf = (row: string) => row.split('=')[0];
const labelOf = (row: string) => Number(row.split('=')[1]);

describe('training table sampling: labelling a hash sample of the pairs keeps exactly the rows the cut keeps', () => {
  let session: DuckDbSession;
  let graph: LoadedGraph;
  let dir: string;

  before(async () => {
    dir = await writeSyntheticShop(3000);
    session = await DuckDbSession.open({ threads: 2 });
    graph = await loadGraphTables(session, syntheticShopSources(dir));
  });
  after(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The cut training table (sorted), built with or without sampling the pairs first. */
  async function cutRows(
    text: string,
    taskType: TaskType,
    maxRows: number,
    sample: boolean,
  ): Promise<{ rows: string[]; info: TrainingTableInfo }> {
    const query = parsePql(text).query!;
    const info = await buildTrainingTable(session, {
      graph,
      query,
      taskType,
      anchors: ANCHORS,
      staticAnchor: ANCHORS[ANCHORS.length - 1],
      tableName: 'tt',
      ...(sample ? { sample: { maxRows, seed: SEED } } : {}),
    });
    await capTrainingRows(session, 'tt', maxRows, SEED);
    const rows = await session.rows(
      `SELECT ENTITY, strftime(ANCHOR_TIMESTAMP, '%Y-%m-%d') AS t, TARGET FROM tt ORDER BY ANCHOR_TIMESTAMP, ENTITY`,
    );
    return { rows: rows.map((r) => `${r.ENTITY}@${r.t}=${r.TARGET}`), info };
  }

  const cases: [string, string, TaskType, number][] = [
    [
      'a binary window target',
      'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id',
      'binary_classification',
      2000,
    ],
    [
      'an entity filter that drops most pairs (the sample grows until enough rows are labelled)',
      'PREDICT SUM(orders.amount, 0, 30, days) > 50 FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0, days) > 1',
      'binary_classification',
      600,
    ],
    [
      'a regression target with undefined labels (AVG)',
      'PREDICT AVG(orders.amount, 0, 60, days) FOR EACH users.user_id',
      'regression',
      1500,
    ],
    [
      'stores as entities (few entities, one hop)',
      'PREDICT COUNT(orders.*, 0, 7, days) FOR EACH stores.store_id',
      'regression',
      12,
    ],
  ];
  for (const [name, text, taskType, maxRows] of cases) {
    it(name, async () => {
      const all = await cutRows(text, taskType, maxRows, false);
      const sampled = await cutRows(text, taskType, maxRows, true);
      assert.ok(sampled.info.sampling, 'the pairs were sampled');
      assert.ok(sampled.info.sampling.sampledPairs < sampled.info.sampling.candidatePairs);
      assert.ok(sampled.info.rows < all.info.rows, `labelled ${sampled.info.rows} of ${all.info.rows} rows`);
      assert.equal(all.rows.length, maxRows);
      // The same rows; labels to rounding (a sum of doubles depends on the order DuckDB's threads add them).
      assert.deepEqual(sampled.rows.map(pairOf), all.rows.map(pairOf));
      sampled.rows.forEach((row, i) => {
        const [got, want] = [labelOf(row), labelOf(all.rows[i])];
        assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${row} vs ${all.rows[i]}`);
      });
    });
  }

  it('labels every pair when the limit is above the candidates, or when the label compares two column values', async () => {
    const few = await cutRows(
      'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id',
      'binary_classification',
      100_000,
      true,
    );
    assert.equal(few.info.sampling, undefined);
    // The label of a two-valued column is decided over all rows at once (which value is "true").
    const twoValued = await cutRows('PREDICT stores.region FOR EACH stores.store_id', 'binary_classification', 2, true);
    assert.equal(twoValued.info.sampling, undefined);
    assert.equal(twoValued.rows.length, 2);
  });

  it('hash thresholds are exact UBIGINT literals below 2^64', () => {
    assert.equal(hashThreshold(0.5), `${2n ** 63n}::UBIGINT`);
    assert.ok(BigInt(hashThreshold(0.999999).split('::')[0]) < 2n ** 64n);
  });
});
