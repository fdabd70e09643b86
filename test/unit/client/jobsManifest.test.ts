import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { jobChildRows, jobContextValue } from '../../../client/jobs/jobPresentation';
import { RelgraphCommands } from '../../../protocol/commands';
import { JOBS_LOADED_CONTEXT, JOBS_VIEW_ID, JobsCommandIds } from '../../../client/jobs/jobsCommandIds';
import type { JobRecord } from '../../../core/jobs/JobRecord';
import { loadedJob, runningRecord } from './jobFixtures';

const REPO = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

/** Evaluates the `when` clauses the jobs menus use: ==, =~ /re/, &&, || and parentheses. */
function when(clause: string, context: Record<string, string>): boolean {
  const tokens = clause.match(/\(|\)|&&|\|\||==|=~|\/(?:\\.|[^/])+\/|[A-Za-z0-9_.]+/g)!;
  let i = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[i] === '||') {
      i++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = term();
    while (tokens[i] === '&&') {
      i++;
      value = term() && value;
    }
    return value;
  };
  const term = (): boolean => {
    if (tokens[i] === '(') {
      i++;
      const value = or();
      i++; // ')'
      return value;
    }
    const key = tokens[i++];
    const op = tokens[i++];
    const operand = tokens[i++];
    if (op === '==') return context[key] === operand;
    if (op === '=~') return new RegExp(operand.slice(1, -1)).test(context[key] ?? '');
    throw new Error(`unsupported when clause: ${clause}`);
  };
  const value = or();
  assert.equal(i, tokens.length, `unparsed rest of ${clause}`);
  return value;
}

/** The item commands offered (inline or in the context menu) on a row with this context value. */
function offered(viewItem: string): Set<string> {
  return new Set(
    (contributes.menus['view/item/context'] as { command: string; when: string }[])
      .filter((m) => when(m.when, { view: JOBS_VIEW_ID, viewItem }))
      .map((m) => m.command),
  );
}

const job = (overrides: Partial<JobRecord>, cancelling = false) => jobContextValue(loadedJob(overrides, cancelling));
const TRAINING = 'trainingjob-20240131-142501-3fa9c2';

describe('jobs contributions in package.json', () => {
  it('contributes every jobs command, in the Relgraph category, each activating the extension', () => {
    const commands = contributes.commands as { command: string; category: string; title: string }[];
    for (const id of Object.values(JobsCommandIds)) {
      const command = commands.find((c) => c.command === id);
      assert.ok(command, `${id} is not contributed`);
      assert.equal(command.category, 'Relgraph');
      assert.ok(manifest.activationEvents.includes(`onCommand:${id}`), id);
    }
    assert.ok(manifest.activationEvents.includes(`onView:${JOBS_VIEW_ID}`));
  });

  it('puts the Jobs view in a Relgraph activity bar container with an icon that exists', () => {
    const container = contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === 'relgraph');
    assert.ok(container);
    assert.ok(fs.existsSync(path.join(REPO, container.icon)), container.icon);
    assert.deepEqual(
      contributes.views.relgraph.map((v: { id: string }) => v.id),
      [JOBS_VIEW_ID, 'relgraph.kumoJobs'],
    );
    const welcome = contributes.viewsWelcome.filter((w: { view: string }) => w.view === JOBS_VIEW_ID);
    assert.deepEqual(
      welcome.map((w: { when: string }) => w.when),
      [JOBS_LOADED_CONTEXT, `!${JOBS_LOADED_CONTEXT}`],
    );
    const known = new Set<string>([...Object.values(JobsCommandIds), ...Object.values(RelgraphCommands)]);
    for (const link of welcome[0].contents.match(/command:[a-z.]+/g)) {
      assert.ok(known.has(link.slice('command:'.length)), link);
    }
    assert.ok(welcome[0].contents.includes('[Train a Model](command:relgraph.training.run)'));
    // Welcome text renders links only: backticks would show as they are.
    assert.ok(!welcome[0].contents.includes('`'), welcome[0].contents);
  });

  it('references only contributed commands in its menus', () => {
    const ids = new Set((contributes.commands as { command: string }[]).map((c) => c.command));
    for (const [menu, entries] of Object.entries(contributes.menus) as [string, { command: string }[]][]) {
      for (const entry of entries) assert.ok(ids.has(entry.command), `${menu}: ${entry.command}`);
    }
  });

  it('offers cancel on queued and running jobs only, and never twice on one being cancelled', () => {
    assert.ok(offered(job({ status: 'QUEUED' })).has(JobsCommandIds.cancel));
    assert.ok(offered(job(runningRecord())).has(JobsCommandIds.cancel));
    assert.ok(offered(job({ id: TRAINING, ...runningRecord() })).has(JobsCommandIds.cancel));
    for (const status of ['DONE', 'FAILED', 'CANCELLED'] as const) {
      assert.ok(!offered(job({ status })).has(JobsCommandIds.cancel), status);
    }
    assert.ok(!offered(job(runningRecord(), true)).has(JobsCommandIds.cancel));
  });

  it('offers the prediction preview on finished predictions and their outputs only', () => {
    assert.ok(offered(job({ status: 'DONE' })).has(JobsCommandIds.previewPredictions));
    assert.ok(!offered(job({ status: 'FAILED' })).has(JobsCommandIds.previewPredictions));
    assert.ok(!offered(job({ id: TRAINING })).has(JobsCommandIds.previewPredictions));
    const artifact = { type: 'predictions', format: 'csv' as const, path: '/o.csv', files: ['/o.csv'] };
    const outputs = (overrides: Partial<JobRecord>) =>
      jobChildRows(loadedJob({ artifacts: [artifact], ...overrides }), 0).find((r) => r.label === 'Outputs')!
        .children![0].contextValue;
    assert.ok(offered(outputs({})).has(JobsCommandIds.previewPredictions));
    assert.ok(offered(outputs({})).has(JobsCommandIds.openOutput));
    assert.ok(!offered(outputs(runningRecord())).has(JobsCommandIds.previewPredictions));
    assert.ok(offered(outputs(runningRecord())).has(JobsCommandIds.openOutput));
  });

  it('offers logs and details on every job, re-run on ended ones, a new spec on finished models', () => {
    for (const overrides of [
      { status: 'QUEUED' as const },
      runningRecord(),
      { status: 'DONE' as const },
      { id: TRAINING },
    ]) {
      const commands = offered(job(overrides));
      assert.ok(commands.has(JobsCommandIds.showLogs) && commands.has(JobsCommandIds.showDetails));
    }
    assert.ok(offered(job({ status: 'FAILED' })).has(JobsCommandIds.rerun));
    assert.ok(!offered(job(runningRecord())).has(JobsCommandIds.rerun));
    assert.ok(offered(job({ id: TRAINING })).has(JobsCommandIds.createPredictionSpec));
    assert.ok(!offered(job({ id: TRAINING, status: 'FAILED' })).has(JobsCommandIds.createPredictionSpec));
    assert.deepEqual([...offered('relgraph.jobStage')], [], 'stage rows have no actions');
  });
});
