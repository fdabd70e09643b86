import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { thresholdWarning } from '../../../core/preview/thresholdWarning';
import type { PreviewColumn } from '../../../core/preview/PreviewModel';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { histogram, outputShapeOf, summarize, type SqlRunner } from '../../../data/preview/previewStats';

let db: DuckDbSession;
const runner: SqlRunner = {
  rows: async (sql, params) =>
    (await db.connection.runAndReadAll(sql, [...params])).getRowObjectsJS() as Record<string, unknown>[],
};
const col = (name: string, kind: PreviewColumn['kind']): PreviewColumn => ({
  name,
  kind,
  sqlType: kind,
  origin: 'output',
});

before(async () => {
  db = await DuckDbSession.open({ threads: 1 });
  // Multiclass long format: 3 classes per entity, PREDICTED on the best; entity 4 has no PREDICTED row.
  await db.run(`CREATE TABLE mc AS SELECT * FROM (VALUES
    (1, 'a', 0.7, true), (1, 'b', 0.2, false), (1, 'c', 0.1, false),
    (2, 'b', 0.5, true), (2, 'a', 0.3, false), (2, 'c', 0.2, false),
    (3, 'b', 0.6, true), (3, 'c', 0.3, false), (3, 'a', 0.1, false)) t(ENTITY, CLASS, SCORE, PREDICTED)`);
  await db.run(`CREATE TABLE reg AS SELECT range AS ENTITY, range::DOUBLE AS TARGET_PRED FROM range(0, 101)`);
  await db.run(
    `CREATE TABLE reg_nan AS SELECT * FROM (VALUES (1, 1.0), (2, 'NaN'::DOUBLE), (3, NULL), (4, 3.0)) t(ENTITY, TARGET_PRED)`,
  );
});
after(() => db.close());

describe('preview summaries', () => {
  it('tells the output kind from its columns', () => {
    assert.equal(outputShapeOf([col('ENTITY', 'number'), col('TRUE_PROB', 'number')]), 'binary');
    assert.equal(outputShapeOf([col('CLASS', 'text'), col('SCORE', 'number')]), 'multiclass');
    assert.equal(outputShapeOf([col('TARGET_PRED', 'number')]), 'regression');
    assert.equal(outputShapeOf([col('EMBEDDING', 'list')]), 'embeddings');
    assert.equal(outputShapeOf([col('TARGET_PRED', 'boolean')]), 'table');
  });

  it('counts the predicted class of each entity (multiclass)', async () => {
    const columns = [
      col('ENTITY', 'number'),
      col('CLASS', 'text'),
      col('SCORE', 'number'),
      col('PREDICTED', 'boolean'),
    ];
    const summary = await summarize(runner, { sql: 'mc', params: [] }, columns);
    assert.deepEqual(summary, {
      kind: 'multiclass',
      rows: 9,
      entities: 3,
      classes: [
        { label: 'b', count: 2 },
        { label: 'a', count: 1 },
      ],
      more: 0,
    });
    // Without PREDICTED, the best SCORE of each entity is its class.
    const noFlag = await summarize(runner, { sql: 'mc', params: [] }, columns.slice(0, 3));
    assert.deepEqual(noFlag.kind === 'multiclass' && noFlag.classes, [
      { label: 'b', count: 2 },
      { label: 'a', count: 1 },
    ]);
  });

  it('bins regression values over their range, the maximum in the last bin, quantiles alongside', async () => {
    const summary = await summarize(runner, { sql: 'reg', params: [] }, [
      col('ENTITY', 'number'),
      col('TARGET_PRED', 'number'),
    ]);
    assert.equal(summary.kind, 'regression');
    if (summary.kind !== 'regression') return;
    assert.equal(summary.histogram.edges.length, 21);
    assert.equal(summary.histogram.edges[0], 0);
    assert.equal(summary.histogram.edges[20], 100);
    assert.deepEqual(summary.histogram.counts, [...new Array(19).fill(5), 6]);
    assert.deepEqual(summary.quantiles, { p10: 10, p50: 50, p90: 90 });
  });

  it('keeps NaN and NULL out of the bins, counted as missing; one value makes one bin', async () => {
    const h = await histogram(runner, { sql: 'reg_nan', params: [] }, 's."TARGET_PRED"', 'TARGET_PRED');
    assert.equal(h.missing, 2);
    assert.equal(
      h.counts.reduce((a, b) => a + b, 0),
      2,
    );
    const single = await histogram(runner, { sql: '(SELECT 5.0 AS x)', params: [] }, 's.x', 'x');
    assert.deepEqual(single, { of: 'x', edges: [5, 5], counts: [1], missing: 0 });
  });
});

describe('threshold warning', () => {
  it('warns when >= 95% of rows are on one side and training chose another threshold', () => {
    const warning = thresholdWarning({ positive: 850, negative: 7, threshold: 0.5, trainingThreshold: 0.674 });
    assert.equal(
      warning,
      '850 of 857 rows (99.2%) are predicted TRUE at threshold 0.5, while training chose 0.674 (best validation accuracy). ' +
        "Set binary_classification_threshold: 0.674 in the prediction spec to use the model's threshold.",
    );
    assert.match(
      thresholdWarning({ positive: 3, negative: 97, threshold: 0.9, trainingThreshold: 0.4 })!,
      /97 of 100 rows \(97%\) are predicted FALSE/,
    );
  });

  it('stays quiet below 95%, on training’s own threshold, without a threshold, and on tiny outputs', () => {
    assert.equal(thresholdWarning({ positive: 94, negative: 6, threshold: 0.5, trainingThreshold: 0.6 }), undefined);
    assert.equal(thresholdWarning({ positive: 99, negative: 1, threshold: 0.6, trainingThreshold: 0.6 }), undefined);
    assert.equal(thresholdWarning({ positive: 99, negative: 1 }), undefined);
    assert.equal(thresholdWarning({ positive: 19, negative: 0, threshold: 0.5, trainingThreshold: 0.6 }), undefined);
  });

  it('still warns when training’s threshold is unknown, saying so', () => {
    assert.match(
      thresholdWarning({ positive: 100, negative: 0, threshold: 0.5 })!,
      /\(100%\) .*training chose is not known/,
    );
  });
});
