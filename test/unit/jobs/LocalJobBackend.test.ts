import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JobBackendError } from '../../../backend/JobBackend';
import { LocalJobBackend } from '../../../backend/local/LocalJobBackend';
import { LocalJobStore } from '../../../backend/local/LocalJobStore';

/** The local side of JobBackend over real stores: filters, the shared job shape, errors, read-only use. */
let a: LocalJobStore;
let b: LocalJobStore;
let root: string;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-backend-'));
  for (const name of ['a', 'b']) {
    fs.mkdirSync(path.join(root, name, '.relgraph'), { recursive: true });
    fs.writeFileSync(path.join(root, name, 'x.prediction.yaml'), 'kind: prediction\n');
  }
  a = new LocalJobStore(path.join(root, 'a'));
  b = new LocalJobStore(path.join(root, 'b'));
  const spec = (s: LocalJobStore) => path.join(s.workspace, 'x.prediction.yaml');
  const training = a.create({ kind: 'training', specPath: spec(a), specName: 't' }, new Date('2024-01-01T00:00:00Z'));
  a.update(training.id, (r) => (r.status = 'DONE'));
  const done = b.create(
    { kind: 'batch_prediction', specPath: spec(b), specName: 'p', tags: { team: 'ml' } },
    new Date('2024-01-02T00:00:00Z'),
  );
  b.update(done.id, (r) => {
    r.status = 'DONE';
    r.summary = { training_job_id: training.id, anchor_time: '2024-01-01 00:00:00' };
  });
  b.create({ kind: 'batch_prediction', specPath: spec(b), specName: 'q' }, new Date('2024-01-03T00:00:00Z'));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

const backend = () => new LocalJobBackend({ workspaces: () => [a.workspace, b.workspace] });

describe('LocalJobBackend', () => {
  it('lists every store newest first, in the shared shape, with the record kept under `local`', async () => {
    const { jobs, unreadable } = await backend().list();
    assert.deepEqual(unreadable, []);
    assert.deepEqual(
      jobs.map((j) => [j.name, j.kind, j.status, j.ref.backend]),
      [
        ['q', 'batch_prediction', 'NOT_STARTED', 'local'],
        ['p', 'batch_prediction', 'DONE', 'local'],
        ['t', 'training', 'DONE', 'local'],
      ],
    );
    const p = jobs[1];
    assert.deepEqual(p.trainingJob, { backend: 'local', id: jobs[2].ref.id });
    assert.equal(p.anchorTime, '2024-01-01 00:00:00');
    assert.equal(p.local?.workspace, b.workspace);
    assert.equal(p.local?.file, b.recordPath(p.ref.id));
  });

  it('filters by kind, status, tags and limit', async () => {
    const names = async (filter: object) => (await backend().list(filter)).jobs.map((j) => j.name);
    assert.deepEqual(await names({ kind: 'training' }), ['t']);
    assert.deepEqual(await names({ status: ['DONE'] }), ['p', 't']);
    assert.deepEqual(await names({ tags: { team: 'ml' } }), ['p']);
    assert.deepEqual(await names({ limit: 1 }), ['q']);
  });

  it('says what is wrong: an unknown id, outputs of an unfinished job, a read-only cancel', async () => {
    await assert.rejects(backend().get('bp-job-nothere'), (e: JobBackendError) => e.kind === 'unknown-job');
    const q = (await backend().list({ status: ['NOT_STARTED'] })).jobs[0];
    await assert.rejects(
      backend().outputs(q.ref.id, 'predictions'),
      (e: JobBackendError) => e.kind === 'not-finished' && /is NOT_STARTED/.test(e.message),
    );
    const readOnly = new LocalJobBackend({ workspaces: () => [b.workspace], readOnly: true });
    await assert.rejects(readOnly.cancel(q.ref.id), /only reads job stores: run 'relgraph jobs cancel/);
    assert.equal(fs.existsSync(b.cancelMarkerPath(q.ref.id)), false, 'nothing written');
    await assert.rejects(
      backend().launchPrediction({ specPath: '/x' }),
      (e: JobBackendError) => e.kind === 'unsupported',
    );
  });
});
