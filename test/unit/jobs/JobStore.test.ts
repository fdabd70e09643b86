import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LocalJobStore } from '../../../backend/local/LocalJobStore';
import { findWorkspace } from '../../../backend/local/jobWorkspace';
import { newJobId } from '../../../backend/local/newJobId';
import { cancelLocalJob } from '../../../backend/local/cancelLocalJob';
import { settleDeadJobs } from '../../../backend/local/orphanedJobs';
import { isValidJobId } from '../../../core/jobs/jobIds';
import { isTerminalStatus } from '../../../core/jobs/JobStatus';

let dir: string;
let spec: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-jobs-'));
  spec = path.join(dir, 'dnf.prediction.yaml');
  fs.writeFileSync(spec, 'training_job: x\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real process that is dead by the time the promise resolves: its pid no longer exists. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('job ids', () => {
  it('uses Kumo prefixes, sorts by creation time and rejects path tricks', () => {
    const a = newJobId('batch_prediction', new Date('2024-01-31T14:25:01Z'));
    const b = newJobId('training', new Date('2024-02-01T00:00:00Z'));
    assert.match(a, /^bp-job-20240131-142501-[0-9a-f]{6}$/);
    assert.match(b, /^trainingjob-20240201-000000-[0-9a-f]{6}$/);
    assert.ok(isValidJobId(a) && isValidJobId(b));
    for (const bad of ['../etc', 'bp-job-../../x', 'job-1', 'bp-job-a/b', '']) assert.equal(isValidJobId(bad), false);
  });
});

describe('findWorkspace', () => {
  it('is the nearest ancestor with .relgraph/, else the spec folder', () => {
    const nested = path.join(dir, 'a', 'b');
    fs.mkdirSync(nested, { recursive: true });
    const nestedSpec = path.join(nested, 'x.prediction.yaml');
    fs.writeFileSync(nestedSpec, '');
    assert.equal(findWorkspace(nestedSpec), nested);
    fs.mkdirSync(path.join(dir, '.relgraph'));
    assert.equal(findWorkspace(nestedSpec), dir);
    assert.equal(findWorkspace(nested), dir);
  });
});

