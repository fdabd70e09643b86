import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, Hover } from 'vscode-languageserver';
import type { RunDataChecksResult, SpecInfoResult } from '../../../protocol/lspExtensions';
import { codes, LspTestClient } from './lspTestClient';
import { ITEMS_CSV, ORDERS_CSV, SHOP_FILES, USERS_CSV } from './shopWorkspace';

const VS_CODE_COMMANDS = [
  'relgraph.data.validate',
  'relgraph.prediction.run',
  'relgraph.training.run',
  'relgraph.graph.show',
  'relgraph.data.allowOutsideWorkspace',
];

/** A folder next to the workspace (never inside it): what a hostile spec would point at. */
let outside: string;
before(() => {
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-outside-'));
  fs.writeFileSync(path.join(outside, 'users.csv'), USERS_CSV);
  fs.writeFileSync(path.join(outside, 'elsewhere.graph.yaml'), SHOP_FILES['shop.graph.yaml']);
});
after(() => fs.rmSync(outside, { recursive: true, force: true }));

const dataDiagnostics = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.source === 'relgraph-data');

describe('Restricted Mode (initializationOptions.trusted: false)', () => {
  let client: LspTestClient;
  afterEach(() => client?.dispose());

  it('runs the static checks, but no data check, no hover read and no job lens', async () => {
    client = await LspTestClient.start({
      files: SHOP_FILES,
      settings: { dataChecks: { delayMs: 10 } },
      initializationOptions: { clientCommands: VS_CODE_COMMANDS, trusted: false },
    });
    client.open('shop.graph.yaml');
    const holdout = client.open('holdout.graph.yaml');
    const prediction = client.open('churn.prediction.yaml');
    const diagnostics = await client.waitForDiagnostics(holdout, (d) => codes(d).includes('table-not-in-training'));
    await client.waitFor(() => client.statuses.some((s) => s.dataChecks === 'restricted'));

    const run = await client.request<RunDataChecksResult>('relgraph/runDataChecks', { v: 1, uri: holdout });
    assert.equal(run.started, false);
    assert.match(run.reason!, /not trusted \(Restricted Mode\)/);
    assert.deepEqual(dataDiagnostics(diagnostics), []);

    const info = await client.request<SpecInfoResult>('relgraph/specInfo', { v: 1, uri: prediction });
    assert.deepEqual(info.dataChecks, { state: 'restricted' });
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: prediction } });
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(!titles.some((t) => /Run batch prediction/.test(t ?? '')), `no run lens: ${titles}`);
    assert.ok(
      titles.some((t) => /Restricted Mode/.test(t ?? '')),
      `${titles}`,
    );

    const graph = client.uri('shop.graph.yaml');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: graph },
      position: { line: 2, character: 4 },
    });
    const text = JSON.stringify(hover?.contents ?? '');
    assert.ok(!/\d+ rows/.test(text), `the hover read no data: ${text}`);
  });

  it('reads no spec outside the workspace folders until the workspace is trusted', async () => {
    client = await LspTestClient.start({
      files: {
        ...SHOP_FILES,
        'far.training.yaml': `kind: training\ngraph: ${path.join(outside, 'elsewhere.graph.yaml')}\nquery: PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id\n`,
      },
      settings: { dataChecks: { enabled: false } },
      initializationOptions: { trusted: false },
    });
    const far = client.open('far.training.yaml');
    const restricted = await client.waitForDiagnostics(far, (d) => d.length > 0);
    assert.deepEqual(codes(restricted), ['file-not-found']);
    void client.connection.sendNotification('relgraph/didChangeTrust', { v: 1, trusted: true });
    await client.waitForDiagnostics(far, (d) => d.length === 0);
  });
});

describe('data checks read only inside the workspace folder', () => {
  let client: LspTestClient;
  afterEach(() => client?.dispose());

  const files = {
    'data/orders.csv': ORDERS_CSV,
    'data/items.csv': ITEMS_CSV,
    'shop.graph.yaml': SHOP_FILES['shop.graph.yaml'].replace('data/users.csv', path.join(outside, 'users.csv')),
  };

  it('reports source-outside-workspace on the source line, with a quick fix that allows the folder', async () => {
    client = await LspTestClient.start({
      files,
      settings: { dataChecks: { delayMs: 10 } },
      initializationOptions: { clientCommands: VS_CODE_COMMANDS },
    });
    const graph = client.open('shop.graph.yaml');
    const diagnostics = await client.waitForDiagnostics(graph, (d) => codes(d).includes('source-outside-workspace'));
    const refused = diagnostics.find((d) => d.code === 'source-outside-workspace')!;
    assert.equal(refused.range.start.line, 3, 'on the `source:` of users');
    assert.equal(refused.severity, 2);
    assert.match(String(refused.message), /lies outside .* did not read it/);
    assert.match(String(refused.message), /relgraph\.data\.allowOutsideWorkspace/);
    assert.deepEqual(
      dataDiagnostics(diagnostics).map((d) => d.code),
      ['source-outside-workspace'],
      'the other tables are read and clean',
    );
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: graph },
      range: refused.range,
      context: { diagnostics: [refused] },
    });
    const allow = actions.find((a) => a.command?.command === 'relgraph.data.allowOutsideWorkspace');
    assert.ok(allow, `actions: ${actions.map((a) => a.title)}`);
    assert.deepEqual(allow.command!.arguments, [client.root]);

    // The user allows the folder (the user setting the quick fix writes): the source is read.
    client.setSettings({ dataChecks: { delayMs: 10 }, data: { allowOutsideWorkspace: [client.root] } });
    const allowed = await client.waitForDiagnostics(
      graph,
      (d) => !codes(d).includes('source-outside-workspace') && d.some((x) => x.source === 'relgraph-data'),
    );
    assert.ok(!codes(allowed).includes('source-outside-workspace'));
  });

  it('follows symlinks: a link in the workspace to a file elsewhere is outside too', async () => {
    client = await LspTestClient.start({
      files: { ...files, 'shop.graph.yaml': SHOP_FILES['shop.graph.yaml'] },
      settings: { dataChecks: { delayMs: 10 } },
    });
    fs.symlinkSync(path.join(outside, 'users.csv'), client.path('data/users.csv'));
    const graph = client.open('shop.graph.yaml');
    const diagnostics = await client.waitForDiagnostics(graph, (d) => codes(d).includes('source-outside-workspace'));
    assert.equal(diagnostics.find((d) => d.code === 'source-outside-workspace')!.range.start.line, 3);
  });
});
