import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { cancelLocalJob } from '../../../backend/local/cancelLocalJob';
import { LocalJobStore } from '../../../backend/local/LocalJobStore';
import { settleDeadJobs } from '../../../backend/local/orphanedJobs';
import { processStartToken } from '../../../backend/local/processLiveness';
import { cliInProcess, type CliRun } from '../../helpers/cliInProcess';
import { jobsLoader } from '../client/jobFixtures';

/**
 * Issue #8 items 1, 2, 7 and 12, as an attacker would ship them: job records in a repository's
 * `.relgraph/jobs/` that try to make Relgraph delete, signal or write what it did not create, or that are
 * simply malformed. Through the real CLI (in this process, so every signal it sends is seen) and the
 * editor's reader.
 */
let root: string;
let ws: string;
let jobs: string;
let victim: string;
let signals: { pid: number; signal: string | number | undefined }[];
const realKill = process.kill;
const children: ChildProcess[] = [];

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-untrusted-'));
  ws = path.join(root, 'repo');
  jobs = path.join(ws, '.relgraph', 'jobs');
  fs.mkdirSync(jobs, { recursive: true });
  fs.writeFileSync(path.join(ws, 'dnf.prediction.yaml'), 'kind: prediction\n');
  victim = path.join(root, 'victim');
  fs.mkdirSync(path.join(victim, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(victim, 'docs', 'thesis.txt'), 'years of work');
  signals = [];
  // Liveness probes (signal 0) go through; any real signal is recorded, and sent only to our own children.
  process.kill = ((pid: number, signal?: string | number) => {
    if (signal !== 0) {
      signals.push({ pid, signal });
      if (!children.some((c) => c.pid === pid)) return true;
    }
    return realKill.call(process, pid, signal);
  }) as typeof process.kill;
});
afterEach(() => {
  process.kill = realKill;
  for (const child of children.splice(0)) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

const ID = 'bp-job-20240131-142501-3fa9c2';

function write(id: string, overrides: Record<string, unknown> = {}): string {
  const file = path.join(jobs, `${id}.json`);
  const record = {
    formatVersion: 1,
    id,
    kind: 'batch_prediction',
    status: 'RUNNING',
    createdAt: '2024-01-31T14:25:01.120Z',
    updatedAt: '2024-01-31T14:25:04.310Z',
    spec: { path: path.join(ws, 'dnf.prediction.yaml'), name: 'dnf', sha256: '' },
    eventLog: [{ stage: 'Predicting', at: '2024-01-31T14:25:02.000Z' }],
    artifacts: [],
    process: { pid: deadPid(), hostname: os.hostname() },
    logPath: path.join(jobs, `${id}.log`),
    artifactDir: path.join(jobs, id),
    tags: {},
    ...overrides,
  };
  fs.writeFileSync(file, JSON.stringify(record, null, 2));
  return file;
}

function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
}

function cli(...args: string[]): Promise<CliRun> {
  return cliInProcess(ws, args);
}

function assertVictimIntact(): void {
  assert.equal(fs.readFileSync(path.join(victim, 'docs', 'thesis.txt'), 'utf8'), 'years of work');
}

function assertNoBareJsError(text: string): void {
  assert.doesNotMatch(text, /TypeError|ReferenceError|is not a function|Cannot read prop|\n\s+at /);
}

describe('crafted records never make Relgraph delete what it did not create (#8 item 1)', () => {
  it('jobs list, jobs cancel and the editor leave an outside scratch folder alone and name the record', async () => {
    const bad = write(ID, { scratchPaths: [victim] });
    const good = write('bp-job-20240201-000000-aaaaaa', { status: 'DONE', process: undefined });
    const list = await cli('jobs', 'list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, /bp-job-20240201-000000-aaaaaa +prediction +DONE/, 'the other jobs are listed');
    assert.match(
      list.stderr,
      new RegExp(
        `skipped .*${path.basename(bad)}: 'scratchPaths\\[0\\]' ".*victim" is neither inside the job's folder`,
      ),
    );
    const cancel = await cli('jobs', 'cancel', ID);
    assert.equal(cancel.code, 1);
    assert.match(cancel.stderr, new RegExp(`relgraph jobs cancel: the record ${bad} cannot be used: 'scratchPaths`));
    const snapshot = await jobsLoader([ws]).load();
    assert.deepEqual(
      snapshot.problems.map((p) => p.file),
      [bad],
    );
    assert.equal(snapshot.jobs.length, 1);
    assertVictimIntact();
    assert.ok(fs.existsSync(good));
  });

  it('a record without a process field is no way around it', async () => {
    write(ID, { process: undefined, scratchPaths: [path.join(victim, 'docs')] });
    await cli('jobs', 'cancel', ID);
    await cli('jobs', 'list');
    assertVictimIntact();
  });

  it('a symlinked job folder does not lead the deletion of its scratch folder elsewhere', async () => {
    fs.symlinkSync(victim, path.join(jobs, ID));
    const scratch = path.join(jobs, ID, 'docs'); // lexically inside the job's folder, really the victim's
    write(ID, { scratchPaths: [scratch] });
    const list = await cli('jobs', 'list');
    assert.match(list.stdout, new RegExp(`${ID} +prediction +FAILED`), 'the dead job is settled');
    assertVictimIntact();
    assert.match(fs.readFileSync(path.join(jobs, `${ID}.log`), 'utf8'), /kept .*docs: .* is not a real folder/);
  });

  it('an outside path in a commit journal is refused, and a journal cannot remove an unmarked output', async () => {
    write(ID, {
      commit: {
        startedAt: '2024-01-31T14:25:03.000Z',
        renames: [
          {
            path: path.join(victim, 'docs', 'thesis.txt'),
            staged: path.join(victim, 'docs', '.thesis.txt.tmp-1-0badcafe'),
          },
        ],
      },
    });
    await cli('jobs', 'list');
    assertVictimIntact();
    // Even naming the victim as its own output (so the journal parses), nothing without the job's marker goes.
    write(ID, {
      outputPaths: [path.join(victim, 'docs', 'thesis.txt')],
      commit: {
        startedAt: '2024-01-31T14:25:03.000Z',
        renames: [
          {
            path: path.join(victim, 'docs', 'thesis.txt'),
            staged: path.join(victim, 'docs', '.thesis.txt.tmp-1-0badcafe'),
          },
        ],
      },
    });
    const list = await cli('jobs', 'list');
    assert.match(list.stdout, new RegExp(`${ID} +prediction +FAILED`));
    assertVictimIntact();
    assert.match((await cli('jobs', 'show', ID)).stdout, /thesis\.txt is not marked as written by/);
  });
});

describe('cancel signals only the job’s own process (#8 item 2)', () => {
  for (const pid of [-1, 0, 1]) {
    it(`pid ${pid}: no signal, a clear message`, async () => {
      write(ID, { process: { pid, hostname: os.hostname(), startToken: 'x:1' } });
      const cancel = await cli('jobs', 'cancel', ID);
      assert.equal(cancel.code, 0);
      assert.deepEqual(signals, []);
      // The CLI settles the dead job first (FAILED), so the cancel finds it ended, and says why.
      assert.equal(
        cancel.stdout,
        `${ID} is already FAILED (its record names pid ${pid}, which no job runs in, so nothing is running it)\n`,
      );
    });
  }

  it('a missing process field: no signal, a clear message', async () => {
    write(ID, { process: undefined });
    const cancel = await cli('jobs', 'cancel', ID);
    assert.deepEqual(signals, []);
    assert.match(cancel.stdout, /is already FAILED \(its record names no process, so nothing is running it\)/);
  });

  it('a reused pid (a live process whose start token differs): no signal, and it keeps running', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(other);
    write(ID, {
      process: { pid: other.pid, hostname: os.hostname(), startToken: `${processStartToken(other.pid!)}0` },
    });
    const cancel = await cli('jobs', 'cancel', ID);
    assert.deepEqual(signals, []);
    assert.match(cancel.stdout, /is already FAILED \(the process running the job \(pid \d+/);
    assert.equal(other.exitCode, null);
    // Straight to the store (no settling first): CANCELLED at once, still without a signal.
    write(ID, {
      process: { pid: other.pid, hostname: os.hostname(), startToken: `${processStartToken(other.pid!)}0` },
    });
    assert.equal(cancelLocalJob(new LocalJobStore(ws), ID).record.status, 'CANCELLED');
    assert.deepEqual(signals, []);
  });

  it('the job’s own live process (token matches) gets SIGTERM, and only it', async () => {
    const job = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(job);
    const exited = new Promise((resolve) => job.once('exit', (_code, signal) => resolve(signal)));
    write(ID, { process: { pid: job.pid, hostname: os.hostname(), startToken: processStartToken(job.pid!) } });
    const cancel = await cli('jobs', 'cancel', ID);
    assert.match(cancel.stdout, new RegExp(`cancel requested: ${ID} .*sent SIGTERM to pid ${job.pid}`));
    assert.deepEqual(signals, [{ pid: job.pid, signal: 'SIGTERM' }]);
    assert.equal(await exited, 'SIGTERM');
  });

  it('a record without a boot-id start token: a marker, no signal, and the reason', () => {
    const job = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(job);
    write(ID, { process: { pid: job.pid, hostname: os.hostname() } });
    const outcome = cancelLocalJob(new LocalJobStore(ws), ID);
    assert.deepEqual(signals, []);
    assert.match(outcome.message, /no signal sent \(the record has no start token for pid \d+/);
    assert.ok(fs.existsSync(path.join(jobs, `${ID}.cancel`)));
  });
});

describe('a malformed record never breaks other jobs or commands (#8 item 7)', () => {
  it('jobs list lists the others, jobs show explains, the editor skips it', async () => {
    const bad = write(ID, { createdAt: 5 });
    write('bp-job-20240201-000000-aaaaaa', { status: 'DONE' });
    const list = await cli('jobs', 'list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, /bp-job-20240201-000000-aaaaaa/);
    assert.match(list.stderr, new RegExp(`skipped .*${ID}\\.json: 'createdAt' is not text`));
    const json = await cli('jobs', 'list', '--json');
    assert.deepEqual(
      JSON.parse(json.stdout).map((j: { id: string }) => j.id),
      ['bp-job-20240201-000000-aaaaaa'],
    );
    const show = await cli('jobs', 'show', ID);
    assert.equal(show.code, 1);
    assert.equal(show.stderr, `relgraph jobs show: the record ${bad} cannot be used: 'createdAt' is not text\n`);
    assertNoBareJsError(show.stderr);
    const snapshot = await jobsLoader([ws]).load();
    assert.equal(snapshot.jobs.length, 1);
    assert.match(snapshot.problems[0].reason, /'createdAt' is not text/);
  });

  it('a huge, a binary, a symlinked and a pipe record are each named with a reason, without hanging', async () => {
    fs.writeFileSync(path.join(jobs, 'bp-job-huge.json'), Buffer.alloc(5 * 1024 * 1024, 0x20));
    fs.writeFileSync(path.join(jobs, 'bp-job-binary.json'), Buffer.from([0, 1, 2, 255, 254]));
    fs.symlinkSync('/etc/hostname', path.join(jobs, 'bp-job-link.json'));
    execFileSync('mkfifo', [path.join(jobs, 'bp-job-pipe.json')]);
    const list = await cli('jobs', 'list');
    assert.equal(list.code, 0);
    assert.match(list.stderr, /bp-job-huge\.json: is 5 MB, more than the 4 MB allowed/);
    assert.match(list.stderr, /bp-job-binary\.json: not valid JSON/);
    assert.match(list.stderr, /bp-job-link\.json: is a symbolic link, not a job record/);
    assert.match(list.stderr, /bp-job-pipe\.json: is not a regular file/);
    assert.match(list.stdout, /^no jobs that can be read/);
  });

  it('a log that is a pipe, or a spec that is a device, never hangs show or logs', async () => {
    write(ID, { status: 'DONE', spec: { path: '/dev/zero', name: 'dnf', sha256: 'a'.repeat(64) } });
    execFileSync('mkfifo', [path.join(jobs, `${ID}.log`)]);
    assert.equal((await cli('jobs', 'show', ID)).code, 0);
    assert.equal((await cli('jobs', 'logs', ID)).stdout, '');
  });
});

describe('stale temporary files of the store are cleaned, and only those (#8 item 12)', () => {
  it('removes a dead writer’s leftovers, keeps live, foreign-named and outside ones', async () => {
    write(ID, { status: 'DONE' });
    const dead = path.join(jobs, `.${ID}.json.tmp-${deadPid()}-0badcafe`);
    const live = path.join(jobs, `.${ID}.json.tmp-${process.pid}-0badcafe`);
    const old = path.join(jobs, `.${ID}.json.tmp-${process.pid}-1badcafe`);
    const notAJob = path.join(jobs, `.notes.json.tmp-${deadPid()}-0badcafe`);
    const folder = path.join(jobs, `.${ID}.json.tmp-${deadPid()}-2badcafe`);
    const outside = path.join(ws, `.${ID}.json.tmp-${deadPid()}-0badcafe`);
    for (const file of [dead, live, old, notAJob, outside]) fs.writeFileSync(file, '{"torn":');
    fs.mkdirSync(folder);
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(old, hourAgo, hourAgo);
    const list = await cli('jobs', 'list');
    assert.equal(list.stderr, '', 'temporary files are never read as records');
    assert.equal(fs.existsSync(dead), false, "a dead writer's leftover is removed");
    assert.equal(fs.existsSync(old), false, 'a leftover too old for a write in progress is removed');
    for (const kept of [live, notAJob, folder, outside]) assert.ok(fs.existsSync(kept), `${kept} kept`);
  });

  it('settling never removes the temporary files of another workspace’s outputs', () => {
    const output = path.join(ws, 'out', 'p.csv');
    fs.mkdirSync(path.dirname(output));
    const foreign = path.join(ws, 'out', '.q.csv.tmp-1-0badcafe');
    fs.writeFileSync(foreign, 'someone else');
    write(ID, { outputPaths: [output], scratchPaths: [path.join(ws, 'out', '.p.csv.tmp-1-0badcafe')] });
    fs.writeFileSync(path.join(ws, 'out', '.p.csv.tmp-1-0badcafe'), 'ours');
    assert.equal(settleDeadJobs(new LocalJobStore(ws)).length, 1);
    assert.equal(fs.existsSync(path.join(ws, 'out', '.p.csv.tmp-1-0badcafe')), false);
    assert.ok(fs.existsSync(foreign));
  });
});
