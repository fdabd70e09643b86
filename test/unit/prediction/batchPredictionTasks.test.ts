import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { sqlString } from '../../../data/sourceScan';
import type { BatchPredictionSummary } from '../../../engine/prediction/predictionSummary';
import { ShopWorkspace } from './shopFixture';

let ws: ShopWorkspace;
let session: DuckDbSession;

before(async () => {
  ws = ShopWorkspace.create();
  session = await DuckDbSession.open({ threads: 1 });
  await ws.train('regression');
  await ws.train('multiclass');
});
after(() => {
  session.close();
  ws.remove();
});

describe('batch prediction output shapes by task', () => {
  it('regression: ENTITY, ANCHOR_TIMESTAMP, TARGET_PRED', async () => {
    const spec = ws.predictionSpec('spend', [
      'training_job: regression.training.yaml',
      'anchor_time: 2023-06-01',
      'destination: { type: local, path: out/spend.parquet }',
      'num_workers: 2',
    ]);
    const record = await ws.predict(spec);
    assert.equal(record.status, 'DONE', record.error?.message);
    const rows = await session.rows(
      `SELECT * FROM read_parquet(${sqlString(ws.path('out/spend_predictions.parquet'))})`,
    );
    assert.deepEqual(Object.keys(rows[0]), ['ENTITY', 'ANCHOR_TIMESTAMP', 'TARGET_PRED']);
    assert.equal(rows.length, 203);
    assert.ok(rows.every((r) => typeof r.TARGET_PRED === 'number' && Number.isFinite(r.TARGET_PRED)));
    const summary = record.summary as BatchPredictionSummary;
    assert.equal(summary.task_type, 'regression');
    assert.equal(summary.binary, undefined);
    const values = rows.map((r) => r.TARGET_PRED as number).sort((a, b) => a - b);
    assert.equal(summary.score_distribution!.min, values[0]);
    assert.equal(summary.score_distribution!.max, values.at(-1));
  });

  it('static multiclass: predicts exactly the entities whose target is null, top K classes in long format', async () => {
    const spec = ws.predictionSpec('country', [
      'training_job: multiclass.training.yaml',
      'num_classes_to_return: 2',
      'destination: { type: local, path: out/country.csv }',
    ]);
    const record = await ws.predict(spec);
    assert.equal(record.status, 'DONE', record.error?.message);
    const rows = await session.rows(`SELECT * FROM read_csv(${sqlString(ws.path('out/country_predictions.csv'))})`);
    assert.deepEqual(
      Object.keys(rows[0]),
      ['ENTITY', 'CLASS', 'SCORE', 'PREDICTED'],
      'no anchor column for a static query',
    );
    const [{ ids }] = await session.rows(
      `SELECT list(customer_id ORDER BY customer_id) AS ids FROM read_csv(${sqlString(ws.path('data/customers.csv'))}) ` +
        `WHERE country IS NULL`,
    );
    const expected = (ids as bigint[]).map(Number);
    assert.equal(expected.length, 28, 'every seventh of customers 1..200');
    const entities = [...new Set(rows.map((r) => Number(r.ENTITY)))];
    assert.deepEqual(entities, expected);
    for (const id of expected) {
      const own = rows.filter((r) => Number(r.ENTITY) === id);
      assert.equal(own.length, 2, 'num_classes_to_return rows per entity');
      assert.deepEqual(
        own.map((r) => r.PREDICTED),
        [true, false],
      );
      assert.ok((own[0].SCORE as number) >= (own[1].SCORE as number));
      assert.ok(own.every((r) => ['DE', 'FR', 'UK'].includes(String(r.CLASS))));
    }
    const summary = record.summary as BatchPredictionSummary;
    assert.equal(summary.anchor_time, null);
    assert.equal(summary.anchor_time_source, 'not_applicable');
    assert.equal(summary.num_entities_predicted, 28);
    assert.equal(
      summary.class_counts!.reduce((a, c) => a + c.count, 0),
      28,
    );
  });

  it('multiclass to Parquet returns every class per entity by default', async () => {
    const spec = ws.predictionSpec('country_all', [
      'training_job: multiclass.training.yaml',
      'destination: { type: local, path: out/country_all.parquet }',
    ]);
    const record = await ws.predict(spec);
    assert.equal(record.status, 'DONE', record.error?.message);
    const [row] = await session.rows(
      `SELECT count(*) AS n, count(DISTINCT ENTITY) AS entities, count(*) FILTER (WHERE PREDICTED) AS predicted, ` +
        `any_value(typeof(CLASS)) AS class_type FROM read_parquet(${sqlString(ws.path('out/country_all_predictions.parquet'))})`,
    );
    assert.deepEqual(
      [Number(row.n), Number(row.entities), Number(row.predicted), row.class_type],
      [28 * 3, 28, 28, 'VARCHAR'],
    );
  });

  it('embeddings to CSV: the vector as [..] text of the same length on every row', async () => {
    const spec = ws.predictionSpec('spend_emb', [
      'training_job: regression.training.yaml',
      'anchor_time: 2023-06-01',
      'output_types: [predictions, embeddings]',
      'destination: { type: local, path: out/spend_emb.csv }',
    ]);
    const record = await ws.predict(spec);
    assert.equal(record.status, 'DONE', record.error?.message);
    const lines = fs.readFileSync(ws.path('out/spend_emb_embeddings.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'ENTITY,ANCHOR_TIMESTAMP,EMBEDDING');
    assert.equal(lines.length, 204);
    const widths = new Set(lines.slice(1).map((l) => (JSON.parse(l.slice(l.indexOf('"') + 1, -1)) as number[]).length));
    assert.equal(widths.size, 1);
    assert.ok([...widths][0] >= 8);
  });
});
