import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, DocumentSymbol, FoldingRange } from 'vscode-languageserver';
import type { GraphModelResult, RunDataChecksResult, SpecInfoResult } from '../../../protocol/lspExtensions';
import { LspTestClient } from './lspTestClient';
import { SHOP_FILES } from './shopWorkspace';

const VS_CODE_COMMANDS = [
  'relgraph.data.validate',
  'relgraph.prediction.run',
  'relgraph.training.run',
  'relgraph.graph.show',
  'relgraph.kumo.pullTrainingGraph',
  'relgraph.kumo.openScript',
];

describe('outline, lenses and the relgraph/* protocol', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({
      files: SHOP_FILES,
      settings: { dataChecks: { delayMs: 10 } },
      initializationOptions: { clientCommands: VS_CODE_COMMANDS },
    });
    for (const name of ['shop.graph.yaml', 'holdout.graph.yaml', 'churn.training.yaml', 'churn.prediction.yaml'])
      client.open(name);
    await client.waitForDiagnostics(client.uri('holdout.graph.yaml'), (d) =>
      d.some((x) => x.code === 'table-not-in-training'),
    );
  });
  after(() => client.dispose());

  it('outlines tables with their key columns, and edges', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri: client.uri('shop.graph.yaml') },
    });
    const tables = symbols.find((s) => s.name === 'tables')!;
    assert.deepEqual(
      tables.children!.map((t) => t.name),
      ['users', 'orders', 'items'],
    );
    assert.deepEqual(
      tables.children![0].children!.map((c) => `${c.name} (${c.detail})`),
      ['user_id (primary key)', 'signup (time column)'],
    );
    assert.deepEqual(
      symbols.find((s) => s.name === 'edges')!.children!.map((e) => e.name),
      ['orders.user_id -> users', 'orders.item_id -> items'],
    );
  });

  it('folds tables, the edge list and block-scalar queries', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri: client.uri('shop.graph.yaml') },
    });
    const spans = ranges.map((r) => `${r.startLine}-${r.endLine}`);
    for (const expected of ['1-12', '2-5', '13-15']) assert.ok(spans.includes(expected), `${expected} in ${spans}`);
    const query = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri: client.uri('churn.training.yaml') },
    });
    assert.ok(
      query.some((r) => r.startLine === 2 && r.endLine === 4),
      'query: >- spans lines 3-5',
    );
  });

  it('offers run, validate-data and graph lenses to a client that implements them', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: client.uri('churn.prediction.yaml') },
    });
    assert.deepEqual(
      lenses.map((l) => l.command?.command),
      ['relgraph.prediction.run', 'relgraph.data.validate', 'relgraph.graph.show'],
    );
    assert.deepEqual(lenses[0].command?.arguments, [client.uri('churn.prediction.yaml')]);
    const training = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: client.uri('churn.training.yaml') },
    });
    assert.equal(training[0].command?.command, 'relgraph.training.run');
  });

  it('a prediction spec of a Kumo model runs on Kumo, with "Fetch training graph" on its training_job line', async () => {
    const text = [
      '# a model trained on Kumo',
      'kind: prediction',
      'training_job: kumo:trainingjob-1  # churn',
      '',
    ].join('\n');
    client.write('kumo.prediction.yaml', text);
    const uri = client.open('kumo.prediction.yaml');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses[0].command?.title, '▶ Run batch prediction on Kumo');
    const pull = lenses.find((l) => l.command?.command === 'relgraph.kumo.pullTrainingGraph');
    assert.ok(pull, `lenses: ${lenses.map((l) => l.command?.title)}`);
    assert.equal(pull.command?.title, 'Fetch training graph');
    assert.equal(pull.range.start.line, 2);
    assert.deepEqual(pull.command?.arguments, [uri, 'kumo:trainingjob-1']);
    // A local model: no Kumo lens, and the run lens says nothing of Kumo.
    const local = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: client.uri('churn.prediction.yaml') },
    });
    assert.equal(local[0].command?.title, '▶ Run batch prediction');
    assert.ok(!local.some((l) => l.command?.command === 'relgraph.kumo.pullTrainingGraph'));
    // On the training graph itself Kumo's REST API runs it: there is no SDK script to open.
    assert.ok(!lenses.some((l) => l.command?.command === 'relgraph.kumo.openScript'));
  });

  it('a Kumo prediction on another graph offers "Open SDK script", the script its run sends', async () => {
    const text = ['kind: prediction', 'training_job: kumo:trainingjob-1', 'graph: holdout.graph.yaml', ''].join('\n');
    client.write('kumo-other.prediction.yaml', text);
    const uri = client.open('kumo-other.prediction.yaml');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const script = lenses.find((l) => l.command?.command === 'relgraph.kumo.openScript');
    assert.ok(script, `lenses: ${lenses.map((l) => l.command?.title)}`);
    assert.equal(script.command?.title, 'Open SDK script');
    assert.deepEqual(script.command?.arguments, [uri]);
  });

  it('answers relgraph/specInfo with the pairing and the task type', async () => {
    const prediction = await client.request<SpecInfoResult>('relgraph/specInfo', {
      v: 1,
      uri: client.uri('churn.prediction.yaml'),
    });
    assert.equal(prediction.v, 1);
    assert.equal(prediction.kind, 'prediction');
    assert.equal(prediction.trainingSpecPath, client.path('churn.training.yaml'));
    assert.equal(prediction.graphPath, client.path('holdout.graph.yaml'));
    assert.equal(prediction.taskType, 'binary_classification');
    assert.equal(prediction.errors, 1, 'threshold-required');
    const inference = await client.request<SpecInfoResult>('relgraph/specInfo', {
      v: 1,
      uri: client.uri('holdout.graph.yaml'),
    });
    assert.equal(inference.trainingSpecPath, client.path('churn.training.yaml'));
    // A Kumo model: its id without the prefix, and the backend that says so (New Inference Graph's quick fix).
    const kumo = await client.request<SpecInfoResult>('relgraph/specInfo', {
      v: 1,
      uri: client.uri('kumo-other.prediction.yaml'),
    });
    assert.deepEqual([kumo.trainingJobId, kumo.trainingJobBackend], ['trainingjob-1', 'kumo']);
  });

  it('answers relgraph/graphModel with tables, edges, training membership and problems', async () => {
    const model = await client.request<GraphModelResult>('relgraph/graphModel', {
      v: 1,
      uri: client.uri('churn.prediction.yaml'),
    });
    assert.deepEqual(
      model.tables.map((t) => [t.name, t.inTraining]),
      [
        ['users', true],
        ['order', false],
      ],
    );
    assert.deepEqual(model.missingTrainingTables, ['orders', 'items']);
    assert.equal(model.tables[1].uri, client.uri('holdout.graph.yaml'));
    assert.deepEqual(
      model.tables[1].problems.map((p) => p.code),
      ['table-not-in-training'],
    );
    assert.deepEqual(
      model.edges.map((e) => `${e.srcTable}.${e.fkey}->${e.dstTable}`),
      ['order.user_id->users'],
    );
  });

  it('runs the data checks of a document on relgraph/runDataChecks', async () => {
    const result = await client.request<RunDataChecksResult>('relgraph/runDataChecks', {
      v: 1,
      uri: client.uri('holdout.graph.yaml'),
    });
    assert.equal(result.started, true);
    assert.ok((result.diagnostics ?? 0) >= 1, 'the dangling order.user_id');
    const refused = await client.request<RunDataChecksResult>('relgraph/runDataChecks', {
      v: 1,
      uri: client.uri('data/users.csv'),
    });
    assert.equal(refused.started, false);
  });
});

describe('code lenses for editors without the VS Code client', () => {
  it('offer only what the server itself can run', async () => {
    const client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { enabled: false } } });
    try {
      const uri = client.open('churn.prediction.yaml');
      // The settings arrive through a workspace/configuration round trip after `initialized`.
      let lenses: CodeLens[] = [];
      for (let attempt = 0; attempt < 50 && !/data checks are off/.test(lenses[0]?.command?.title ?? ''); attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
        lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      }
      assert.match(lenses[0].command!.title, /data checks are off/);
      assert.deepEqual(
        lenses.map((l) => l.command?.command),
        ['relgraph.data.validate'],
      );
    } finally {
      await client.dispose();
    }
  });
});
