import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type {
  ScaffoldPlanParams,
  ScaffoldPlanResult,
  ScaffoldRenderParams,
  ScaffoldRenderResult,
} from '../../../protocol/scaffold';
import { runCliIn } from '../../helpers/runCliIn';
import { LspTestClient } from './lspTestClient';

/**
 * The editor's "New Inference Graph from Training" requests over real LSP, on a copy of the F1 example:
 * the plan and the text are what `relgraph scaffold inference-graph` computes and writes, the user's
 * corrections change exactly their tables, and nothing is read in Restricted Mode or outside the folder.
 */
const F1 = path.resolve(__dirname, '..', '..', '..', 'examples', 'f1');

/** A language server whose workspace holds a copy of examples/f1 (specs and the train and holdout data). */
async function f1Server(options: { trusted?: boolean } = {}): Promise<LspTestClient> {
  const client = await LspTestClient.start({
    initializationOptions: options.trusted === false ? { trusted: false } : {},
  });
  fs.cpSync(F1, client.path('f1'), { recursive: true, filter: (src) => !src.includes(`${path.sep}scripts`) });
  return client;
}

function params(client: LspTestClient, overrides: Partial<ScaffoldPlanParams> = {}): ScaffoldPlanParams {
  return {
    v: 1,
    model: { kind: 'spec', path: client.path('f1/driver-dnf.training.yaml') },
    dataFolder: client.path('f1/data/full'),
    outputPath: client.path('f1/driver-dnf-inference.graph.yaml'),
    ...overrides,
  };
}

describe('scaffold requests (language server)', () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    if (client) fs.rmSync(client.root, { recursive: true, force: true });
    await client?.dispose();
    client = undefined;
  });

  it('plans the F1 training graph on the holdout files: every table matched by its file name, no gaps', async () => {
    client = await f1Server();
    const plan = await client.request<ScaffoldPlanResult>('relgraph/scaffold/plan', params(client));
    assert.equal(plan.error, undefined);
    assert.match(plan.trainingLabel ?? '', /driver-dnf\.training\.yaml/);
    assert.equal(plan.tables.length, 10);
    for (const table of plan.tables) {
      assert.equal(table.status, 'matched', table.table);
      assert.equal(table.source, client.path(`f1/data/full/${table.table}.csv`));
      assert.equal(table.reason, 'same file name as the training source');
      assert.deepEqual(table.problems, []);
      assert.equal(table.candidates.length, 10, 'every holdout file is offered');
      assert.equal(table.candidates[0].path, table.source, 'the chosen file fits best');
      assert.deepEqual(table.candidates[0].missing, []);
    }
    const results = plan.tables.find((t) => t.table === 'results')!;
    assert.equal(results.candidates[0].label, 'data/full/results.csv');
    assert.ok(results.candidates.at(-1)!.missing.length > 0, 'a file of another table lacks the columns');
  });

  it('renders the same graph as relgraph scaffold inference-graph writes', async () => {
    client = await f1Server();
    const rendered = await client.request<ScaffoldRenderResult>('relgraph/scaffold/render', {
      ...params(client),
      choices: [],
    } satisfies ScaffoldRenderParams);
    assert.equal(rendered.error, undefined);
    const cli = await runCliIn(client.path('f1'), [
      'scaffold',
      'inference-graph',
      '--from',
      'driver-dnf.training.yaml',
      '--data',
      'data/full',
      '-o',
      'driver-dnf-inference.graph.yaml',
    ]);
    assert.equal(cli.code, 0, cli.stderr + cli.stdout);
    assert.equal(rendered.text, fs.readFileSync(client.path('f1/driver-dnf-inference.graph.yaml'), 'utf8'));
  });

  it("applies the user's corrections: another file for one table, an empty source for another", async () => {
    client = await f1Server();
    const rendered = await client.request<ScaffoldRenderResult>('relgraph/scaffold/render', {
      ...params(client),
      choices: [
        { table: 'drivers', source: client.path('f1/data/full/results.csv') },
        { table: 'status', source: null },
      ],
    } satisfies ScaffoldRenderParams);
    assert.equal(rendered.error, undefined);
    const drivers = rendered.tables.find((t) => t.table === 'drivers')!;
    assert.equal(drivers.source, client.path('f1/data/full/results.csv'));
    assert.match(drivers.reason, /^chosen: /);
    assert.ok(drivers.problems.length > 0, 'results.csv lacks the columns of drivers, and says so');
    const status = rendered.tables.find((t) => t.table === 'status')!;
    assert.equal(status.status, 'unmatched');
    assert.equal(status.source, undefined);
    assert.equal(status.reason, 'no source: left to fill in, as chosen');
    const races = rendered.tables.find((t) => t.table === 'races')!;
    assert.equal(races.reason, 'same file name as the training source', 'other tables keep their match');
    assert.match(rendered.text!, /drivers:[\s\S]*?source: data\/full\/results\.csv/);
    assert.doesNotMatch(rendered.text!, /source: data\/full\/status\.csv/);
  });

  it('refuses a file that is not in the data folder', async () => {
    client = await f1Server();
    const rendered = await client.request<ScaffoldRenderResult>('relgraph/scaffold/render', {
      ...params(client),
      choices: [{ table: 'drivers', source: client.path('f1/driver-dnf.training.yaml') }],
    } satisfies ScaffoldRenderParams);
    assert.match(rendered.error ?? '', /is not a data file of/);
    assert.equal(rendered.text, undefined);
  });

  it('reads nothing in Restricted Mode', async () => {
    client = await f1Server({ trusted: false });
    const plan = await client.request<ScaffoldPlanResult>('relgraph/scaffold/plan', params(client));
    assert.match(plan.error ?? '', /not trusted \(Restricted Mode\)/);
    assert.deepEqual(plan.tables, []);
  });

  it('reads no data folder outside the workspace folder, and says how to allow it', async () => {
    client = await f1Server();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-outside-'));
    try {
      fs.copyFileSync(client.path('f1/data/full/races.csv'), path.join(outside, 'races.csv'));
      const plan = await client.request<ScaffoldPlanResult>(
        'relgraph/scaffold/plan',
        params(client, { dataFolder: outside }),
      );
      assert.match(plan.error ?? '', /is outside the folder/);
      assert.match(plan.error ?? '', /relgraph\.data\.allowOutsideWorkspace/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
