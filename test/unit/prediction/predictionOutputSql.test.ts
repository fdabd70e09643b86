import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { prepareOutputQueries, ROWS_TABLE } from '../../../engine/prediction/predictionOutputSql';
import { summarizeScores } from '../../../engine/prediction/predictionSummary';

let session: DuckDbSession;

before(async () => {
  session = await DuckDbSession.open({ threads: 1 });
  // Three rows, deliberately not in entity order: row_id is the model's row order.
  await session.run(
    `CREATE TABLE ${ROWS_TABLE} AS SELECT * FROM (VALUES (0, 30, TIMESTAMP '2010-01-01'),
      (1, 10, TIMESTAMP '2010-01-01'), (2, 20, TIMESTAMP '2010-01-01')) v(row_id, ENTITY, ANCHOR_TIMESTAMP)`,
  );
});
after(() => session.close());

async function rows(sql: string, order: string): Promise<Record<string, unknown>[]> {
  return session.rows(`${sql} ORDER BY ${order}`);
}

describe('prediction output columns', () => {
  it('binary: ENTITY, ANCHOR_TIMESTAMP, TARGET_PRED (threshold, inclusive), FALSE_PROB, TRUE_PROB', async () => {
    const q = await prepareOutputQueries(
      session,
      { rowCount: 3, scores: Float64Array.from([0.9, 0.25, 0.5]) },
      { kind: 'binary', threshold: 0.5 },
      { temporal: true, predictions: true, embeddings: false },
    );
    const out = await rows(q.predictions!, q.orderBy.predictions);
    assert.deepEqual(Object.keys(out[0]), ['ENTITY', 'ANCHOR_TIMESTAMP', 'TARGET_PRED', 'FALSE_PROB', 'TRUE_PROB']);
    assert.deepEqual(
      out.map((r) => [r.ENTITY, r.TARGET_PRED, r.FALSE_PROB, r.TRUE_PROB]),
      [
        [10, false, 0.75, 0.25],
        [20, true, 0.5, 0.5],
        [30, true, 1 - 0.9, 0.9],
      ],
    );
    const summary = await summarizeScores(session, q.predictions!, { kind: 'binary', threshold: 0.5 });
    assert.deepEqual(summary.binary, { threshold: 0.5, predicted_true: 2, predicted_false: 1 });
    assert.equal(summary.score_distribution!.min, 0.25);
    assert.equal(summary.score_distribution!.max, 0.9);
    assert.equal(summary.score_distribution!.p50, 0.5);
  });

  it('regression, static: ENTITY, TARGET_PRED without an anchor column', async () => {
    const q = await prepareOutputQueries(
      session,
      { rowCount: 3, scores: Float64Array.from([3, 1, 2]) },
      { kind: 'regression' },
      { temporal: false, predictions: true, embeddings: false },
    );
    const out = await rows(q.predictions!, q.orderBy.predictions);
    assert.deepEqual(out, [
      { ENTITY: 10, TARGET_PRED: 1 },
      { ENTITY: 20, TARGET_PRED: 2 },
      { ENTITY: 30, TARGET_PRED: 3 },
    ]);
  });

  it('multiclass: long format, top K classes per entity, PREDICTED marks the best', async () => {
    const shape = { kind: 'multiclass' as const, classes: ['German', 'British', 'French'], topK: 2 };
    const q = await prepareOutputQueries(
      session,
      {
        rowCount: 3,
        numClasses: 3,
        // row 0 (entity 30): French; row 1 (entity 10): a tie German/British -> British (smaller label)
        classProbabilities: Float64Array.from([0.1, 0.2, 0.7, 0.4, 0.4, 0.2, 0.6, 0.3, 0.1]),
      },
      shape,
      { temporal: false, predictions: true, embeddings: false },
    );
    const out = await rows(q.predictions!, q.orderBy.predictions);
    assert.deepEqual(Object.keys(out[0]), ['ENTITY', 'CLASS', 'SCORE', 'PREDICTED']);
    assert.deepEqual(
      out.map((r) => [r.ENTITY, r.CLASS, r.SCORE, r.PREDICTED]),
      [
        [10, 'British', 0.4, true],
        [10, 'German', 0.4, false],
        [20, 'German', 0.6, true],
        [20, 'British', 0.3, false],
        [30, 'French', 0.7, true],
        [30, 'British', 0.2, false],
      ],
    );
    const summary = await summarizeScores(session, q.predictions!, shape);
    assert.deepEqual(summary.class_counts, [
      { class: 'British', count: 1 },
      { class: 'French', count: 1 },
      { class: 'German', count: 1 },
    ]);
  });

  it('multiclass keeps integer class labels as integers', async () => {
    const q = await prepareOutputQueries(
      session,
      { rowCount: 3, numClasses: 2, classProbabilities: Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.5, 0.5]) },
      { kind: 'multiclass', classes: [1, 2], topK: 1 },
      { temporal: false, predictions: true, embeddings: false },
    );
    const out = await rows(q.predictions!, q.orderBy.predictions);
    assert.deepEqual(
      out.map((r) => [r.ENTITY, r.CLASS]),
      [
        [10, 2n],
        [20, 1n],
        [30, 1n],
      ],
    );
  });

  it('embeddings: ENTITY, ANCHOR_TIMESTAMP, EMBEDDING as a fixed-length float array', async () => {
    const q = await prepareOutputQueries(
      session,
      { rowCount: 3, embeddings: Float32Array.from([3, 3.5, 1, 1.5, 2, 2.5]), embeddingWidth: 2 },
      { kind: 'regression' },
      { temporal: true, predictions: false, embeddings: true },
    );
    assert.equal(q.predictions, undefined);
    const [described] = await session.rows(`SELECT typeof(EMBEDDING) AS t FROM (${q.embeddings}) LIMIT 1`);
    assert.equal(described.t, 'FLOAT[2]');
    const out = await rows(q.embeddings!, q.orderBy.embeddings);
    assert.deepEqual(
      out.map((r) => [r.ENTITY, r.EMBEDDING]),
      [
        [10, [1, 1.5]],
        [20, [2, 2.5]],
        [30, [3, 3.5]],
      ],
    );
  });

  it('refuses arrays that do not match the model shape', async () => {
    await assert.rejects(
      prepareOutputQueries(
        session,
        { rowCount: 3, numClasses: 2, classProbabilities: new Float64Array(6) },
        { kind: 'multiclass', classes: ['a', 'b', 'c'], topK: 1 },
        { temporal: false, predictions: true, embeddings: false },
      ),
      /2 class probabilities per row; its classes are 3/,
    );
  });
});
