import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DestinationError } from '../../../core/destinations/OutputTarget';
import { cancelLocalJob } from '../../../backend/local/cancelLocalJob';
import { ShopWorkspace } from './shopFixture';

let ws: ShopWorkspace;

before(async () => {
  ws = ShopWorkspace.create();
  await ws.train('binary');
});
after(() => ws.remove());

function spec(name: string, destination: string[]): string {
  return ws.predictionSpec(name, [
    'training_job: binary.training.yaml',
    'anchor_time: 2023-06-01',
    'binary_classification_threshold: 0.5',
    'output_types: [predictions, embeddings]',
    ...destination,
  ]);
}

/** Every file under out/, relative, including hidden temporaries. */
function outFiles(): string[] {
  const dir = ws.path('out');
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

describe('batch prediction: failure, cancellation and refusal leave nothing half-written', () => {
  it('a cancelled job ends CANCELLED with no file at the destination and no temporary left', async () => {
    const file = spec('cancel', [
      'destination:',
      '  type: local',
      '  path: out/cancel/{{PARTITION}}.parquet',
      'num_workers: 2',
    ]);
    const store = ws.store;
    const record = await ws.predict(file, {
      onStage: (stage) => {
        // What `relgraph jobs cancel` does, at the moment the workers start.
        if (stage === 'Predicting') cancelLocalJob(store, store.list()[0].id);
      },
    });
    assert.equal(record.status, 'CANCELLED');
    assert.match(record.error!.message, /relgraph jobs cancel/);
    // Honoured by the poll during 'Predicting', or at the latest at the next stage boundary.
    assert.ok(['Predicting', 'Writing outputs'].includes(record.error!.stage!), record.error!.stage);
    assert.deepEqual(outFiles(), []);
    assert.deepEqual(record.artifacts, []);
    assert.deepEqual(record.scratchPaths, []);
    assert.equal(fs.existsSync(`${record.artifactDir}/work`), false);
  });

  it('a job cancelled while writing outputs commits none of them', async () => {
    const file = spec('late', ['destination: { type: local, path: out/late.parquet }']);
    const controller = new AbortController();
    const record = await ws.predict(file, {
      signal: controller.signal,
      onStage: (stage) => {
        if (stage === 'Writing outputs') controller.abort();
      },
    });
    assert.equal(record.status, 'CANCELLED');
    assert.equal(record.error!.stage, 'Writing outputs');
    assert.deepEqual(outFiles(), []);
  });

  it('a failing output leaves the other output unwritten too, and the job FAILED with the reason', async () => {
    // A folder where the embeddings file should go: its write fails after the predictions were staged
    // (overwrite: true lets the job past the check that would otherwise refuse the folder up front).
    fs.mkdirSync(ws.path('out/clash_embeddings.csv'), { recursive: true });
    const record = await ws.predict(
      spec('clash', ['destination: { type: local, path: out/clash.csv, overwrite: true }']),
    );
    assert.equal(record.status, 'FAILED');
    assert.match(record.error!.message, /a folder has that name/);
    assert.deepEqual(outFiles(), ['clash_embeddings.csv']);
    fs.rmSync(ws.path('out'), { recursive: true });
  });

  it('refuses remote destinations before creating a job, naming the Kumo backend', async () => {
    const before = ws.store.list().length;
    const file = spec('remote', ['destination: { type: s3, path: "s3://bucket/preds.parquet" }']);
    await assert.rejects(
      ws.predict(file),
      (e: Error) => e instanceof DestinationError && /Kumo backend/.test(e.message),
    );
    assert.equal(ws.store.list().length, before);
  });

  it('fails with a clear message when the training spec was never trained', async () => {
    ws.write('never.training.yaml', fs.readFileSync(ws.path('binary.training.yaml'), 'utf8'));
    const file = ws.predictionSpec('never', [
      'training_job: never.training.yaml',
      'anchor_time: 2023-06-01',
      'binary_classification_threshold: 0.5',
    ]);
    const record = await ws.predict(file);
    assert.equal(record.status, 'FAILED');
    assert.match(
      record.error!.message,
      /no finished training job for never\.training\.yaml.*relgraph train never\.training\.yaml/,
    );
  });
});
