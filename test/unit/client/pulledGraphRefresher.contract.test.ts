import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BackendJob } from '../../../backend/JobBackend';
import { createKumoBackend } from '../../../backend/kumo/createKumoBackend';
import { RelgraphCliWrapper, type CliResult } from '../../../client/jobs/RelgraphCliWrapper';
import { PulledGraphRefresher } from '../../../client/kumo/PulledGraphRefresher';
import {
  pulledGraphJobId,
  readPulledGraphCopy,
  stalePulledGraphs,
  type PulledGraphCopy,
} from '../../../client/kumo/stalePulledGraphs';
import { KumoTestWorld, SECRET_KEY } from '../../kumo/kumoTestWorld';
import {
  column,
  CUSTOMER_COLUMNS,
  SHOP_BINARY_JOB,
  SHOP_CONNECTORS,
  SHOP_TRAINING_GRAPH,
} from '../../kumo/shopKumoState';

const REPO = path.resolve(__dirname, '../../..');
const OLD = '2024-01-01T00:00:00.000Z';

function job(id: string, status: BackendJob['status'], updatedAt?: string, kind: BackendJob['kind'] = 'training') {
  return { ref: { backend: 'kumo' as const, id }, kind, status, ...(updatedAt ? { updatedAt } : {}) };
}

