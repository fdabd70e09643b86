import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKumoBackend } from '../../../backend/kumo/createKumoBackend';
import type { KumoJobBackend } from '../../../backend/kumo/KumoJobBackend';
import { KUMO_POLL, KumoJobsPoller, type KumoJobsState } from '../../../client/kumo/KumoJobsPoller';
import type { PollTimer } from '../../../client/jobs/JobStatusWatcher';
import { KumoContractServer } from '../../kumo/KumoContractServer';
import { SECRET_KEY } from '../../kumo/kumoTestWorld';

/** A timer the test fires by hand: no waiting, and the scheduled delays can be read. */
class ManualTimer implements PollTimer {
  pending: { callback: () => void; delayMs: number }[] = [];
  schedule(callback: () => void, delayMs: number): unknown {
    const entry = { callback, delayMs };
    this.pending.push(entry);
    return entry;
  }
  cancel(handle: unknown): void {
    this.pending = this.pending.filter((p) => p !== handle);
  }
}

let server: KumoContractServer;
let backend: KumoJobBackend;

before(async () => {
  server = await KumoContractServer.start(SECRET_KEY);
  backend = createKumoBackend({ url: server.url, apiKey: SECRET_KEY, env: {}, retry: { backoffMs: 10 } });
  server.addJob({
    id: 'trainingjob-1',
    kind: 'training',
    steps: [{ status: 'DONE', stage: 'Training' }],
    createdAt: '2024-02-01T09:00:00+00:00',
  });
  server.addJob({
    id: 'bp-job-running',
    kind: 'prediction',
    createdAt: '2024-03-04T10:00:00+00:00',
    steps: [
      { status: 'RUNNING', stage: 'Predicting', progress: [1, 4] },
      { status: 'RUNNING', stage: 'Predicting', progress: [3, 4] },
      { status: 'DONE', stage: 'Predicting' },
    ],
  });
});

after(async () => {
  assert.deepEqual(server.violations, []);
  await server.close();
});

describe('the Kumo jobs of the Jobs sidebar, against the Kumo contract stand-in', () => {
  it('lists newest first, polls only while a job is not terminal, and stops once every job is', async () => {
    const timer = new ManualTimer();
    const states: KumoJobsState[] = [];
    const warnings: string[] = [];
    const poller = new KumoJobsPoller(
      () => backend,
      (state) => states.push(state),
      (message) => warnings.push(message),
      timer,
    );
    await poller.refresh();
    assert.deepEqual(
      poller.jobs.map((j) => `${j.ref.id} ${j.status}`),
      ['bp-job-running RUNNING', 'trainingjob-1 DONE'],
    );
    assert.deepEqual(poller.jobs[0].progress, { completed: 1, total: 4 });
    assert.equal(poller.polling, true);
    assert.deepEqual(
      timer.pending.map((p) => p.delayMs),
      [KUMO_POLL.minMs],
    );

    const reads = () =>
      server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/training_jobs/')).length;
    const trainingReads = reads();
    // Each poll reads the running job once (the stand-in advances it one step per read), until it is DONE.
    for (let i = 0; i < 10 && poller.jobs[0].status !== 'DONE'; i++) {
      const next = timer.pending.shift();
      assert.ok(next, 'a poll is scheduled while the job runs');
      next.callback();
      await waitFor(() => timer.pending.length > 0 || !poller.polling);
    }
    assert.equal(poller.jobs[0].status, 'DONE');
    const seen = states.flatMap((s) => (s.state === 'loaded' ? [s.jobs[0]] : []));
    assert.ok(
      seen.some((j) => j.status === 'RUNNING' && j.progress?.completed === 3),
      'the progress of the running job was read as it advanced',
    );
    // The finished training job was never read again; with every job terminal, no poll is scheduled.
    assert.equal(reads(), trainingReads);
    assert.equal(poller.polling, false);
    assert.deepEqual(timer.pending, []);
    assert.ok(states.length >= 3, `changes seen: ${states.map((s) => s.state)}`);
    assert.deepEqual(warnings, []);
    poller.dispose();
  });

  it('a refused key is an error state with Kumo’s reason (without the key), and nothing polls', async () => {
    const timer = new ManualTimer();
    const wrong = createKumoBackend({ url: server.url, apiKey: 'not-the-key', env: {}, retry: { backoffMs: 10 } });
    const poller = new KumoJobsPoller(
      () => wrong,
      () => undefined,
      () => undefined,
      timer,
    );
    await poller.refresh();
    const state = poller.state;
    assert.equal(state.state, 'error');
    assert.ok(state.state === 'error' && /401|403|key/i.test(state.message), JSON.stringify(state));
    assert.ok(!JSON.stringify(state).includes('not-the-key'));
    assert.equal(poller.polling, false);
    poller.dispose();
  });

  it('without a connection the state is disconnected and nothing is requested', async () => {
    const before = server.requests.length;
    const poller = new KumoJobsPoller(
      () => undefined,
      () => undefined,
      () => undefined,
      new ManualTimer(),
    );
    await poller.refresh();
    assert.equal(poller.state.state, 'disconnected');
    assert.equal(server.requests.length, before);
    poller.dispose();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'condition not met');
}