describe('LocalJobStore', () => {
  it('creates a NOT_STARTED record with the spec hash, owner process and paths', () => {
    const store = LocalJobStore.forPath(spec);
    const record = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'dnf' });
    assert.equal(record.status, 'NOT_STARTED');
    assert.equal(record.spec.path, spec);
    assert.equal(record.spec.sha256, createHash('sha256').update('training_job: x\n').digest('hex'));
    assert.equal(record.process?.pid, process.pid);
    assert.equal(record.logPath, path.join(dir, '.relgraph', 'jobs', `${record.id}.log`));
    assert.equal(record.artifactDir, path.join(dir, '.relgraph', 'jobs', record.id));
    assert.ok(fs.statSync(record.artifactDir).isDirectory());
    assert.deepEqual(store.get(record.id), record);
    const onDisk = JSON.parse(fs.readFileSync(store.recordPath(record.id), 'utf8'));
    assert.equal(onDisk.formatVersion, 1);
  });

  it('writes atomically: no temporary files remain and the record is always whole JSON', () => {
    const store = LocalJobStore.forPath(spec);
    const record = store.create({ kind: 'training', specPath: spec, specName: 'dnf' });
    for (let i = 0; i < 50; i++) store.update(record.id, (r) => (r.progress = { completed: i, total: 50 }));
    assert.deepEqual(fs.readdirSync(store.jobsDir).sort(), [record.id, `${record.id}.json`, `${record.id}.log`]);
    assert.deepEqual(store.require(record.id).progress, { completed: 49, total: 50 });
  });

  it('lists newest first and skips unreadable or foreign files', () => {
    const store = LocalJobStore.forPath(spec);
    const older = store.create({ kind: 'training', specPath: spec, specName: 'a' }, new Date('2024-01-01T00:00:00Z'));
    const newer = store.create(
      { kind: 'batch_prediction', specPath: spec, specName: 'b' },
      new Date('2024-01-02T00:00:00Z'),
    );
    fs.writeFileSync(path.join(store.jobsDir, 'bp-job-broken.json'), '{ not json');
    fs.writeFileSync(path.join(store.jobsDir, 'notes.json'), '{}');
    assert.deepEqual(
      store.list().map((r) => r.id),
      [newer.id, older.id],
    );
  });

  it('sets endedAt exactly when a status becomes terminal', () => {
    const store = LocalJobStore.forPath(spec);
    const { id } = store.create({ kind: 'training', specPath: spec, specName: 'a' });
    assert.equal(store.update(id, (r) => (r.status = 'RUNNING')).endedAt, undefined);
    const done = store.update(id, (r) => (r.status = 'DONE'));
    assert.ok(done.endedAt && isTerminalStatus(done.status));
  });

  it('appends to and reads the log', () => {
    const store = LocalJobStore.forPath(spec);
    const { id } = store.create({ kind: 'training', specPath: spec, specName: 'a' });
    store.appendLog(id, 'first\nsecond');
    const lines = store.readLog(id).trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^\d{4}-\d\d-\d\dT.*Z first$/);
    assert.match(lines[2], / second$/);
  });

  it('refuses unknown and malformed ids with a message naming the store', () => {
    const store = LocalJobStore.forPath(spec);
    assert.throws(() => store.require('bp-job-nothere'), /no job 'bp-job-nothere' in .*\.relgraph\/jobs/);
    assert.throws(() => store.recordPath('../../etc/passwd'), /not a job id/);
    assert.equal(store.get('../x'), undefined);
  });

  it('marks a job whose process died FAILED with the reason and removes its scratch files', async () => {
    const store = LocalJobStore.forPath(spec);
    const output = path.join(dir, 'out.parquet');
    const { id } = store.create({
      kind: 'batch_prediction',
      specPath: spec,
      specName: 'a',
      outputPaths: () => [output],
    });
    const scratch = path.join(dir, '.out.parquet.tmp-1-0badcafe');
    fs.writeFileSync(scratch, 'half');
    const pid = await deadPid();
    store.update(id, (r) => {
      r.status = 'RUNNING';
      r.process = { pid, hostname: os.hostname() };
      r.eventLog.push({ stage: 'Predicting', at: new Date().toISOString() });
      r.scratchPaths = [scratch];
    });
    const settled = settleDeadJobs(store);
    assert.deepEqual(
      settled.map((r) => r.id),
      [id],
    );
    const record = store.require(id);
    assert.equal(record.status, 'FAILED');
    assert.match(record.error!.message, new RegExp(`pid ${pid} .*exited without finishing it during 'Predicting'`));
    assert.equal(record.error!.stage, 'Predicting');
    assert.equal(fs.existsSync(scratch), false);
    assert.deepEqual(settleDeadJobs(store), [], 'settled once');
  });

  it('leaves live jobs, jobs on other hosts and finished jobs alone', () => {
    const store = LocalJobStore.forPath(spec);
    const live = store.create({ kind: 'training', specPath: spec, specName: 'a' });
    store.update(live.id, (r) => (r.status = 'RUNNING'));
    const remote = store.create({ kind: 'training', specPath: spec, specName: 'b' });
    store.update(remote.id, (r) => {
      r.status = 'RUNNING';
      r.process = { pid: 1, hostname: `${os.hostname()}-elsewhere` };
    });
    assert.deepEqual(settleDeadJobs(store), []);
    assert.equal(store.require(live.id).status, 'RUNNING');
  });

  it('treats a reused pid (different start time) as dead', () => {
    const store = LocalJobStore.forPath(spec);
    const { id } = store.create({ kind: 'training', specPath: spec, specName: 'a' });
    store.update(id, (r) => {
      r.status = 'RUNNING';
      r.process = { pid: process.pid, hostname: os.hostname(), startToken: '1' };
    });
    if (!fs.existsSync(`/proc/${process.pid}/stat`)) return; // start tokens exist on Linux only
    assert.equal(settleDeadJobs(store).length, 1);
  });

  it('cancels a job whose process is gone at once, and leaves a marker for a live one', async () => {
    const store = LocalJobStore.forPath(spec);
    const orphan = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'a' });
    const pid = await deadPid();
    store.update(orphan.id, (r) => {
      r.status = 'RUNNING';
      r.process = { pid, hostname: os.hostname() };
    });
    assert.equal(cancelLocalJob(store, orphan.id).record.status, 'CANCELLED');
    assert.equal(store.isCancelRequested(orphan.id), false);

    const live = store.create({ kind: 'batch_prediction', specPath: spec, specName: 'b' });
    store.update(live.id, (r) => (r.status = 'RUNNING'));
    // Owned by this very process: a marker, no signal to ourselves.
    assert.equal(cancelLocalJob(store, live.id).record.status, 'RUNNING');
    assert.equal(store.isCancelRequested(live.id), true);
  });
});
