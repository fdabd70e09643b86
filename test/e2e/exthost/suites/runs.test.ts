// Runs from the editor: a run saves only the spec it runs (never other editors), refuses a spec with errors, and
// a prediction whose training spec was never trained gets model-not-trained with a "Train now" quick fix that
// trains it. Real CLI runs in the installed extension (its bin/relgraph.js), in the f1 workspace copy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  codeOf,
  describe,
  errorsOf,
  openSpec,
  replaceInDocument,
  waitForDiagnostics,
  withCode,
  workspaceUri,
} from './helpers';

const PREDICTION = 'driver-dnf-2010.prediction.yaml';
const TRAINING = 'driver-dnf.training.yaml';
const UNRELATED_GRAPH = 'broken-holdout.graph.yaml';

/** Resolves once `condition()` holds, polling (job records are files written by another process). */
async function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The records in the workspace's job store of jobs run from `spec`. */
function recordsOf(spec: string): { id: string; kind: string; status: string }[] {
  const jobs = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.relgraph', 'jobs');
  if (!fs.existsSync(jobs)) return [];
  return fs
    .readdirSync(jobs)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(fs.readFileSync(path.join(jobs, name), 'utf8')))
    .filter((record) => record.spec?.path === spec);
}

function terminalNamed(name: string): Promise<vscode.Terminal> {
  const existing = vscode.window.terminals.find((t) => t.name === name);
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve) => {
    const subscription = vscode.window.onDidOpenTerminal((terminal) => {
      if (terminal.name !== name) return;
      subscription.dispose();
      resolve(terminal);
    });
  });
}

suite('runs from the editor', () => {
  let graph: vscode.TextDocument;
  let spec: vscode.TextDocument;
  let graphOnDisk: string;

  suiteTeardown(async () => {
    for (const terminal of vscode.window.terminals) terminal.dispose();
    if (graph?.isDirty) {
      await vscode.window.showTextDocument(graph);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a spec with errors is not run, nor saved', async () => {
    spec = (await openSpec(PREDICTION)).document;
    await replaceInDocument(spec, 'training_job: driver-dnf.training.yaml', 'training_job: driver-dnff.training.yaml');
    await waitForDiagnostics(spec.uri, withCode('file-not-found'), 'file-not-found on the misspelt training spec');
    const terminals = vscode.window.terminals.length;
    await vscode.commands.executeCommand('relgraph.prediction.run', spec.uri);
    assert.equal(spec.isDirty, true, 'a refused spec is not saved');
    assert.ok(fs.readFileSync(spec.uri.fsPath, 'utf8').includes('training_job: driver-dnf.training.yaml'));
    assert.equal(vscode.window.terminals.length, terminals, 'no run started');
    assert.deepEqual(recordsOf(spec.uri.fsPath), []);
    await replaceInDocument(spec, 'driver-dnff.training.yaml', 'driver-dnf.training.yaml');
  });

  test('running a prediction saves its spec only: a dirty, broken graph file stays unsaved', async () => {
    const graphUri = workspaceUri(UNRELATED_GRAPH);
    graphOnDisk = fs.readFileSync(graphUri.fsPath, 'utf8');
    graph = await vscode.workspace.openTextDocument(graphUri);
    await vscode.window.showTextDocument(graph, { preview: false });
    await replaceInDocument(graph, 'tables:', 'tables: [half typed');
    await waitForDiagnostics(graph.uri, withCode('yaml-syntax'), 'yaml-syntax in the half-typed graph');
    spec = (await openSpec(PREDICTION)).document;
    await replaceInDocument(spec, '# Scores', '# Run from the editor. Scores');
    await waitForDiagnostics(spec.uri, (d) => errorsOf(d).length === 0, 'no errors in the prediction spec');
    const terminal = terminalNamed(`Relgraph: predict ${PREDICTION}`);
    await vscode.commands.executeCommand('relgraph.prediction.run', spec.uri);
    await terminal;
    assert.equal(spec.isDirty, false, 'the spec being run is saved');
    assert.ok(fs.readFileSync(spec.uri.fsPath, 'utf8').startsWith('# Run from the editor. Scores'));
    assert.equal(graph.isDirty, true, `${UNRELATED_GRAPH} was saved by the run`);
    assert.equal(fs.readFileSync(graphUri.fsPath, 'utf8'), graphOnDisk, `${UNRELATED_GRAPH} changed on disk`);
    // The run is real: the CLI creates a job of the spec (which fails: nothing was trained in this workspace).
    await waitUntil(
      () => recordsOf(spec.uri.fsPath).some((r) => r.kind === 'batch_prediction' && r.status === 'FAILED'),
      'the FAILED batch prediction job of the run',
      120_000,
    );
    assert.equal(graph.isDirty, true);
  });

  test('the prediction is then told its model is not trained; "Train now" trains it and the information goes', async function () {
    this.timeout(420_000);
    // The run created the workspace's job store, so the server now knows driver-dnf was never trained here.
    const [untrained] = (await waitForDiagnostics(spec.uri, withCode('model-not-trained'), 'model-not-trained')).filter(
      (d) => codeOf(d) === 'model-not-trained',
    );
    assert.equal(untrained.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(spec.getText(untrained.range), TRAINING);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      spec.uri,
      untrained.range,
    );
    const train = actions.find((a) => a.title.startsWith('Train now'));
    assert.ok(train?.command, `code actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(train.command.command, 'relgraph.training.run');
    const terminal = terminalNamed(`Relgraph: train ${TRAINING}`);
    await vscode.commands.executeCommand(train.command.command, ...(train.command.arguments ?? []));
    await terminal;
    const trainingSpec = workspaceUri(TRAINING).fsPath;
    await waitUntil(
      () => recordsOf(trainingSpec).some((r) => r.kind === 'training' && ['DONE', 'FAILED'].includes(r.status)),
      'the training job to end',
      360_000,
    );
    assert.deepEqual(
      recordsOf(trainingSpec).map((r) => r.status),
      ['DONE'],
    );
    await waitForDiagnostics(spec.uri, (d) => !withCode('model-not-trained')(d), 'model-not-trained to go');
    assert.equal(
      graph.isDirty,
      true,
      `${UNRELATED_GRAPH} is still unsaved: ${describe(vscode.languages.getDiagnostics(graph.uri))}`,
    );
  });
});
