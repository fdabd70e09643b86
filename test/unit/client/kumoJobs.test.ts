import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { BackendJob } from '../../../backend/JobBackend';
import { KUMO_CONNECTED_CONTEXT, KUMO_VIEW_ID, KumoCommandIds } from '../../../client/kumo/kumoCommandIds';
import { kumoJobDetailsMarkdown, kumoJobDurationMs, kumoJobRow } from '../../../client/kumo/kumoJobPresentation';
import { kumoTrainingJob } from '../../../protocol/kumoTrainingJob';

const NOW = Date.parse('2024-03-04T10:10:00Z');

function job(overrides: Partial<BackendJob>): BackendJob {
  return {
    ref: { backend: 'kumo', id: 'bp-job-1' },
    kind: 'batch_prediction',
    status: 'RUNNING',
    createdAt: '2024-03-04T10:00:00Z',
    eventLog: [],
    tags: {},
    ...overrides,
  };
}

describe('Kumo jobs in the Jobs sidebar', () => {
  it('a running job shows its status, progress, duration and age, and can be cancelled', () => {
    const row = kumoJobRow(
      job({
        startedAt: '2024-03-04T10:01:00Z',
        progress: { completed: 1, total: 4 },
        name: 'churn',
        trackingUrl: 'https://acme.kumoai.cloud/jobs/bp-job-1',
        trainingJob: { backend: 'kumo', id: 'trainingjob-1' },
      }),
      NOW,
    );
    assert.equal(row.id, 'kumo:bp-job-1');
    assert.equal(row.label, 'churn · bp-job-1');
    assert.equal(row.description, 'RUNNING · 1/4 (25%) · 9 min 0 s · 10 min ago');
    assert.deepEqual(row.icon, { id: 'sync~spin' });
    assert.equal(row.contextValue, 'relgraph.kumoJob.active.tracked');
    assert.match(row.tooltip, /Model: kumo:trainingjob-1/);
  });

  it('a finished job shows how long it ran, a status icon with color, and no cancel', () => {
    const done = job({ status: 'DONE', startedAt: '2024-03-04T10:00:00Z', endedAt: '2024-03-04T10:00:42Z' });
    const row = kumoJobRow(done, NOW);
    assert.equal(row.description, 'DONE · 42.0 s · 10 min ago');
    assert.deepEqual(row.icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.equal(row.contextValue, 'relgraph.kumoJob.ended');
    assert.equal(kumoJobRow(job({ status: 'FAILED' }), NOW).icon.id, 'error');
    // Without any end instant, a finished job's duration is unknown rather than "still running".
    assert.equal(kumoJobDurationMs(job({ status: 'CANCELLED' }), NOW), undefined);
    assert.equal(kumoJobDurationMs(job({ status: 'QUEUED' }), NOW), undefined);
  });

  it('a DONE training job is a model: its context menu offers New Prediction Spec and New Inference Graph', () => {
    const trained = kumoJobRow(
      job({
        kind: 'training',
        status: 'DONE',
        ref: { backend: 'kumo', id: 'trainingjob-1' },
        trackingUrl: 'https://k/t',
      }),
      NOW,
    );
    assert.equal(trained.contextValue, 'relgraph.kumoJob.ended.trained.tracked');
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    const menu = manifest.contributes.menus['view/item/context'] as { command: string; when: string }[];
    /** The commands package.json shows on a Kumo view row with this context value (its `viewItem =~` clauses). */
    const offered = (contextValue: string) =>
      menu
        .filter((m) => m.when.startsWith(`view == ${KUMO_VIEW_ID} && viewItem =~ `))
        .filter((m) => {
          const [, source] = /viewItem =~ \/(.+)\/$/.exec(m.when)!;
          return new RegExp(source).test(contextValue);
        })
        .map((m) => m.command);
    for (const command of ['relgraph.prediction.create', 'relgraph.scaffold.inferenceGraph'])
      assert.ok(offered(trained.contextValue).includes(command), command);
    // Open in Kumo still finds the tracking URL after the new segment.
    assert.ok(offered(trained.contextValue).includes(KumoCommandIds.openInKumo));
    const failed = kumoJobRow(job({ kind: 'training', status: 'FAILED' }), NOW).contextValue;
    const prediction = kumoJobRow(job({ status: 'DONE' }), NOW).contextValue;
    for (const other of [failed, prediction])
      assert.ok(!offered(other).includes('relgraph.scaffold.inferenceGraph'), other);
  });

  it("the details say why a job failed with Kumo's validation, and link to Kumo", () => {
    const text = kumoJobDetailsMarkdown(
      job({
        status: 'FAILED',
        error: 'No rows to predict',
        trackingUrl: 'https://acme.kumoai.cloud/jobs/bp-job-1',
        validation: {
          errors: [{ title: 'No rows to predict', message: 'Every target is set.' }],
          warnings: [],
          info: [],
        },
        eventLog: [{ stage: 'Predicting', at: '2024-03-04T10:02:00Z' }],
      }),
      NOW,
    );
    assert.match(text, /^# Batch prediction job kumo:bp-job-1\n/);
    assert.match(text, /- \*\*Status:\*\* FAILED/);
    assert.match(text, /## Errors\n\n- \*\*No rows to predict\*\*: Every target is set\./);
    assert.match(text, /<https:\/\/acme\.kumoai\.cloud\/jobs\/bp-job-1>/);
    assert.match(text, /## Events\n\n- 2024-03-04T10:02:00Z Predicting/);
  });

  it('tells a spec of a Kumo model from a local one by its top-level training_job', () => {
    assert.deepEqual(kumoTrainingJob('kind: prediction\ntraining_job: kumo:trainingjob-1\n'), {
      ref: 'kumo:trainingjob-1',
      line: 1,
    });
    assert.deepEqual(kumoTrainingJob("kind: prediction\ntraining_job: 'kumo:tj-2' # note\n")?.ref, 'kumo:tj-2');
    assert.equal(kumoTrainingJob('training_job: churn.training.yaml\n'), undefined);
    assert.equal(kumoTrainingJob('  training_job: kumo:nested\n'), undefined);
    assert.equal(kumoTrainingJob('training_job: kumo:bad/id\n'), undefined);
  });

  it('package.json contributes the Kumo view, its welcome with Connect, and every Kumo command', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    const contributes = manifest.contributes;
    assert.ok(contributes.views.relgraph.some((v: { id: string }) => v.id === KUMO_VIEW_ID));
    const welcome = contributes.viewsWelcome.find(
      (w: { view: string; when: string }) => w.view === KUMO_VIEW_ID && w.when === `!${KUMO_CONNECTED_CONTEXT}`,
    );
    assert.match(welcome.contents, /\[Connect to Kumo\]\(command:relgraph\.kumo\.connect\)/);
    const commands = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const id of [...Object.values(KumoCommandIds), 'relgraph.kumo.pullTrainingGraph'])
      assert.ok(commands.has(id), `${id} is contributed`);
    // The key is never a setting.
    assert.ok(!JSON.stringify(contributes.configuration).match(/apiKey|api_key|KUMO_API_KEY/i));
  });
});
