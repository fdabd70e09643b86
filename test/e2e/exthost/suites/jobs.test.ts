// The Jobs feature against REAL jobs: the suite writes a small shop project into the workspace (shop/, with its own
// .relgraph/ job store), trains and predicts it with the real CLI (`node <repo>/bin/relgraph.js train|predict`), then
// drives the extension's job commands. The extension exports no API, so what its model knows is read through the
// documents and panels the commands open (the tree rows themselves are checked by test/e2e/ui/jobsView.test.mjs).
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  PREDICTION_NAME,
  SLOW_PREDICTION_NAME,
  SMALL_CUSTOMERS,
  TRAINING_NAME,
  runCli,
  writeShopWorkspace,
  writeSlowPrediction,
  type ShopPaths,
} from '../../lib/jobsWorkspace.mjs';
import { SERVER_TIMEOUT_MS } from './helpers';

const JOB_COMMANDS = [
  'relgraph.jobs.refresh',
  'relgraph.jobs.cancel',
  'relgraph.jobs.showLogs',
  'relgraph.jobs.showDetails',
  'relgraph.jobs.openOutput',
  'relgraph.jobs.previewPredictions',
  'relgraph.jobs.rerun',
  'relgraph.prediction.create',
];

interface Record {
  id: string;
  kind: string;
  status: string;
  spec: { name: string; path: string };
  error?: { message: string; stage?: string };
  artifacts: { type: string; path: string; files: string[]; rows?: number }[];
  scratchPaths?: string[];
  logPath: string;
}

/** The job records of the shop's store, read from disk (the engine's files, not the extension's view of them). */
function records(jobsDir: string): Record[] {
  if (!fs.existsSync(jobsDir)) return [];
  return fs
    .readdirSync(jobsDir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(jobsDir, f), 'utf8')) as Record);
}

function onlyJobOf(jobsDir: string, name: string): Record {
  const jobs = records(jobsDir).filter((r) => r.spec.name === name);
  assert.equal(jobs.length, 1, `jobs of ${name}: ${JSON.stringify(jobs.map((j) => [j.id, j.status]))}`);
  return jobs[0];
}

/** Polls `probe` (a file or the extension's state) until it gives a value; the timeout is a hang guard. */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The open tab with this label, once the tab model has it (event-driven; the timeout is a hang guard). */
function waitForTab(label: string, timeoutMs = SERVER_TIMEOUT_MS): Promise<vscode.Tab> {
  const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === label);
  return new Promise((resolve, reject) => {
    const found = find();
    if (found) return resolve(found);
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = find();
      if (!tab) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(tab);
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      reject(new Error(`timed out waiting for the tab '${label}'; tabs: ${JSON.stringify(labels)}`));
    }, timeoutMs);
  });
}

/** Runs a job command with a job id and returns the editor it opened (the command awaits showTextDocument). */
async function openJobDocument(command: string, id: string, extension: 'md' | 'log'): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand(command, id);
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, `${command} ${id} opened no editor`);
  assert.equal(editor.document.uri.scheme, 'relgraph-job', `${command} opened ${editor.document.uri.toString()}`);
  assert.equal(editor.document.uri.path, `/${id}.${extension}`);
  return editor;
}

/**
 * Job details open rendered, as a Markdown preview (a webview tab) of the virtual `relgraph-job:/<id>.md`
 * document: checks that tab, and returns the document it renders.
 */
async function openJobDetails(id: string): Promise<vscode.TextDocument> {
  await vscode.commands.executeCommand('relgraph.jobs.showDetails', id);
  const tab = await waitForTab(`Preview ${id}.md`);
  assert.ok(tab.input instanceof vscode.TabInputWebview, `tab input: ${JSON.stringify(tab.input)}`);
  assert.match(tab.input.viewType, /markdown\.preview/);
  // The preview opens the document it renders once its page loads.
  return until(`the details document of ${id}`, () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'relgraph-job' && d.uri.path === `/${id}.md`),
  );
}

