// UI test of the Jobs view in a real VS Code (code-server) through headless Chromium. The workspace holds REAL jobs:
// run.sh trained and predicted test/e2e/lib/jobsWorkspace.mjs's shop project with the CLI before this starts. A user
// opens the Relgraph activity-bar container, finds the DONE training and prediction jobs, expands the prediction
// (stages, outputs, summary), and previews its predictions in the webview table. Screenshots go to --artifacts.
//
// node test/e2e/ui/jobsView.test.mjs --base http://127.0.0.1:PORT --workspace DIR --artifacts DIR
//   --profile DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PREDICTION_NAME, SMALL_CUSTOMERS, TRAINING_NAME } from '../lib/jobsWorkspace.mjs';
import { createReporter, launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';
import { WAIT, Workbench } from './workbench.mjs';

const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'artifacts', 'profile']);
mkdirSync(args.artifacts, { recursive: true });

const report = createReporter('ui jobs');
const { context, page } = await launchBrowser(args.profile);
const wb = new Workbench(page, args.artifacts);

// The Jobs view's rows (the sidebar shows the Relgraph container once its activity-bar item is clicked). A job row's
// accessible label is `<spec name>, <STATUS>, <description>` (docs/editor.md, "IDs for tests and keybindings").
const jobsView = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Jobs' }) });
const rows = jobsView.locator('.monaco-list-row');
const jobRow = (name, status) => jobsView.locator(`.monaco-list-row[aria-label^="${name}, ${status}, "]`);
const rowWithLabel = (label) =>
  rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
/** Each visible row as `<label> <description>`. */
const rowTexts = () =>
  rows.evaluateAll((els) =>
    els.map((el) =>
      [el.querySelector('.label-name'), el.querySelector('.label-description')]
        .map((e) => (e ? e.textContent.trim() : ''))
        .filter(Boolean)
        .join(' '),
    ),
  );
// The preview's table lives in the webview's inner iframe.
const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

/** Expands a collapsed tree row (a click toggles it; the aria attribute says when the tree has done it). */
async function expand(row) {
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), {
    timeout: WAIT.ui,
  });
}

try {
  await report.check('the Relgraph activity-bar container shows the Jobs view with the two job groups', async () => {
    await wb.open(workbenchUrl({ base: args.base, folder: args.workspace }));
    const relgraph = page.locator('.activitybar .action-item a[aria-label^="Relgraph"]').first();
    await relgraph.waitFor({ timeout: WAIT.startup });
    await relgraph.click();
    await rowWithLabel('Training jobs').waitFor({ timeout: WAIT.server });
    await rowWithLabel('Prediction jobs').waitFor({ timeout: WAIT.ui });
  });

  await report.check(
    `it lists the training job ${TRAINING_NAME} and the prediction ${PREDICTION_NAME} as DONE`,
    async () => {
      await jobRow(TRAINING_NAME, 'DONE').waitFor({ timeout: WAIT.server });
      await jobRow(PREDICTION_NAME, 'DONE').waitFor({ timeout: WAIT.server });
      // One job of each; the prediction's description counts the predicted entities.
      assert.equal(
        await jobsView.locator('.monaco-list-row[aria-label*=", DONE, "]').count(),
        2,
        JSON.stringify(await rowTexts()),
      );
      assert.match(
        await jobRow(PREDICTION_NAME, 'DONE').getAttribute('aria-label'),
        new RegExp(`${SMALL_CUSTOMERS} predicted`),
      );
      const groups = await rowTexts();
      assert.ok(
        groups.some((t) => /^Training jobs 1$/.test(t)),
        JSON.stringify(groups),
      );
      assert.ok(
        groups.some((t) => /^Prediction jobs 1$/.test(t)),
        JSON.stringify(groups),
      );
    },
  );

  await report.check(`expanding ${PREDICTION_NAME} shows its stages, outputs, summary and log`, async () => {
    await expand(jobRow(PREDICTION_NAME, 'DONE'));
    await rowWithLabel('Outputs').waitFor({ timeout: WAIT.ui });
    await expand(rowWithLabel('Stages'));
    for (const stage of ['Loading model', 'Loading tables', 'Selecting rows', 'Predicting', 'Writing outputs']) {
      await rowWithLabel(stage).waitFor({ timeout: WAIT.ui });
    }
    const texts = await rowTexts();
    const has = (re) =>
      assert.ok(
        texts.some((t) => re.test(t)),
        `${re} not in rows ${JSON.stringify(texts, null, 1)}`,
      );
    has(/^Stages 5$/);
    has(/^Outputs 1$/);
    has(new RegExp(`^predictions csv · ${SMALL_CUSTOMERS} rows · ${PREDICTION_NAME}_predictions\\.csv$`));
    has(/^Summary$/);
    has(new RegExp(`^entities predicted ${SMALL_CUSTOMERS}$`));
    has(/^task binary_classification$/);
    has(/^Log bp-job-\d{8}-\d{6}-[0-9a-f]+\.log$/);
    await jobRow(PREDICTION_NAME, 'DONE').hover(); // shows its inline actions in the screenshot
    await wb.screenshot('05-jobs-tree.png');
  });

  await report.check(
    `its Preview Predictions action opens 'Predictions: ${PREDICTION_NAME}' with ENTITY and TRUE_PROB, paged`,
    async () => {
      const row = jobRow(PREDICTION_NAME, 'DONE');
      await row.hover();
      await row.locator('.action-label[aria-label="Preview Predictions"]').click();
      await wb.activeEditorTab(`Predictions: ${PREDICTION_NAME}`).waitFor({ timeout: WAIT.ui });
      const headers = webview.locator('#rows thead tr.names th');
      await webview.locator('#rows tbody tr').first().waitFor({ timeout: WAIT.server });
      const names = (await headers.allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(names.slice(0, 5), ['ENTITY', 'ANCHOR_TIMESTAMP', 'TARGET_PRED', 'FALSE_PROB', 'TRUE_PROB']);
      assert.equal(await webview.locator('#rows tbody tr').count(), 100);
      const caption = await webview.locator('#caption').innerText();
      assert.match(caption, new RegExp(`^bp-job-\\S+ · ${SMALL_CUSTOMERS} rows · `));
      assert.match(await webview.locator('#title').innerText(), new RegExp(`^${PREDICTION_NAME}: predictions$`));
      assert.match(await webview.locator('#range').innerText(), new RegExp(`^Rows 1–100 of ${SMALL_CUSTOMERS}$`));
      await wb.screenshot('06-predictions-preview.png');
    },
  );
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-jobs-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
