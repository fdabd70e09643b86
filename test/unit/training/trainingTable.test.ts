import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import type { PredictiveQuery, TaskType } from '../../../core/pql/ast';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { loadGraphTables, type LoadedGraph } from '../../../engine/features/GraphTables';
import { buildPredictionEntities, buildTrainingTable } from '../../../engine/training/TrainingTableBuilder';
import { tinyShopSources, writeTinyShop } from './tinyShop';

const T1 = new Date('2024-02-01T00:00:00Z');
const T2 = new Date('2024-03-01T00:00:00Z');

function query(text: string): PredictiveQuery {
  const parsed = parsePql(text);
  assert.deepEqual(parsed.errors, [], text);
  return parsed.query!;
}

describe('training table: labels and eligibility follow Kumo window semantics', () => {
  let session: DuckDbSession;
  let graph: LoadedGraph;
  let dir: string;

  before(async () => {
    session = await DuckDbSession.open({ threads: 1 });
    dir = writeTinyShop();
    graph = await loadGraphTables(session, tinyShopSources(dir));
  });
  after(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function rows(text: string, taskType: TaskType, anchors: Date[] = [T1, T2]): Promise<string[]> {
    const q = query(text);
    await buildTrainingTable(session, { graph, query: q, taskType, anchors, staticAnchor: T2, tableName: 'tt' });
    const result = await session.rows(
      `SELECT ENTITY, strftime(ANCHOR_TIMESTAMP, '%m-%d') AS t, TARGET FROM tt ORDER BY ANCHOR_TIMESTAMP, ENTITY`,
    );
    return result.map((r) => `${r.ENTITY}@${r.t}=${r.TARGET}`);
  }

  it('windows are (t + start, t + end]: a row at the anchor is excluded, one at t + end included; SUM of nothing is 0', async () => {
    // u1 at t1: order 100 is exactly at t1 (context, not label); 101 + 102 (exactly at t1 + 10 days) = 25.
    // u2 signs up at t2, so it does not exist at t1. u3 never orders: SUM over an empty window is 0.
    assert.deepEqual(await rows('PREDICT SUM(orders.amount, 0, 10, days) FOR EACH users.user_id', 'regression'), [
      '1@02-01=25',
      '3@02-01=0',
      '4@02-01=0',
      '1@03-01=0',
      '2@03-01=7',
      '3@03-01=0',
      '4@03-01=0',
    ]);
  });

  it('AVG over an empty window is undefined, so the entity is left out', async () => {
    assert.deepEqual(await rows('PREDICT AVG(orders.amount, 0, 10) FOR EACH users.user_id', 'regression'), [
      '1@02-01=12.5',
      '2@03-01=7',
    ]);
  });

  it('binary target with an aggregation filter; ASSUMING keeps only entities that order in the window', async () => {
    const text =
      "PREDICT COUNT(orders.* WHERE orders.status = 'bad', 0, 30, days) > 0 FOR EACH users.user_id " +
      'ASSUMING COUNT(orders.*, 0, 30, days) > 0';
    assert.deepEqual(await rows(text, 'binary_classification'), ['1@02-01=1', '4@02-01=1', '2@03-01=0', '4@03-01=0']);
  });

  it('a binary target taking a two-valued column: 1 for the larger value, and a third value stops the job', async () => {
    // status is 'ok' or 'bad': 'ok' is the larger value, so LAST(...) = 'ok' is the positive label.
    assert.deepEqual(
      await rows('PREDICT LAST(orders.status, 0, 30, days) FOR EACH users.user_id', 'binary_classification'),
      ['1@02-01=1', '4@02-01=0', '2@03-01=1', '4@03-01=1'],
    );
    await assert.rejects(
      rows('PREDICT LAST(orders.amount, 0, 30, days) FOR EACH users.user_id', 'binary_classification'),
      /more than two values among the training rows/,
    );
  });

  it('entity WHERE over a past window (t - 30 days, t] includes a row exactly at the anchor', async () => {
    const text = 'PREDICT COUNT(orders.*, 0, 30) FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0) > 0';
    assert.deepEqual(await rows(text, 'regression'), ['1@02-01=2', '1@03-01=0', '4@03-01=1']);
  });

  it('entity WHERE on a static column and FOR ... IN (...) entity lists', async () => {
    assert.deepEqual(
      await rows("PREDICT SUM(orders.amount, 0, 10) FOR EACH users.user_id WHERE users.country = 'US'", 'regression'),
      ['1@02-01=25', '3@02-01=0', '1@03-01=0', '3@03-01=0'],
    );
    assert.deepEqual(await rows('PREDICT SUM(orders.amount, 0, 10) FOR users.user_id IN (1, 2)', 'regression'), [
      '1@02-01=25',
      '1@03-01=0',
      '2@03-01=7',
    ]);
  });

  it('static targets: one row per entity whose target is set; prediction rows are the NULL ones', async () => {
    assert.deepEqual(await rows('PREDICT users.age FOR EACH users.user_id', 'regression'), [
      '1@03-01=31',
      '3@03-01=45',
    ]);
    assert.deepEqual(await rows('PREDICT users.country FOR EACH users.user_id', 'multiclass_classification'), [
      '1@03-01=US',
      '2@03-01=FR',
      '3@03-01=US',
      '4@03-01=DE',
    ]);
    assert.deepEqual(await rows('PREDICT users.age > 40 FOR EACH users.user_id', 'binary_classification'), [
      '1@03-01=0',
      '3@03-01=1',
    ]);
    const count = await buildPredictionEntities(
      session,
      graph,
      query('PREDICT users.age FOR EACH users.user_id'),
      T2,
      'pe',
    );
    assert.equal(count, 2);
    const entities = await session.rows('SELECT ENTITY FROM pe ORDER BY ENTITY');
    assert.deepEqual(
      entities.map((r) => Number(r.ENTITY)),
      [2, 4],
    );
  });

  it('prediction entities of a temporal query: existing at the anchor and passing WHERE, without ASSUMING', async () => {
    const q = query('PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0) > 0');
    assert.equal(await buildPredictionEntities(session, graph, q, T2, 'pe'), 2);
    const atT1 = query('PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id ASSUMING COUNT(orders.*, 0, 30) > 0');
    // u2 signs up after t1; ASSUMING looks into the future, so it never restricts prediction rows.
    assert.equal(await buildPredictionEntities(session, graph, atT1, T1, 'pe'), 3);
  });

  it('refuses task types the local engine cannot train, naming them', async () => {
    const q = query('PREDICT LIST_DISTINCT(orders.store_id, 0, 30) RANK TOP 2 FOR EACH users.user_id');
    await assert.rejects(
      buildTrainingTable(session, {
        graph,
        query: q,
        taskType: 'temporal_link_prediction',
        anchors: [T1],
        tableName: 'tt',
      }),
      /not supported by the local engine/,
    );
  });
});