describe("the editor's choice of pulled Kumo graphs to refresh (stalePulledGraphs)", () => {
  const copy = (jobId: string, knownChange: string, workspace = '/ws'): PulledGraphCopy => ({
    jobId,
    workspace,
    knownChange,
  });

  it('picks the copies older than their ended training job, each change once', () => {
    const copies = [
      copy('tj-stale', '2024-03-01T00:00:00Z'),
      copy('tj-stale', '2024-03-01T00:00:00Z', '/other'),
      copy('tj-current', '2024-03-01T00:00:00Z'),
      copy('tj-unlisted', OLD),
    ];
    const jobs = [
      job('tj-stale', 'DONE', '2024-03-02T00:00:00+00:00'),
      job('tj-current', 'FAILED', '2024-03-01T00:00:00+00:00'),
    ];
    const stale = stalePulledGraphs(copies, jobs, new Set());
    assert.deepEqual(
      stale.map((s) => [s.copy.workspace, s.copy.jobId, s.jobUpdatedAt]),
      [
        ['/ws', 'tj-stale', '2024-03-02T00:00:00+00:00'],
        ['/other', 'tj-stale', '2024-03-02T00:00:00+00:00'],
      ],
    );
    assert.deepEqual(stalePulledGraphs(copies, jobs, new Set([stale[0].key])), [stale[1]], 'a change is tried once');
    const changedAgain = [job('tj-stale', 'DONE', '2024-03-05T00:00:00+00:00')];
    assert.equal(stalePulledGraphs(copies, changedAgain, new Set(stale.map((s) => s.key))).length, 2);
  });

  it('leaves a job that has not ended, a batch prediction, and a job without a last change', () => {
    const copies = [copy('tj-1', OLD), copy('bp-1', OLD)];
    for (const jobs of [
      [job('tj-1', 'RUNNING', '2024-03-02T00:00:00Z')],
      [job('tj-1', 'QUEUED', '2024-03-02T00:00:00Z')],
      [job('bp-1', 'DONE', '2024-03-02T00:00:00Z', 'batch_prediction')],
      [job('tj-1', 'DONE')],
    ]) {
      assert.deepEqual(stalePulledGraphs(copies, jobs, new Set()), []);
    }
  });

  it('reads a cache file as untrusted input', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-pulled-graphs-'));
    try {
      const kumo = path.join(dir, '.relgraph', 'kumo');
      fs.mkdirSync(kumo, { recursive: true });
      const write = (name: string, value: unknown) => {
        fs.writeFileSync(path.join(kumo, name), typeof value === 'string' ? value : JSON.stringify(value));
        return path.join(kumo, name);
      };
      assert.deepEqual(await readPulledGraphCopy(write('tj-1.json', { jobId: 'tj-1', pulledAt: OLD })), {
        jobId: 'tj-1',
        workspace: dir,
        knownChange: OLD,
      });
      const both = write('tj-2.json', { jobId: 'tj-2', pulledAt: OLD, jobUpdatedAt: '2023-12-01T00:00:00Z' });
      assert.equal((await readPulledGraphCopy(both))?.knownChange, '2023-12-01T00:00:00Z', "Kumo's time wins");
      assert.equal(await readPulledGraphCopy(write('tj-3.json', { jobId: 'tj-1', pulledAt: OLD })), undefined);
      assert.equal(await readPulledGraphCopy(write('tj-4.json', '{ not json')), undefined);
      assert.equal(await readPulledGraphCopy(write('tj-5.json', { jobId: 'tj-5', pulledAt: 'yesterday' })), undefined);
      fs.symlinkSync(path.join(kumo, 'tj-1.json'), path.join(kumo, 'tj-6.json'));
      assert.equal(await readPulledGraphCopy(path.join(kumo, 'tj-6.json')), undefined, 'a link is not ours');
      assert.equal(pulledGraphJobId(path.join(dir, 'kumo', 'tj-1.json')), undefined, 'not under .relgraph/');
      assert.equal(pulledGraphJobId(path.join(kumo, '..json')), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PulledGraphRefresher with the real CLI (Kumo and kumoai contract stand-ins)', () => {
  const JOB = 'trainingjob-shop';
  let world: KumoTestWorld;
  let jobs: BackendJob[];
  const cacheFile = () => path.join(world.dir, '.relgraph', 'kumo', `${JOB}.json`);
  const cached = () => JSON.parse(fs.readFileSync(cacheFile(), 'utf8'));
  const makeStale = () =>
    fs.writeFileSync(cacheFile(), JSON.stringify({ ...cached(), pulledAt: OLD, jobUpdatedAt: OLD }));

  /** The editor's side, with the CLI run from source as the extension runs its bundle, the connection in its env. */
  function refresher(env: Record<string, string> = {}, allowed: () => boolean = () => true) {
    const runs: string[][] = [];
    const log: string[] = [];
    const cli = new RelgraphCliWrapper({
      cliPath: path.join(REPO, 'bin', 'relgraph.js'),
      nodePath: () => process.execPath,
      env: { ...(world.env as Record<string, string>), RELGRAPH_FROM_SOURCE: '1', ...env },
    });
    const instance = new PulledGraphRefresher({
      findPulledGraphFiles: async () => [cacheFile()],
      runCli: (args, cwd): Promise<CliResult> | undefined => {
        if (!allowed()) return undefined;
        runs.push(args);
        return cli.run(args, cwd);
      },
      info: (message) => log.push(`info ${message}`),
      warn: (message) => log.push(`warn ${message}`),
    });
    return { instance, runs, log };
  }

  before(async () => {
    world = await KumoTestWorld.create();
    world.standinState({ training_jobs: { [JOB]: SHOP_BINARY_JOB }, connectors: SHOP_CONNECTORS });
    world.server.addJob({ id: JOB, kind: 'training', steps: [{ status: 'DONE', stage: 'Training' }] });
    const pull = await world.cli(['kumo', 'pull', `kumo:${JOB}`]);
    assert.equal(pull.code, 0, pull.stderr);
    // What the Kumo section lists (KumoJobsPoller reads the same backend call).
    const backend = createKumoBackend({ url: world.server.url, apiKey: SECRET_KEY, env: {} });
    jobs = (await backend.list({ limit: 50 })).jobs;
    assert.ok(jobs.find((j) => j.ref.id === JOB)?.updatedAt);
  });

  after(() => world.removeCheckingNothingLeaked());

  it('runs nothing while the copy is current', async () => {
    const { instance, runs } = refresher();
    await instance.jobsChanged(jobs);
    assert.deepEqual(runs, []);
  });

  it('pulls a stale copy again with relgraph kumo pull, once per change of the job', async () => {
    // Kumo re-ran the job with one column more.
    const customers = {
      ...SHOP_TRAINING_GRAPH.tables.customers,
      columns: [...CUSTOMER_COLUMNS, column('email', 'string', 'text')],
    };
    const graph = { ...SHOP_TRAINING_GRAPH, tables: { ...SHOP_TRAINING_GRAPH.tables, customers } };
    world.standinState({ training_jobs: { [JOB]: { ...SHOP_BINARY_JOB, graph } }, connectors: SHOP_CONNECTORS });
    makeStale();
    const { instance, runs, log } = refresher();
    await instance.jobsChanged(jobs);
    assert.deepEqual(runs, [['kumo', 'pull', `kumo:${JOB}`, '--workspace', world.dir]]);
    assert.notEqual(cached().pulledAt, OLD);
    assert.deepEqual(cached().tables[0].columns.at(-1), column('email', 'string', 'text'));
    assert.match(
      log[0],
      /^info kumo:trainingjob-shop changed on Kumo \(\S+\) since the copy in .* \(2024-01-01T00:00:00\.000Z\): pulling it again$/,
    );
    assert.match(log[1], /^info Pulled kumo:trainingjob-shop \(binary_classification\): 2 tables/);
    // The same listing again (a poll that changed another job): nothing to do.
    await instance.jobsChanged([...jobs]);
    assert.equal(runs.length, 1);
    world.outputs.push(...log);
  });

  it('logs a failed pull as a warning, keeps the copy, and does not try the same change again', async () => {
    makeStale();
    const { instance, runs, log } = refresher({ PYTHONPATH: '' });
    await instance.jobsChanged(jobs);
    assert.equal(runs.length, 1);
    assert.match(
      log.at(-1)!,
      /^warn Refreshing the pulled training graph of kumo:trainingjob-shop in .* failed \(relgraph kumo pull, exit 1\); validation goes on against the copy there: .*Kumo's Python SDK is not importable/,
    );
    assert.equal(cached().pulledAt, OLD);
    // Another training job appears in the listing: this job's change was tried already.
    const other = jobs.find((j) => j.ref.id === JOB)!;
    await instance.jobsChanged([...jobs, { ...other, ref: { backend: 'kumo', id: 'trainingjob-other' } }]);
    assert.equal(runs.length, 1);
    world.outputs.push(...log);
  });

  it('runs nothing when the editor may not (not connected, Restricted Mode), and tries at the next listing', async () => {
    let allowed = false;
    const { instance, runs } = refresher({}, () => allowed);
    await instance.jobsChanged(jobs);
    assert.deepEqual(runs, []);
    allowed = true;
    await instance.jobsChanged(jobs);
    assert.equal(runs.length, 1);
    assert.notEqual(cached().pulledAt, OLD);
  });
});
