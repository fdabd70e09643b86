import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic } from 'vscode-languageserver';
import { LspTestClient } from './lspTestClient';
import { CHURN_PREDICTION, SHOP_FILES } from './shopWorkspace';

const COMMAND = 'relgraph.scaffold.inferenceGraph';
/** The prediction spec with its `graph:` naming a file that does not exist. */
const PREDICTION_MISSING_GRAPH = CHURN_PREDICTION.replace('graph: holdout.graph.yaml', 'graph: new/may.graph.yaml');

/** A prediction on the training graph itself: no `graph:` at all. */
const PREDICTION_ON_TRAINING_GRAPH = CHURN_PREDICTION.replace('graph: holdout.graph.yaml\n', '');

/**
 * Where the language server offers "New Inference Graph from Training": a code lens on a training spec,
 * a quick fix on a prediction spec whose graph file does not exist and a refactoring on one without `graph:`, only to a client that implements the
 * command, and never in Restricted Mode (matching reads data).
 */
describe('New Inference Graph from Training: lens and quick fix', () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  async function start(clientCommands: string[], trusted = true): Promise<LspTestClient> {
    return LspTestClient.start({
      files: {
        ...SHOP_FILES,
        'may.prediction.yaml': PREDICTION_MISSING_GRAPH,
        'same.prediction.yaml': PREDICTION_ON_TRAINING_GRAPH,
        'kumo.prediction.yaml': 'kind: prediction\ntraining_job: kumo:trainingjob-1\n',
      },
      settings: { dataChecks: { enabled: false } },
      initializationOptions: { clientCommands, ...(trusted ? {} : { trusted: false }) },
    });
  }

  const lensCommands = async (c: LspTestClient, name: string) =>
    (await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: c.uri(name) } })).map(
      (l) => l.command?.command,
    );

  async function graphFixes(c: LspTestClient): Promise<CodeAction[]> {
    const uri = c.open('may.prediction.yaml');
    const diagnostics = await c.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'file-not-found'));
    const missing = diagnostics.filter((d: Diagnostic) => d.code === 'file-not-found');
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: missing[0].range,
      context: { diagnostics: missing },
    });
    return actions.filter((a) => a.command?.command === COMMAND);
  }

  it('offers a lens on a training spec, with its URI', async () => {
    client = await start([COMMAND]);
    client.open('churn.training.yaml');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', {
      textDocument: { uri: client.uri('churn.training.yaml') },
    });
    const lens = lenses.find((l) => l.command?.command === COMMAND);
    assert.equal(lens?.command?.title, 'New inference graph…');
    assert.deepEqual(lens?.command?.arguments, [client.uri('churn.training.yaml')]);
    client.open('churn.prediction.yaml');
    assert.ok(!(await lensCommands(client, 'churn.prediction.yaml')).includes(COMMAND), 'training specs only');
  });

  it('offers a quick fix creating the missing graph file the prediction spec names', async () => {
    client = await start([COMMAND]);
    const [fix, ...rest] = await graphFixes(client);
    assert.deepEqual(rest, []);
    assert.equal(fix.title, 'Create may.graph.yaml from the training graph…');
    assert.deepEqual(fix.command?.arguments, [client.uri('may.prediction.yaml'), client.path('new/may.graph.yaml')]);
  });

  async function refactorings(c: LspTestClient, name: string, line: number): Promise<CodeAction[]> {
    const uri = c.open(name);
    const at = { line, character: 0 };
    const actions = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [], only: ['refactor'] },
    });
    return actions.filter((a) => a.command?.command === COMMAND);
  }

  it('offers a refactoring on a prediction spec without graph: (on its kind and training_job lines only)', async () => {
    client = await start([COMMAND]);
    const [action, ...rest] = await refactorings(client, 'same.prediction.yaml', 1);
    assert.deepEqual(rest, []);
    assert.equal(action.kind, 'refactor.rewrite');
    assert.equal(action.title, 'Predict on new files: create an inference graph from the training graph…');
    assert.deepEqual(action.command?.arguments, [client.uri('same.prediction.yaml')]);
    assert.equal((await refactorings(client, 'same.prediction.yaml', 0)).length, 1, 'on the kind: line too');
    assert.deepEqual(await refactorings(client, 'same.prediction.yaml', 2), [], 'not on other lines');
    assert.deepEqual(await refactorings(client, 'may.prediction.yaml', 1), [], 'a spec with graph: has its fix');
    assert.deepEqual(await refactorings(client, 'kumo.prediction.yaml', 1), [], 'a Kumo model: connectors');
  });

  it('offers neither to a client without the command, nor in Restricted Mode', async () => {
    client = await start([]);
    client.open('churn.training.yaml');
    assert.ok(!(await lensCommands(client, 'churn.training.yaml')).includes(COMMAND));
    assert.deepEqual(await graphFixes(client), []);
    assert.deepEqual(await refactorings(client, 'same.prediction.yaml', 1), []);
    await client.dispose();
    client = await start([COMMAND], false);
    client.open('churn.training.yaml');
    assert.ok(!(await lensCommands(client, 'churn.training.yaml')).includes(COMMAND));
    assert.deepEqual(await graphFixes(client), []);
    assert.deepEqual(await refactorings(client, 'same.prediction.yaml', 1), []);
  });
});
