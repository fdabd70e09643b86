// UI test in a real VS Code (code-server) through headless Chromium, against the Kumo contract stand-in
// (test/kumo/KumoContractServer.ts, started by run.sh through test/e2e/lib/kumoStandin.ts): the Kumo view welcomes
// with Connect; "Connect to Kumo" takes the URL and the API key (a password input) in the quick input and checks
// them; the stand-in's jobs appear in the Kumo view with their status; a prediction spec of the Kumo model
// (training_job: kumo:trainingjob-1) runs from its "Run batch prediction on Kumo" code lens and its job reaches
// DONE in the Kumo view without a Refresh; a prediction on a connector's other tables opens its SDK script from the
// "Open SDK script" lens. New Inference Graph from Training on the Kumo model offers to connect while not connected;
// once connected, the model's context menu in the Kumo view runs it: the training graph is pulled, the connector the
// model read is offered, its 2010 tables are matched by the CLI (Kumo's SDK: the kumoai contract stand-in), the
// ambiguous drivers table is settled in the review, the graph is written with connector sources, and the New
// Prediction Spec wizard writes a spec on it without errors. Screenshots go to --artifacts.
//
// node test/e2e/ui/kumoJobs.test.mjs --base http://127.0.0.1:PORT --workspace DIR --artifacts DIR --profile DIR
//   --kumo-url URL --kumo-key KEY
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReporter, launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';
import { WAIT, Workbench } from './workbench.mjs';

const SPEC = 'kumo-dnf.prediction.yaml';
/** The stand-in advances a job one step per read; the CLI follows it to DONE and downloads 30 rows. A hang guard. */
const PREDICTION_WAIT_MS = 180_000;

const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'artifacts', 'profile', 'kumo-url', 'kumo-key']);
mkdirSync(args.artifacts, { recursive: true });

const report = createReporter('ui kumo (Kumo contract stand-in)');
const { context, page } = await launchBrowser(args.profile);
const wb = new Workbench(page, args.artifacts);
const kumoView = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^\s*Kumo/ }) });
// The welcome's button, not the title bar's Connect action (same name).
const kumoWelcome = kumoView.locator('.welcome-view-content');
const kumoRow = (ref, status) => kumoView.locator(`.monaco-list-row[aria-label^="${ref}, ${status}, "]`);
const quickInput = page.locator('.quick-input-widget');
const quickInputBox = quickInput.locator('input.input');
const quickRows = page.locator('.quick-input-list .monaco-list-row');
const focusedRow = page.locator('.quick-input-list .monaco-list-row.focused');
const toast = (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text });
/** The quick input once it asks this (its placeholder or its prompt). */
const asking = (text) =>
  quickInput
    .locator(`input.input[placeholder^="${text}"]`)
    .or(quickInput.locator('.quick-input-message', { hasText: text }))
    .first();
const GRAPH = 'trainingjob-1-inference.graph.yaml';

