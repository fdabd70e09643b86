import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { discoverJobWorkspaces } from '../../../backend/local/jobStoreDiscovery';
import { workspaceOfJobFile } from '../../../backend/local/jobWorkspace';
import { LocalJobStore } from '../../../backend/local/LocalJobStore';
import { jobsLoader, tempDir } from './jobFixtures';

/** A job store with records written by the engine's own LocalJobStore, as the CLI writes them. */
function storeWithSpec(): { store: LocalJobStore; spec: string } {
  const dir = tempDir('store');
  fs.mkdirSync(path.join(dir, '.relgraph'));
  const spec = path.join(dir, 'x.prediction.yaml');
  fs.writeFileSync(spec, 'kind: prediction\n');
  return { store: new LocalJobStore(dir), spec };
}

/** A pid that runs no process: the highest pid Linux hands out is 2^22, so this one is never live. */
const DEAD_PID = 4_194_304 + 17;

describe('JobsLoader (the Jobs view, through the read-only LocalJobBackend)', () => {
  it('lists the records of several stores, newest first, with their store', async () => {
    const a = storeWithSpec();
    const b = storeWithSpec();
    const older = a.store.create(
      { kind: 'training', specPath: a.spec, specName: 'a' },
      new Date('2024-01-01T00:00:00Z'),
    );
    const newer = b.store.create(
      { kind: 'batch_prediction', specPath: b.spec, specName: 'b' },
      new Date('2024-02-01T00:00:00Z'),
    );
    const snapshot = await jobsLoader([a.store.workspace, b.store.workspace]).load();
    assert.deepEqual(
      snapshot.jobs.map((j) => [j.record.id, j.workspace]),
      [
        [newer.id, b.store.workspace],
        [older.id, a.store.workspace],
      ],
    );
    assert.equal(snapshot.jobs[0].file, b.store.recordPath(newer.id));
  });

  it('skips a corrupt record, reports it once, and reads it once it is fixed', async () => {
    const { store, spec } = storeWithSpec();
    const job = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'x' });
    const file = store.recordPath(job.id);
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, good.slice(0, 50));
    const loader = jobsLoader([store.workspace]);
    const first = await loader.load();
    assert.deepEqual(first.jobs, []);
    assert.equal(first.problems.length, 1);
    assert.equal(first.problems[0].file, file);
    assert.deepEqual((await loader.load()).problems, [], 'an unchanged bad file is not reported again');
    fs.writeFileSync(file, good);
    const fixed = await loader.load();
    assert.deepEqual(
      fixed.jobs.map((j) => j.record.id),
      [job.id],
    );
  });

  it('never reads the engine in-flight temporary files', async () => {
    const { store, spec } = storeWithSpec();
    const job = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'x' });
    fs.writeFileSync(path.join(store.jobsDir, `.${job.id}.json.tmp-1-abcd`), '{"torn":');
    const snapshot = await jobsLoader([store.workspace]).load();
    assert.equal(snapshot.jobs.length, 1);
    assert.deepEqual(snapshot.problems, []);
  });

  it('sees a record change even when it is rewritten with the same size', async () => {
    const { store, spec } = storeWithSpec();
    const job = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'x' });
    const loader = jobsLoader([store.workspace]);
    assert.equal((await loader.load()).jobs[0].record.status, 'NOT_STARTED');
    store.update(job.id, (r) => (r.status = 'QUEUED'));
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(store.recordPath(job.id), future, future);
    assert.equal((await loader.load()).jobs[0].record.status, 'QUEUED');
  });

  it('shows a job whose process died as FAILED, with the message relgraph jobs list gives, writing nothing', async () => {
    const { store, spec } = storeWithSpec();
    const job = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'x' });
    store.update(job.id, (r) => {
      r.status = 'RUNNING';
      r.eventLog.push({ stage: 'Predicting', at: new Date().toISOString() });
      r.process = { pid: DEAD_PID, hostname: os.hostname() };
    });
    const before = fs.readFileSync(store.recordPath(job.id), 'utf8');
    const snapshot = await jobsLoader([store.workspace]).load();
    const shown = snapshot.jobs[0].record;
    assert.equal(shown.status, 'FAILED');
    assert.match(
      shown.error!.message,
      new RegExp(`pid ${DEAD_PID} on .* exited without finishing it during 'Predicting'`),
    );
    assert.equal(fs.readFileSync(store.recordPath(job.id), 'utf8'), before, 'the editor never writes to the store');
  });

  it('leaves a job of a live process running, and of another host alone', async () => {
    const { store, spec } = storeWithSpec();
    const live = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'live' });
    store.update(live.id, (r) => (r.status = 'RUNNING')); // owned by this test process, which is alive
    const remote = store.create({ kind: 'training', specPath: spec, specName: 'remote' });
    store.update(remote.id, (r) => {
      r.status = 'RUNNING';
      r.process = { pid: DEAD_PID, hostname: `not-${os.hostname()}` };
    });
    const snapshot = await jobsLoader([store.workspace]).load();
    assert.deepEqual(
      snapshot.jobs.map((j) => j.record.status),
      ['RUNNING', 'RUNNING'],
    );
  });

  it('marks a running job whose cancel marker exists as cancel-requested, and a finished one not', async () => {
    const { store, spec } = storeWithSpec();
    // A real owner process, so that requestCancel has someone to signal.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const job = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'x' });
      store.update(job.id, (r) => {
        r.status = 'RUNNING';
        r.process = { pid: child.pid!, hostname: os.hostname() };
      });
      fs.writeFileSync(store.cancelMarkerPath(job.id), 'cancel requested\n');
      assert.equal((await jobsLoader([store.workspace]).load()).jobs[0].cancelRequested, true);
      store.update(job.id, (r) => (r.status = 'CANCELLED'));
      assert.equal((await jobsLoader([store.workspace]).load()).jobs[0].cancelRequested, false);
    } finally {
      child.kill();
    }
  });

  it('returns nothing for a store that does not exist (yet)', async () => {
    assert.deepEqual((await jobsLoader([path.join(tempDir('none'), 'missing')]).load()).jobs, []);
  });
});

