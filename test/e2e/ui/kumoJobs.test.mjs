// UI test in a real VS Code (code-server) through headless Chromium, against the Kumo contract stand-in
// (test/kumo/KumoContractServer.ts, started by run.sh through test/e2e/lib/kumoStandin.ts): the Kumo view welcomes
// with Connect; "Connect to Kumo" takes the URL and the API key (a password input) in the quick input and checks
// them; the stand-in's jobs appear in the Kumo view with their status; a prediction spec of the Kumo model
// (training_job: kumo:trainingjob-1) runs from its "Run batch prediction on Kumo" code lens and its job reaches
// DONE in the Kumo view without a Refresh; a prediction on a connector's other tables opens its SDK script from the
// "Open SDK script" lens. Screenshots go to --artifacts.
//
// node test/e2e/ui/kumoJobs.test.mjs --base http://127.0.0.1:PORT --workspace DIR --artifacts DIR --profile DIR
//   --kumo-url URL --kumo-key KEY
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
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
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-kumo-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
