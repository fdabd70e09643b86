import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { sqlString } from '../../../data/sourceScan';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import type { BatchPredictionSummary } from '../../../engine/prediction/predictionSummary';
import { graphYaml, ShopWorkspace, writeShopData } from './shopFixture';

let ws: ShopWorkspace;
let session: DuckDbSession;

before(async () => {
  ws = ShopWorkspace.create();
  session = await DuckDbSession.open({ threads: 1 });
  await ws.train('binary');
});
after(() => {
  session.close();
  ws.remove();
});

/** A binary prediction spec at a fixed anchor; `extra` lines override or add settings. */
function binarySpec(name: string, destination: string, extra: string[] = []): string {
  return ws.predictionSpec(name, [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'destination:',
    '  type: local',
    `  path: ${destination}`,
    ...extra,
  ]);
}

async function rowsOf(file: string): Promise<Record<string, unknown>[]> {
  const scan = file.endsWith('.csv') ? `read_csv(${sqlString(file)})` : `read_parquet(${sqlString(file)})`;
  return session.rows(`SELECT * FROM ${scan}`);
}

function summaryOf(record: JobRecord): BatchPredictionSummary {
  assert.equal(record.status, 'DONE', record.error?.message);
  return record.summary as BatchPredictionSummary;
}

describe('batch prediction, temporal binary query', () => {
  it("writes Kumo's binary columns for every eligible entity at the anchor, and records the job", async () => {
    const record = await ws.predict(binarySpec('b1', 'out/b1.csv'));
    const summary = summaryOf(record);
    const file = ws.path('out/b1_predictions.csv');
    assert.deepEqual(
      fs.readdirSync(ws.path('out')).sort(),
      ['.b1_predictions.csv.relgraph-output.json', 'b1_predictions.csv'],
      'only the final file and its marker, no temporary',
    );
    const rows = await rowsOf(file);
    assert.deepEqual(Object.keys(rows[0]), ['ENTITY', 'ANCHOR_TIMESTAMP', 'TARGET_PRED', 'FALSE_PROB', 'TRUE_PROB']);
    // customers has no time column: every customer exists at the anchor.
    assert.equal(rows.length, 203);
    const entities = rows.map((r) => Number(r.ENTITY));
    assert.deepEqual(
      entities,
      [...entities].sort((a, b) => a - b),
      'ordered by entity',
    );
    for (const r of rows) {
      assert.equal((r.ANCHOR_TIMESTAMP as Date).toISOString(), '2023-06-01T00:00:00.000Z');
      assert.equal(r.TARGET_PRED, (r.TRUE_PROB as number) >= 0.5);
      assert.ok(Math.abs((r.TRUE_PROB as number) + (r.FALSE_PROB as number) - 1) < 1e-12);
    }
    assert.equal(summary.num_entities_predicted, 203);
    assert.equal(summary.anchor_time, '2023-06-01 00:00:00');
    assert.equal(summary.anchor_time_source, 'spec');
    assert.equal(summary.binary!.predicted_true, rows.filter((r) => r.TARGET_PRED).length);
    assert.ok(summary.score_distribution!.min <= summary.score_distribution!.p50);
    assert.deepEqual(Object.keys(summary.timings_ms), [
      'Loading model',
      'Loading tables',
      'Selecting rows',
      'Predicting',
      'Writing outputs',
    ]);
    // The whole process's peak (the test runner's too): at least the DuckDB and V8 heaps, far below 100 GB.
    assert.ok(summary.peak_rss_bytes! > 20 * 2 ** 20 && summary.peak_rss_bytes! < 100 * 2 ** 30, 'peak memory');
    assert.deepEqual(record.artifacts, [{ type: 'predictions', path: file, format: 'csv', files: [file], rows: 203 }]);
    assert.deepEqual(record.progress, { completed: record.progress!.total, total: record.progress!.total });
    assert.deepEqual(record.scratchPaths, []);
    assert.equal(fs.existsSync(path.join(record.artifactDir, 'work')), false, 'no work folder');
  });

  it('writes byte-identical outputs with 1 and 4 workers, in one batch or many, and on every run', async () => {
    const outputs = ['output_types: [predictions, embeddings]'];
    const one = await ws.predict(binarySpec('w1', 'out/w1.parquet', outputs), { workers: 1 });
    const again = await ws.predict(binarySpec('w1b', 'out/w1b.parquet', outputs), { workers: 1 });
    // 16-row batches: 13 of them, four scored at a time and placed as they come back.
    const four = await ws.predict(binarySpec('w4', 'out/w4.parquet', outputs), { workers: 4, batchRows: 16 });
    assert.equal(summaryOf(four).num_workers, 4);
    assert.equal(one.progress!.total, 1, 'one batch by default');
    assert.deepEqual(four.progress, { completed: 13, total: 13 }, 'progress counts batches');
    for (const type of ['predictions', 'embeddings']) {
      const a = fs.readFileSync(ws.path(`out/w1_${type}.parquet`));
      assert.deepEqual(fs.readFileSync(ws.path(`out/w4_${type}.parquet`)), a, `${type}: 1 vs 4 workers`);
      assert.deepEqual(fs.readFileSync(ws.path(`out/w1b_${type}.parquet`)), a, `${type}: second run`);
    }
    assert.equal(summaryOf(one).num_entities_predicted, summaryOf(again).num_entities_predicted);
  });

  it('{{PARTITION}} writes one part file per worker, split by entity hash, together the whole output', async () => {
    await ws.predict(binarySpec('single', 'out/single.parquet'), { workers: 1 });
    const record = await ws.predict(binarySpec('parts', 'out/parts/{{PARTITION}}.parquet'), { workers: 3 });
    const folder = ws.path('out/parts_predictions');
    assert.deepEqual(fs.readdirSync(folder).sort(), [
      '.relgraph-output.json',
      'part_000.parquet',
      'part_001.parquet',
      'part_002.parquet',
    ]);
    assert.equal(record.artifacts[0].path, folder);
    assert.equal(record.artifacts[0].files.length, 3);
    const parts = await session.rows(
      `SELECT * FROM read_parquet(${sqlString(path.join(folder, '*.parquet'))}) ORDER BY ENTITY`,
    );
    assert.deepEqual(parts, await rowsOf(ws.path('out/single_predictions.parquet')));
    const misplaced = await session.rows(
      `SELECT count(*) AS n FROM read_parquet(${sqlString(path.join(folder, '*.parquet'))}, filename = true) ` +
        `WHERE 'part_00' || (hash(ENTITY) % 3) || '.parquet' <> regexp_extract(filename, '[^/]+$')`,
    );
    assert.equal(Number(misplaced[0].n), 0);
  });

  it('writes embeddings as a fixed-length float array where alike entities are close', async () => {
    const record = await ws.predict(binarySpec('emb', 'out/emb.parquet', ['output_types: [embeddings]']));
    assert.deepEqual(
      record.artifacts.map((a) => a.type),
      ['embeddings'],
    );
    const file = ws.path('out/emb_embeddings.parquet');
    // Parquet stores DuckDB's FLOAT[n] array as a list: every row's list has the same length.
    const [shape] = await session.rows(
      `SELECT any_value(typeof(EMBEDDING)) AS t, min(len(EMBEDDING)) AS lo, max(len(EMBEDDING)) AS hi ` +
        `FROM read_parquet(${sqlString(file)})`,
    );
    assert.equal(shape.t, 'FLOAT[]');
    assert.equal(shape.lo, shape.hi);
    assert.ok(Number(shape.lo) >= 8);
    const rows = await session.rows(
      `SELECT ENTITY, EMBEDDING FROM read_parquet(${sqlString(file)}) WHERE ENTITY IN (901, 902, 903) ORDER BY ENTITY`,
    );
    const [a, b, c] = rows.map((r) => r.EMBEDDING as number[]);
    const cosine = (x: number[], y: number[]) => {
      let dot = 0;
      let nx = 0;
      let ny = 0;
      x.forEach((v, i) => {
        dot += v * y[i];
        nx += v * v;
        ny += y[i] * y[i];
      });
      return dot / Math.sqrt(nx * ny);
    };
    assert.ok(cosine(a, b) > 0.999, 'twins with identical histories');
    assert.ok(cosine(a, c) < cosine(a, b) - 0.1, 'a weekly and a quarterly buyer are further apart');
  });

  it('is time-travel safe: predictions at t are the same whether or not rows after t exist', async () => {
    writeShopData(ws.path('cut'), { cutAt: '2023-06-01' });
    ws.write('cut.graph.yaml', graphYaml('cut'));
    const full = await ws.predict(binarySpec('tt_full', 'out/tt_full.csv'));
    const cut = await ws.predict(binarySpec('tt_cut', 'out/tt_cut.csv', ['graph: cut.graph.yaml']));
    assert.equal(summaryOf(cut).num_entities_predicted, summaryOf(full).num_entities_predicted);
    const [{ n }] = await session.rows(
      `SELECT count(*) AS n FROM read_csv(${sqlString(ws.path('data/orders.csv'))}) WHERE ts > DATE '2023-06-01'`,
    );
    assert.ok(Number(n) > 100, 'the full data really has later rows');
    assert.equal(
      fs.readFileSync(ws.path('out/tt_cut_predictions.csv'), 'utf8'),
      fs.readFileSync(ws.path('out/tt_full_predictions.csv'), 'utf8'),
    );
  });

  it('infers the anchor as the latest timestamp of the target fact table', async () => {
    const spec = ws.predictionSpec('inferred', [
      'training_job: binary.training.yaml',
      'binary_classification_threshold: 0.5',
      'destination: { type: local, path: out/inferred.csv }',
    ]);
    const summary = summaryOf(await ws.predict(spec));
    const [{ hi }] = await session.rows(
      `SELECT strftime(max(ts), '%Y-%m-%d %H:%M:%S') AS hi FROM read_csv(${sqlString(ws.path('data/orders.csv'))})`,
    );
    assert.equal(summary.anchor_time, hi);
    assert.equal(summary.anchor_time_source, 'inferred');
  });

  it('predicts the rows of a prediction table, one anchor per row', async () => {
    ws.write(
      'pt.csv',
      'ENTITY,ANCHOR_TIMESTAMP\n5,2023-01-01\n5,2023-06-01\n3,2023-06-01\n3,2023-06-01\n777,2023-06-01\n',
    );
    const spec = ws.predictionSpec('pt', [
      'training_job: binary.training.yaml',
      'prediction_table: pt.csv',
      'binary_classification_threshold: 0.5',
      'destination: { type: local, path: out/pt.csv }',
    ]);
    const summary = summaryOf(await ws.predict(spec));
    const rows = await rowsOf(ws.path('out/pt_predictions.csv'));
    assert.deepEqual(
      rows.map((r) => [Number(r.ENTITY), (r.ANCHOR_TIMESTAMP as Date).toISOString().slice(0, 10)]),
      [
        [3, '2023-06-01'],
        [5, '2023-01-01'],
        [5, '2023-06-01'],
      ],
    );
    assert.equal(summary.anchor_time_source, 'prediction_table');
    assert.equal(summary.anchor_time_min, '2023-01-01 00:00:00');
    assert.equal(summary.num_distinct_entities, 2);
    assert.ok(
      summary.warnings.some((w) => /1 prediction table row\(s\) name entities that are not in 'customers'/.test(w)),
    );
    assert.ok(summary.warnings.some((w) => /repeats 1 \(ENTITY, anchor\) pair/.test(w)));
    // The same entity and anchor as in the full run get the same score.
    const full = await rowsOf(ws.path('out/b1_predictions.csv'));
    const fromFull = full.find((r) => Number(r.ENTITY) === 5)!.TRUE_PROB;
    const june = rows.find((r) => Number(r.ENTITY) === 5 && (r.ANCHOR_TIMESTAMP as Date).getUTCMonth() === 5)!;
    assert.equal(june.TRUE_PROB, fromFull);
  });
});
