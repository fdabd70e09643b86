import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cancelLocalJob } from '../../../backend/local/cancelLocalJob';
import { PREDICTION_STAGES } from '../../../engine/prediction/runBatchPrediction';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { writeShopData } from '../../e2e/lib/jobsWorkspace.mjs';
import { filesUnder, spawnPredict } from './predictProcess';
import { graphYaml, ShopWorkspace } from './shopFixture';

/**
 * Issue #8 item 6: a cancel at any stage ends CANCELLED, never FAILED and never with a native abort
 * (`terminate called after throwing an instance of 'Napi::Error'`, exit 134, which in this in-process
 * loop takes the test runner down with it). DuckDB work is stopped by DuckDB's own interrupt, and
 * prediction workers give up batches they have not started instead of being terminated.
 *
 * Each cancel lands at a random moment of its stage (stage lengths measured by an uncancelled run). The
 * Predicting stage runs on a larger inference graph, so that it lasts long enough to be hit both inside the
 * feature query (DuckDB) and while the workers score. When workers ran their own DuckDB, terminating one
 * inside a native call aborted the process (several of 20 cancels, before the fix).
 */
let ws: ShopWorkspace;
const REPETITIONS = 20;
/** Customers of the inference graph of the Predicting cancels (two orders each at most). */
const MEDIUM_CUSTOMERS = 15_000;
/** Stage lengths (ms) of an uncancelled run of each spec. */
const lengths = new Map<string, Map<string, number>>();

/** Park-Miller, so every run cancels at the same moments. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

before(async () => {
  ws = ShopWorkspace.create();
  await ws.train('binary');
  ws.predictionSpec('c', [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'output_types: [predictions, embeddings]',
    'destination: { type: local, path: "out/c/{{PARTITION}}.parquet" }',
    'num_workers: 2',
  ]);
  writeShopData(ws.path('data-medium'), MEDIUM_CUSTOMERS, 2);
  ws.write('medium.graph.yaml', graphYaml('data-medium'));
  ws.predictionSpec('m', [
    'training_job: binary.training.yaml',
    'graph: medium.graph.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'output_types: [predictions, embeddings]',
    'destination: { type: local, path: "out/m/{{PARTITION}}.parquet" }',
    'num_workers: 2',
  ]);
  for (const spec of ['c', 'm']) {
    const done = await ws.predict(ws.path(`${spec}.prediction.yaml`));
    assert.equal(done.status, 'DONE', done.error?.message);
    lengths.set(spec, stageLengths(done));
    fs.rmSync(ws.path('out'), { recursive: true });
  }
});
after(() => ws.remove());

function stageLengths(record: JobRecord): Map<string, number> {
  const end = Date.parse(record.endedAt!);
  return new Map(
    record.eventLog.map((e, i) => [
      e.stage,
      (record.eventLog[i + 1] ? Date.parse(record.eventLog[i + 1].at) : end) - Date.parse(e.at),
    ]),
  );
}

describe(`cancel during every stage, ${REPETITIONS} times each`, () => {
  const next = random(42);
  for (const stage of Object.values(PREDICTION_STAGES)) {
    it(`cancelled during '${stage}': always CANCELLED, nothing written, nothing left`, async () => {
      for (let i = 0; i < REPETITIONS; i++) {
        const controller = new AbortController();
        const store = ws.store;
        const spec = stage === PREDICTION_STAGES.predicting ? 'm' : 'c';
        const byMarker = i % 2 === 1; // `relgraph jobs cancel` (marker) or Ctrl+C (the caller's signal)
        // Somewhere in the first 60% of the stage (runs vary; a marker is seen within the 200 ms poll).
        // Writing outputs ends with the commit, after which a cancel no longer counts: cancel as it starts.
        const length = lengths.get(spec)!.get(stage)! * 0.6 - (byMarker ? 200 : 0);
        const delay = stage === PREDICTION_STAGES.writing ? 0 : Math.floor(next() * Math.max(0, length));
        let id = '';
        const record = await ws.predict(ws.path(`${spec}.prediction.yaml`), {
          signal: controller.signal,
          onCreated: (created) => (id = created.id),
          onStage: (name) => {
            if (name !== stage) return;
            const cancel = () => {
              if (byMarker) cancelLocalJob(store, id);
              else controller.abort(new Error('interrupted by SIGINT'));
            };
            if (delay === 0) cancel();
            else setTimeout(cancel, delay);
          },
        });
        const where = `${stage} #${i} (${delay} ms, ${byMarker ? 'jobs cancel' : 'signal'})`;
        assert.equal(record.status, 'CANCELLED', `${where}: ${record.error?.message}`);
        assert.match(record.error!.message, byMarker ? /relgraph jobs cancel/ : /SIGINT/, where);
        assert.deepEqual(record.artifacts, [], where);
        assert.deepEqual(record.scratchPaths, [], where);
        assert.equal(fs.existsSync(path.join(record.artifactDir, 'work')), false, `${where}: work folder`);
        assert.deepEqual(filesUnder(ws.path('out')), [], `${where}: nothing at the destination`);
        assert.equal(fs.existsSync(store.cancelMarkerPath(record.id)), false, `${where}: marker cleared`);
      }
    });
  }
});

describe('cancel of a real relgraph predict process during Predicting', () => {
  it('SIGTERM to the verified process: exits 1 with the job CANCELLED, three times out of three (never 134)', async () => {
    for (let i = 0; i < 3; i++) {
      const run = spawnPredict(ws.dir, 'c.prediction.yaml');
      await run.stage(PREDICTION_STAGES.predicting);
      // What `relgraph jobs cancel` does: the marker, and SIGTERM to the pid whose start token matches.
      const outcome = cancelLocalJob(ws.store, run.jobId()!);
      assert.match(outcome.message, /cancel requested: .* \(sent SIGTERM to pid \d+\)/);
      const code = await run.exited;
      assert.doesNotMatch(run.stderr(), /terminate called|Napi::Error/);
      assert.equal(code, 1, run.stderr());
      assert.equal(ws.store.get(run.jobId()!)!.status, 'CANCELLED');
      assert.deepEqual(filesUnder(ws.path('out')), []);
    }
  });
});
