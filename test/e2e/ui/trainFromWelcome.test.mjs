// UI test in a real VS Code (code-server) through headless Chromium: in a copy of examples/f1 that never ran a job,
// a user opens the Relgraph container, reads the Jobs view's welcome (links only, no raw backticks), clicks
// "Train a Model", picks driver-dnf.training.yaml, and watches the run in its own terminal until the training job is
// DONE in the tree (no Refresh). Screenshots go to --artifacts.
//
// node test/e2e/ui/trainFromWelcome.test.mjs --base http://127.0.0.1:PORT --workspace DIR --artifacts DIR
//   --profile DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createReporter, launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';
import { WAIT, Workbench } from './workbench.mjs';

const TRAINING = 'driver-dnf.training.yaml';
/** Training the f1 driver-dnf model (run_mode: fast) takes well under a minute; this is a hang guard. */
const TRAINING_WAIT_MS = 300_000;

const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'artifacts', 'profile']);
mkdirSync(args.artifacts, { recursive: true });

const report = createReporter('ui train');
const { context, page } = await launchBrowser(args.profile);
const wb = new Workbench(page, args.artifacts);
const jobsView = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Jobs' }) });
const welcome = jobsView.locator('.welcome-view-content');

try {
  await report.check(
    'the Jobs view of a workspace without jobs welcomes with Train a Model and New Prediction Spec',
    async () => {
      await wb.open(workbenchUrl({ base: args.base, folder: args.workspace }));
      const relgraph = page.locator('.activitybar .action-item a[aria-label^="Relgraph"]').first();
      await relgraph.waitFor({ timeout: WAIT.startup });
      await relgraph.click();
      await welcome.getByRole('button', { name: 'Train a Model' }).waitFor({ timeout: WAIT.server });
      await welcome.getByRole('button', { name: 'New Prediction Spec' }).waitFor({ timeout: WAIT.ui });
      const text = await welcome.innerText();
      assert.match(text, /No training or batch prediction jobs in this workspace yet/);
      assert.ok(!text.includes('`'), `the welcome shows raw backticks: ${JSON.stringify(text)}`);
      await wb.screenshot('06-jobs-welcome.png');
    },
  );

  await report.check(`Train a Model asks which training spec, and ${TRAINING} starts in its own terminal`, async () => {
    await welcome.getByRole('button', { name: 'Train a Model' }).click();
    const picks = page.locator('.quick-input-list .monaco-list-row');
    await picks.first().waitFor({ timeout: WAIT.ui });
    const labels = await picks.allInnerTexts();
    for (const spec of ['driver-dnf.training.yaml', 'driver-position.training.yaml', 'driver-top3.training.yaml'])
      assert.ok(
        labels.some((l) => l.includes(spec)),
        `${spec} not offered: ${JSON.stringify(labels)}`,
      );
    await page.locator('.quick-input-widget input').fill(TRAINING);
    await picks.filter({ hasText: TRAINING }).first().waitFor({ timeout: WAIT.ui });
    await page.keyboard.press('Enter');
    // The run's terminal (a pseudoterminal, not a task) shows the CLI's output as it comes (run.sh turns the
    // terminal's GPU rendering off, so its text is in the DOM).
    await page
      .locator('.xterm-rows', { hasText: `relgraph train ${TRAINING}` })
      .first()
      .waitFor({ timeout: WAIT.server });
  });

  await report.check('the training job appears in the tree and reaches DONE without a Refresh', async () => {
    const done = jobsView.locator('.monaco-list-row[aria-label^="driver-dnf, DONE, "]');
    await done.waitFor({ timeout: TRAINING_WAIT_MS });
    await page
      .locator('.xterm-rows', { hasText: 'The run exited with code 0' })
      .first()
      .waitFor({ timeout: WAIT.server });
    await wb.screenshot('07-trained-from-welcome.png');
  });
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-train-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