try {
  await report.check('the Kumo view of a window not connected to Kumo welcomes with Connect to Kumo', async () => {
    await wb.open(workbenchUrl({ base: args.base, folder: args.workspace }));
    const relgraph = page.locator('.activitybar .action-item a[aria-label^="Relgraph"]').first();
    await relgraph.waitFor({ timeout: WAIT.startup });
    await relgraph.click();
    const header = kumoView.locator('.pane-header');
    await header.waitFor({ timeout: WAIT.server });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await kumoWelcome.getByRole('button', { name: 'Connect to Kumo' }).waitFor({ timeout: WAIT.server });
    assert.match(await kumoWelcome.innerText(), /secret storage, never in settings/);
    await wb.screenshot('kumo-01-welcome.png');
  });

  await report.check(
    'New Inference Graph from Training on a Kumo model offers to connect first, not a terminal command',
    async () => {
      await wb.runCommand('Relgraph: New Inference Graph from Training');
      await asking('The model to predict with').waitFor({ timeout: WAIT.ui });
      await quickInputBox.fill('Kumo cloud training job');
      await focusedRow.filter({ hasText: 'Kumo cloud training job' }).waitFor({ timeout: WAIT.ui });
      await page.keyboard.press('Enter');
      await asking('The Kumo training job id').waitFor({ timeout: WAIT.ui });
      await quickInputBox.fill('trainingjob-1');
      await page.keyboard.press('Enter');
      const offer = toast('This needs a Kumo connection.');
      await offer.waitFor({ timeout: WAIT.server });
      await offer.getByRole('button', { name: 'Connect to Kumo' }).waitFor({ timeout: WAIT.ui });
      assert.equal(await toast('in a terminal').count(), 0, 'the old "use the terminal" message is shown');
      await wb.screenshot('kumo-01b-scaffold-offers-connect.png');
      // Declined (the next check connects from the view's welcome): the command ends without a change.
      await wb.runCommand('Notifications: Clear All Notifications');
      await offer.waitFor({ state: 'hidden', timeout: WAIT.ui });
    },
  );

  await report.check('Connect to Kumo takes the URL and the key (hidden), and lists the Kumo jobs', async () => {
    await kumoWelcome.getByRole('button', { name: 'Connect to Kumo' }).click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: WAIT.ui });
    await input.fill(args['kumo-url']);
    await page.keyboard.press('Enter');
    const password = page.locator('.quick-input-widget input[type="password"]');
    await password.waitFor({ timeout: WAIT.ui });
    await password.fill(args['kumo-key']);
    await page.keyboard.press('Enter');
    await page
      .locator('.notifications-toasts .notification-list-item', { hasText: 'Connected to Kumo at 127.0.0.1' })
      .first()
      .waitFor({ timeout: WAIT.server });
    await kumoRow('kumo:bp-job-done', 'DONE').waitFor({ timeout: WAIT.server });
    await kumoRow('kumo:trainingjob-1', 'DONE').waitFor({ timeout: WAIT.ui });
    const running = kumoView.locator('.monaco-list-row[aria-label^="kumo:bp-job-running, "]');
    await running.waitFor({ timeout: WAIT.ui });
    // Newest first.
    const labels = await kumoView
      .locator('.monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')?.split(',')[0]));
    assert.deepEqual(labels.slice(0, 4), [
      'kumo:bp-job-long',
      'kumo:bp-job-running',
      'kumo:bp-job-done',
      'kumo:trainingjob-1',
    ]);
    await wb.screenshot('kumo-02-connected.png');
    // The key is in no setting the user or a workspace can read.
    const settings = readFileSync(join(args.workspace, '..', 'user', 'User', 'settings.json'), 'utf8');
    assert.ok(!settings.includes(args['kumo-key']), 'the API key is in the user settings');
    // The running job is polled (it advances one step per read) until it is DONE, with no Refresh.
    await kumoRow('kumo:bp-job-running', 'DONE').waitFor({ timeout: WAIT.server });
  });

  await report.check(
    'Cancel on a running Kumo job asks "Cancel job" / "Keep running", and the job ends CANCELLED',
    async () => {
      const row = kumoRow('kumo:bp-job-long', 'RUNNING');
      await row.hover();
      await row.locator('.action-label[aria-label="Cancel Kumo Job"]').click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: WAIT.ui });
      const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      assert.ok(
        buttons.includes('Cancel job') && buttons.includes('Keep running'),
        `buttons: ${JSON.stringify(buttons)}`,
      );
      assert.ok(!buttons.includes('Cancel'), `an ambiguous "Cancel" button: ${JSON.stringify(buttons)}`);
      await wb.screenshot('kumo-03-cancel-dialog.png');
      await dialog.locator('.monaco-button', { hasText: 'Cancel job' }).click();
      await kumoRow('kumo:bp-job-long', 'CANCELLED').waitFor({ timeout: WAIT.server });
    },
  );

  await report.check(
    `${SPEC} (training_job: kumo:trainingjob-1) runs on Kumo from its code lens and reaches DONE in the Kumo view`,
    async () => {
      await wb.openFile(SPEC, 'training_job');
      const lenses = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a');
      await lenses.filter({ hasText: 'Fetch training graph' }).first().waitFor({ timeout: WAIT.server });
      await lenses.filter({ hasText: 'Run batch prediction on Kumo' }).first().click();
      await page.locator('.xterm-rows', { hasText: 'accepted by Kumo' }).first().waitFor({ timeout: WAIT.server });
      await kumoRow('kumo:bp-job-standin-1', 'DONE').waitFor({ timeout: PREDICTION_WAIT_MS });
      await page
        .locator('.xterm-rows', { hasText: 'The run exited with code 0' })
        .first()
        .waitFor({ timeout: PREDICTION_WAIT_MS });
      const terminal = (await page.locator('.xterm-rows').allInnerTexts()).join('\n');
      assert.ok(!terminal.includes(args['kumo-key']), 'the API key was echoed in the terminal');
      await wb.screenshot('kumo-04-prediction-done.png');
    },
  );

  await report.check(
    'a prediction on a connector\'s other tables offers "Open SDK script", which opens the script its run sends (no key)',
    async () => {
      await wb.openFile('kumo-new.prediction.yaml', 'training_job');
      const lenses = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a');
      await lenses.filter({ hasText: 'Open SDK script' }).first().click();
      const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
      await editor.filter({ hasText: 'Batch prediction "kumo-new" on Kumo' }).waitFor({ timeout: WAIT.server });
      const tab = page.locator('.tabs-container .tab.active');
      assert.match(await tab.innerText(), /Untitled-\d/, 'an unsaved document');
      assert.ok(!(await editor.innerText()).includes(args['kumo-key']), 'the API key is in the script');
      await wb.screenshot('kumo-05-sdk-script.png');
    },
  );
  await report.check(
    "the Kumo model's context menu scaffolds its inference graph on f1_sf's 2010 tables: pulled, matched, reviewed",
    async () => {
      const model = kumoRow('kumo:trainingjob-1', 'DONE');
      const labels = await wb.contextMenuLabels(model);
      for (const label of ['New Prediction Spec...', 'New Inference Graph from Training...'])
        assert.ok(labels.includes(label), `${label} is not in ${JSON.stringify(labels)}`);
      await wb.runContextMenuItem(model, 'New Inference Graph from Training');
      // The workspace has no copy of the training graph: it is pulled, and names the connector its tables came from.
      await asking('The Kumo connector whose tables hold the new data').waitFor({ timeout: WAIT.server });
      assert.ok(existsSync(join(args.workspace, '.relgraph', 'kumo', 'trainingjob-1.json')), 'not pulled');
      assert.match(await focusedRow.innerText(), /f1_sf[\s\S]*the training graph's tables came from it/);
      await page.keyboard.press('Enter');
      await asking('Only the tables of f1_sf named like').waitFor({ timeout: WAIT.ui });
      await quickInputBox.fill('*_2010');
      await page.keyboard.press('Enter');
      // The CLI's decisions in the review: results matched by its columns, drivers ambiguous.
      await asking('1 of 2 tables matched cleanly').waitFor({ timeout: WAIT.server });
      const results = quickRows.filter({ hasText: '→ RESULTS_2010' });
      await results.waitFor({ timeout: WAIT.ui });
      assert.match(await results.innerText(), /matched by its columns: 5 of 5 columns the model uses/);
      const drivers = quickRows.filter({ hasText: 'ambiguous: ' });
      const ambiguous = await drivers.innerText();
      assert.match(ambiguous, /drivers[\s\S]*fit equally by their columns/);
      assert.ok(ambiguous.includes('DRIVERS_2010') && ambiguous.includes('DRIVER_LIST_2010'), ambiguous);
      await wb.screenshot('kumo-06-scaffold-review.png');
      await quickInputBox.fill('drivers');
      await focusedRow.filter({ hasText: 'ambiguous' }).waitFor({ timeout: WAIT.ui });
      await page.keyboard.press('Enter');
      await asking('The source of drivers').waitFor({ timeout: WAIT.ui });
      await quickInputBox.fill('DRIVERS_2010');
      await focusedRow.filter({ hasText: 'DRIVERS_2010' }).waitFor({ timeout: WAIT.ui });
      await page.keyboard.press('Enter');
      // The CLI runs again with --match drivers=DRIVERS_2010: both tables clean.
      await asking('2 of 2 tables matched cleanly').waitFor({ timeout: WAIT.server });
      assert.match(await quickRows.filter({ hasText: '→ DRIVERS_2010' }).innerText(), /chosen: 4 of 4 columns/);
      assert.match(await focusedRow.innerText(), /Write the inference graph/);
      await page.keyboard.press('Enter');
      await wb.acceptSuggestedFile('save the inference graph', GRAPH);
      await wb.activeEditorTab(GRAPH).waitFor({ timeout: WAIT.server });
      const text = readFileSync(join(args.workspace, GRAPH), 'utf8');
      assert.match(text, / {2}drivers:\n( {4}#.*\n)* {4}source: \{ connector: f1_sf, table: DRIVERS_2010 \}\n/);
      assert.match(text, / {2}results:\n( {4}#.*\n)* {4}source: \{ connector: f1_sf, table: RESULTS_2010 \}\n/);
      assert.ok(!text.includes(args['kumo-key']), 'the API key is in the graph');
    },
  );

  await report.check('the New Prediction Spec wizard continues with the Kumo model and the new graph', async () => {
    let sawGraph = false;
    const specName = await wb.acceptPredictionSpecWizard(async (placeholder) => {
      if (!placeholder.startsWith('The inference graph')) return;
      assert.match(await focusedRow.innerText(), new RegExp(GRAPH.replace(/\./g, '\\.')));
      sawGraph = true;
    });
    assert.ok(sawGraph, 'the wizard never asked for the graph');
    assert.ok(specName, 'the wizard wrote no prediction spec');
    const spec = readFileSync(join(args.workspace, specName), 'utf8');
    assert.match(spec, /^training_job: kumo:trainingjob-1$/m);
    assert.match(spec, new RegExp(`^graph: ${GRAPH.replace(/\./g, '\\.')}$`, 'm'));
    await wb.activeEditorTab(specName).waitFor({ timeout: WAIT.server });
    // The language server has validated it (against the pulled training graph) once its lenses show.
    await page
      .locator('.editor-group-container.active .codelens-decoration', { hasText: 'Run batch prediction on Kumo' })
      .first()
      .waitFor({ timeout: WAIT.server });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: WAIT.ui });
    assert.equal(await wb.errorSquiggles().count(), 0, 'the prediction spec shows errors');
    const errors = (await wb.problemTexts()).filter(
      (t) => /error/i.test(t) && (t.includes(specName) || t.includes(GRAPH)),
    );
    assert.deepEqual(errors, []);
    await wb.screenshot('kumo-07-scaffold-prediction-spec.png');
  });
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-kumo-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
