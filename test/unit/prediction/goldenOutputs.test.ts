import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { runJob } from '../../../engine/jobs/runJob';
import { MODEL_ARTIFACT_FILE } from '../../../engine/training/ModelArtifact';
import { ShopWorkspace } from './shopFixture';

/**
 * The prediction path's outputs, pinned: fixed model artifacts (fixtures/*.model.json, trained by the engine's
 * trainer on the shop fixture in run_mode fast, so training changes cannot move them) predicted on the shop
 * fixture's data must give exactly the files recorded here, with 1, 2 and 4 workers. The hashes were recorded
 * on main before batch prediction was rebuilt around set-based features and flattened trees; a change of any
 * score's last bit, of the row order or of the columns changes a hash. CSV is hashed (not Parquet) because DuckDB
 * prints a DOUBLE as its shortest round-trip text, so equal text is equal bits, and CSV carries no writer metadata.
 *
 * The binary model is one GBDT (with embeddings), the regression model a GBDT blended with a linear model
 * (weight 0.2), the multiclass model a static query (no anchor, top classes in long format).
 */
const GOLDEN: Record<string, Record<string, string>> = {
  binary: {
    predictions: '44fa696b13cdaafe7619d9e0e935dacddf991268dcc6c92b3908602cd7f10cdc',
    embeddings: '6173a4483a575678cd4709beec6c84cd7094d2664ed9fe6141ac32bb9123a42f',
  },
  regression: { predictions: 'dac7414fafdbbe1f06d8d0cca36699af0256548b4500d2d7d9ac8395526ac8b2' },
  multiclass: { predictions: 'ec65fc1188662ae59f3350f5540861b0648bc65cdbd56f54ae91ba26c40b4c94' },
};

const SPECS: Record<string, string[]> = {
  binary: [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'output_types: [predictions, embeddings]',
  ],
  regression: ['training_job: regression.training.yaml', 'anchor_time: 2023-06-01'],
  multiclass: ['training_job: multiclass.training.yaml'],
};

let ws: ShopWorkspace;

before(async () => {
  ws = ShopWorkspace.create();
  for (const name of Object.keys(SPECS)) await installModel(name);
});
after(() => ws.remove());

/** A DONE training job of `<name>.training.yaml` whose model is the fixture artifact. */
async function installModel(name: string): Promise<void> {
  const specPath = ws.path(`${name}.training.yaml`);
  const store = ws.store;
  const created = store.create({ kind: 'training', specPath, specName: name });
  const done: JobRecord = await runJob(store, created.id, async () => {
    fs.mkdirSync(created.artifactDir, { recursive: true });
    fs.copyFileSync(
      path.join(__dirname, 'fixtures', `${name}.model.json`),
      path.join(created.artifactDir, MODEL_ARTIFACT_FILE),
    );
    return { summary: {} };
  });
  assert.equal(done.status, 'DONE', done.error?.message);
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('batch prediction outputs are pinned (golden files)', () => {
  // One batch with one worker; with more, 7-row batches (a short last one), several scored at once, their features
  // assembled 5 rows per query.
  for (const [workers, batchRows] of [
    [1, undefined],
    [2, 7],
    [4, 7],
  ] as const) {
    const ranges = batchRows ? ', features joined 5 rows at a time' : '';
    it(`gives the recorded files with ${workers} worker(s)${batchRows ? ` in ${batchRows}-row batches` : ''}${ranges}`, async () => {
      const actual: Record<string, Record<string, string>> = {};
      for (const [name, lines] of Object.entries(SPECS)) {
        const out = `out/${name}_w${workers}`;
        const spec = ws.predictionSpec(`${name}_w${workers}`, [
          ...lines,
          `destination: { type: local, path: ${out}.csv }`,
        ]);
        const record = await ws.predict(spec, {
          workers,
          ...(batchRows ? { batchRows, assemblyRangeRows: 5 } : {}),
        });
        assert.equal(record.status, 'DONE', record.error?.message);
        actual[name] = Object.fromEntries(
          Object.keys(GOLDEN[name]).map((type) => [type, sha256(ws.path(`${out}_${type}.csv`))]),
        );
      }
      assert.deepEqual(actual, GOLDEN);
    });
  }
});