describe('discoverJobWorkspaces', () => {
  function mkStore(dir: string): void {
    fs.mkdirSync(path.join(dir, '.relgraph', 'jobs'), { recursive: true });
  }

  it('finds stores at any depth below the roots, and the store of an ancestor folder', () => {
    const parent = tempDir('discover');
    mkStore(parent); // an ancestor of the workspace folder below
    const root = path.join(parent, 'repo');
    mkStore(path.join(root, 'a'));
    mkStore(path.join(root, 'b', 'c', 'd'));
    fs.mkdirSync(path.join(root, 'e', '.relgraph'), { recursive: true }); // no jobs/ yet: not a store
    return discoverJobWorkspaces([root]).then((found) => {
      assert.deepEqual(found.workspaces, [parent, path.join(root, 'a'), path.join(root, 'b', 'c', 'd')].sort());
      assert.equal(found.truncated, false);
    });
  });

  it('does not search node_modules, hidden folders, or below the depth limit', async () => {
    const root = tempDir('skip');
    mkStore(path.join(root, 'node_modules', 'pkg'));
    mkStore(path.join(root, '.cache', 'x'));
    mkStore(path.join(root, 'l1', 'l2', 'l3'));
    const found = await discoverJobWorkspaces([root], { maxDepth: 2, maxDirectories: 1000 });
    assert.deepEqual(found.workspaces, []);
    const deeper = await discoverJobWorkspaces([root], { maxDepth: 3, maxDirectories: 1000 });
    assert.deepEqual(deeper.workspaces, [path.join(root, 'l1', 'l2', 'l3')]);
  });

  it('stops at its folder budget and says so, having searched shallow folders first', async () => {
    const root = tempDir('budget');
    mkStore(path.join(root, 'shallow'));
    for (let i = 0; i < 20; i++) fs.mkdirSync(path.join(root, `d${i}`, 'deep'), { recursive: true });
    mkStore(path.join(root, 'd19', 'deep', 'store'));
    // Reads: the root, its 21 folders (one holds the shallow store), 20 'deep' folders, then 'store'.
    const found = await discoverJobWorkspaces([root], { maxDepth: 6, maxDirectories: 30 });
    assert.equal(found.truncated, true);
    assert.deepEqual(found.workspaces, [path.join(root, 'shallow')]);
    const unbounded = await discoverJobWorkspaces([root], { maxDepth: 6, maxDirectories: 100 });
    assert.equal(unbounded.truncated, false);
    assert.deepEqual(unbounded.workspaces, [path.join(root, 'd19', 'deep', 'store'), path.join(root, 'shallow')]);
  });

  it('maps a record path back to its store workspace', () => {
    assert.equal(workspaceOfJobFile('/w/p/.relgraph/jobs/bp-job-1.json'), '/w/p');
    assert.equal(workspaceOfJobFile('/w/p/jobs/bp-job-1.json'), undefined);
  });
});