suite('jobs (real training and prediction jobs)', () => {
  let repo: string;
  let workspace: string;
  let shop: ShopPaths;
  let training: Record;
  let prediction: Record;
  const children: ChildProcess[] = [];

  suiteSetup(async function () {
    this.timeout(180_000);
    const extension = vscode.extensions.getExtension('relgraph.relgraph');
    assert.ok(extension, 'extension relgraph.relgraph is not loaded');
    await extension.activate();
    repo = extension.extensionPath;
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // The real CLI, as a user runs it in a terminal: the jobs reach the extension through their records only.
    shop = writeShopWorkspace(workspace);
    await runCli(repo, ['train', shop.trainingSpec, '--quiet'], { cwd: shop.dir });
    await runCli(repo, ['predict', shop.predictionSpec, '--head', '0'], { cwd: shop.dir });
    training = onlyJobOf(shop.jobsDir, TRAINING_NAME);
    prediction = onlyJobOf(shop.jobsDir, PREDICTION_NAME);
    assert.equal(training.kind, 'training');
    assert.equal(training.status, 'DONE');
    assert.match(training.id, /^trainingjob-/);
    assert.equal(prediction.kind, 'batch_prediction');
    assert.equal(prediction.status, 'DONE');
    assert.match(prediction.id, /^bp-job-/);
    // The store did not exist when the extension started: Refresh searches the workspace again.
    await vscode.commands.executeCommand('relgraph.jobs.refresh');
  });

  suiteTeardown(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the jobs commands are registered, relgraph.prediction.create included', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const missing = JOB_COMMANDS.filter((c) => !commands.has(c));
    assert.deepEqual(missing, [], `not registered: ${missing.join(', ')}`);
  });

  test('relgraph.jobs.showDetails shows the training job: its id, DONE, and the model output', async () => {
    const document = await openJobDetails(training.id);
    const text = document.getText();
    assert.equal(document.languageId, 'markdown');
    assert.match(text, new RegExp(`^# ${TRAINING_NAME}: Training job$`, 'm'));
    assert.ok(text.includes(`| Job | \`${training.id}\` |`), text.slice(0, 800));
    assert.ok(text.includes('| Status | DONE |'), text.slice(0, 800));
    assert.match(text, /^## Metrics$/m);
    assert.match(text, /^\| model \| json \|/m);
  });

  test('relgraph.jobs.showDetails shows the prediction job: its id, DONE, every customer predicted', async () => {
    const text = (await openJobDetails(prediction.id)).getText();
    assert.match(text, new RegExp(`^# ${PREDICTION_NAME}: Batch prediction job$`, 'm'));
    assert.ok(text.includes(`| Job | \`${prediction.id}\` |`), text.slice(0, 800));
    assert.ok(text.includes('| Status | DONE |'), text.slice(0, 800));
    assert.ok(text.includes(`- entities predicted: ${SMALL_CUSTOMERS}`), text);
    assert.match(text, new RegExp(`^\\| predictions \\| csv \\| ${SMALL_CUSTOMERS} \\| `, 'm'));
  });

  test('relgraph.jobs.showLogs opens the prediction job log, as the engine wrote it', async () => {
    const editor = await openJobDocument('relgraph.jobs.showLogs', prediction.id, 'log');
    const text = editor.document.getText();
    assert.equal(text, fs.readFileSync(prediction.logPath, 'utf8'));
    assert.match(text, new RegExp(`job ${prediction.id} created`));
    assert.match(text, /Predicting/);
  });

  test('relgraph.jobs.openOutput opens the predictions CSV', async () => {
    const [artifact] = prediction.artifacts;
    assert.equal(artifact.type, 'predictions');
    assert.equal(artifact.path, shop.predictionOutput);
    await vscode.commands.executeCommand('relgraph.jobs.openOutput', prediction.id);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'relgraph.jobs.openOutput opened no editor');
    assert.equal(editor.document.uri.fsPath, shop.predictionOutput);
    assert.match(editor.document.lineAt(0).text, /^ENTITY,/);
    const rows = editor.document
      .getText()
      .split('\n')
      .filter((line) => line !== '');
    assert.equal(rows.length, 1 + SMALL_CUSTOMERS, 'a header and one row per customer');
  });

  test(`relgraph.jobs.previewPredictions opens the 'Predictions: ${PREDICTION_NAME}' webview`, async () => {
    await vscode.commands.executeCommand('relgraph.jobs.previewPredictions', prediction.id);
    const tab = await waitForTab(`Predictions: ${PREDICTION_NAME}`);
    assert.ok(tab.input instanceof vscode.TabInputWebview, `tab input: ${JSON.stringify(tab.input)}`);
    // VS Code prefixes the view type of an extension's webview ("mainThreadWebview-relgraph.predictionPreview").
    assert.match(tab.input.viewType, /relgraph\.predictionPreview$/);
    assert.equal(tab.isActive, true);
    // Closed by its label: the Tab object seen first goes stale once the page has loaded its data.
    await vscode.window.tabGroups.close(await waitForTab(`Predictions: ${PREDICTION_NAME}`));
  });

  test('relgraph.jobs.cancel stops a running prediction: CANCELLED, no output at its final name', async function () {
    this.timeout(180_000);
    const slow = await writeSlowPrediction(workspace);
    const before = new Set(records(shop.jobsDir).map((r) => r.id));
    // `relgraph predict` in a terminal: the extension knows the job from its record only. --no-data: the data
    // checks of validation are not what this is about (they only add seconds before the job starts).
    const child = spawn(
      process.execPath,
      [path.join(repo, 'bin', 'relgraph.js'), 'predict', slow.spec, '--head', '0', '--no-data'],
      { cwd: shop.dir, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    const job = await until(`the ${SLOW_PREDICTION_NAME} job record`, () =>
      records(shop.jobsDir).find((r) => !before.has(r.id) && r.spec.name === SLOW_PREDICTION_NAME),
    );
    // Seen as soon as its record exists: it may not have started yet (NOT_STARTED), but it has not ended.
    assert.ok(['NOT_STARTED', 'QUEUED', 'RUNNING'].includes(job.status), `the job is already ${job.status}: ${output}`);
    // The extension answers once its model has read the record (a refresh, or its watcher); until then it says
    // it has no such job and resolves with nothing.
    const answer = await until('the cancel answer', async () => {
      await vscode.commands.executeCommand('relgraph.jobs.refresh');
      return vscode.commands.executeCommand<string | undefined>('relgraph.jobs.cancel', job.id, {
        skipConfirmation: true,
      });
    });
    assert.match(answer, new RegExp(`cancel requested: ${job.id} stops at its next check`));

    const code = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`relgraph predict did not end after the cancel:\n${output}`)), 120_000),
      ),
    ]);
    assert.equal(code, 1, `relgraph predict exit code; output:\n${output}`);
    const after = onlyJobOf(shop.jobsDir, SLOW_PREDICTION_NAME);
    assert.equal(after.id, job.id);
    assert.equal(after.status, 'CANCELLED', `record: ${JSON.stringify(after, null, 1)}`);
    assert.match(after.error?.message ?? '', /cancelled by `relgraph jobs cancel`/);
    assert.deepEqual(after.artifacts, []);
    assert.equal(fs.existsSync(slow.output), false, `${slow.output} exists`);
    const outputs = fs.readdirSync(path.dirname(slow.output)).filter((f) => f.startsWith(SLOW_PREDICTION_NAME));
    assert.deepEqual(outputs, [], 'files of the cancelled job in out/');
    for (const scratch of after.scratchPaths ?? []) assert.equal(fs.existsSync(scratch), false, `${scratch} left`);

    // The extension's view of the job follows: CANCELLED in its details.
    const details = await until('the details to say CANCELLED', async () => {
      await vscode.commands.executeCommand('relgraph.jobs.refresh');
      const d = await openJobDetails(job.id);
      return d.getText().includes('| Status | CANCELLED |') ? d : undefined;
    });
    assert.match(details.getText(), /^## Cancelled$/m);
  });
});
