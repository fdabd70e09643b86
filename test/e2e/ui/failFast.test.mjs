// UI test in a real VS Code (code-server) through headless Chromium: the first run in a workspace that never ran a
// job fails at once (driver-position-2010's model was never trained), and the user still sees it: the FAILED job in
// the Jobs view (the job store did not exist when the view started watching) and a notification that offers to train
// the model. Screenshots go to --artifacts.
//
// node test/e2e/ui/failFast.test.mjs --base http://127.0.0.1:PORT --workspace DIR --artifacts DIR --profile DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createReporter, launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';
import { WAIT, Workbench } from './workbench.mjs';

const SPEC = 'driver-position-2010.prediction.yaml';

const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'artifacts', 'profile']);
mkdirSync(args.artifacts, { recursive: true });

const report = createReporter('ui fail fast');
const { context, page } = await launchBrowser(args.profile);
const wb = new Workbench(page, args.artifacts);
const jobsView = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Jobs' }) });

try {
  await report.check(
    `the first run in a fresh workspace (${SPEC}, never trained) fails at once: FAILED in the tree, with a notification`,
    async () => {
      await wb.open(workbenchUrl({ base: args.base, folder: args.workspace }));
      const relgraph = page.locator('.activitybar .action-item a[aria-label^="Relgraph"]').first();
      await relgraph.waitFor({ timeout: WAIT.startup });
      await relgraph.click();
      await jobsView
        .locator('.welcome-view-content', { hasText: 'No training or batch prediction jobs' })
        .waitFor({ timeout: WAIT.server });
      await wb.openFile(SPEC, 'training_job');
      const lenses = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a');
      await lenses.filter({ hasText: 'Run batch prediction' }).first().click();
      const failed = jobsView.locator('.monaco-list-row[aria-label^="driver-position-2010, FAILED, "]');
      await failed.waitFor({ timeout: WAIT.server });
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /failed/i }).first();
      await toast.waitFor({ timeout: WAIT.server });
      const text = await toast.innerText();
      assert.match(text, /driver-position\.training\.yaml/, `the notification names the model: ${text}`);
      assert.match(text, /Train/, `the notification offers to train it: ${text}`);
      await wb.screenshot('08-failed-first-run.png');
    },
  );
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-fail-fast-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
