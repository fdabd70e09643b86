import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LocalJobStore } from '../../../backend/local/LocalJobStore';
import { runJob } from '../../../engine/jobs/runJob';

let dir: string;
let spec: string;
let store: LocalJobStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-runjob-'));
  spec = path.join(dir, 'a.prediction.yaml');
  fs.writeFileSync(spec, 'x: 1\n');
  store = LocalJobStore.forPath(spec);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Resolves when the signal aborts (a body that waits for cancellation like a long stage would). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

describe('runJob', () => {
  it('records stages, progress, artifacts and the summary of a successful job', async () => {
    const { id } = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'a' });
    const seen: string[] = [];
    const record = await runJob(
      store,
      id,
      async (job) => {
        assert.equal(store.require(id).status, 'RUNNING');
        job.stage('Building features', '3 rows');
        job.stage('Predicting');
        for (let i = 1; i <= 3; i++) job.progress(i, 3);
        job.addArtifact({ type: 'predictions', path: '/x', files: ['/x'], format: 'csv' });
        return { summary: { num_entities_predicted: 3 } };
      },
      { onStage: (stage) => seen.push(stage), progressIntervalMs: 0 },
    );
    assert.equal(record.status, 'DONE');
    assert.deepEqual(record.summary, { num_entities_predicted: 3 });
    assert.deepEqual(
      record.eventLog.map((e) => e.stage),
      ['Building features', 'Predicting'],
    );
    assert.equal(record.eventLog[0].detail, '3 rows');
    assert.deepEqual(record.progress, { completed: 3, total: 3 });
    assert.equal(record.artifacts.length, 1);
    assert.ok(record.startedAt && record.endedAt && record.startedAt <= record.endedAt);
    assert.deepEqual(seen, ['Building features', 'Predicting']);
    assert.match(store.readLog(id), /\[Building features\] 3 rows\n.*\[Predicting\]\n.*DONE\n$/);
  });

  it('records FAILED with the message and stage, and deletes registered scratch files', async () => {
    const output = path.join(dir, 'out.csv');
    const { id } = store.create({
      kind: 'batch_prediction',
      specPath: spec,
      specName: 'a',
      outputPaths: () => [output],
    });
    const scratch = path.join(dir, '.out.csv.tmp-1-0badcafe');
    const record = await runJob(store, id, async (job) => {
      job.stage('Writing outputs');
      fs.writeFileSync(scratch, 'partial');
      job.addScratchPath(scratch);
      assert.deepEqual(store.require(id).scratchPaths, [scratch]);
      throw new Error('disk full');
    });
    assert.equal(record.status, 'FAILED');
    assert.deepEqual(record.error, { message: 'disk full', stage: 'Writing outputs' });
    assert.equal(fs.existsSync(scratch), false);
    assert.deepEqual(record.scratchPaths, []);
  });

  it('stops on a cancel marker written by another process and records CANCELLED', async () => {
    const { id } = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'a' });
    const running = runJob(
      store,
      id,
      async (job) => {
        job.stage('Predicting');
        // What `relgraph jobs cancel` does from another process: the marker.
        fs.writeFileSync(store.cancelMarkerPath(id), 'cancel');
        await untilAborted(job.signal);
        return { summary: {} };
      },
      { cancelPollMs: 10 },
    );
    const record = await running;
    assert.equal(record.status, 'CANCELLED');
    assert.match(record.error!.message, /relgraph jobs cancel/);
    assert.equal(store.isCancelRequested(id), false, 'marker cleared');
  });

  it("records CANCELLED when the caller's signal aborts (SIGINT/SIGTERM in the CLI)", async () => {
    const { id } = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'a' });
    const controller = new AbortController();
    const record = await runJob(
      store,
      id,
      async (job) => {
        setImmediate(() => controller.abort());
        await untilAborted(job.signal);
        return { summary: {} };
      },
      { signal: controller.signal },
    );
    assert.equal(record.status, 'CANCELLED');
    assert.equal(record.error!.message, 'cancelled (interrupted)');
  });
});
