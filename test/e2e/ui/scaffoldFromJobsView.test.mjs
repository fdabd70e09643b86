// UI test in a real VS Code (code-server) through headless Chromium: "New Inference Graph from Training" end to
// end from the Jobs view. In a copy of examples/f1 where the real CLI trained driver-dnf, the user right-clicks the
// DONE training job, picks data/full/ in the folder dialog, reviews the ten matches (each table -> its holdout file,
// "same file name as the training source"), corrects one (drivers -> drivers_2011.csv, a second drivers file in the
// folder, chosen among the table's candidates), writes the graph where the save dialog suggests, and the New Prediction
// Spec wizard continues with that graph preselected; the prediction spec it writes reads the new graph and its data
// checks find no problems; then a prediction spec without graph: gets one from the light bulb on its kind: line (the
// graph written beside it and linked in). Nothing is stubbed: the dialogs and quick picks are answered through the workbench's DOM.
//
// node test/e2e/ui/scaffoldFromJobsView.test.mjs --base http://127.0.0.1:PORT --workspace DIR --artifacts DIR
//   --profile DIR
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReporter, launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';
import { WAIT, Workbench } from './workbench.mjs';

const GRAPH = 'driver-dnf-inference.graph.yaml';
const F1_TABLES = 10;
/** A second drivers file in the new folder, which the user picks over the automatic match (drivers.csv). */
const CORRECTED = 'drivers_2011.csv';

const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'artifacts', 'profile']);
mkdirSync(args.artifacts, { recursive: true });
// The same drivers under another name: the name rule keeps drivers.csv, the user corrects it in the review.
copyFileSync(join(args.workspace, 'data/full/drivers.csv'), join(args.workspace, 'data/full', CORRECTED));

const report = createReporter('ui scaffold');
const { context, page } = await launchBrowser(args.profile);
const wb = new Workbench(page, args.artifacts);
const jobsView = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Jobs' }) });
const quickInput = page.locator('.quick-input-widget');
const quickInputBox = quickInput.locator('input.input');
const quickRows = page.locator('.quick-input-list .monaco-list-row');
const focusedRow = page.locator('.quick-input-list .monaco-list-row.focused');

let specName;
try {
  await report.check('the DONE training job offers New Inference Graph from Training in its context menu', async () => {
    await wb.open(workbenchUrl({ base: args.base, folder: args.workspace }));
    const relgraph = page.locator('.activitybar .action-item a[aria-label^="Relgraph"]').first();
    await relgraph.waitFor({ timeout: WAIT.startup });
    await relgraph.click();
    const job = jobsView.locator('.monaco-list-row[aria-label^="driver-dnf, DONE, "]').first();
    await job.waitFor({ timeout: WAIT.server });
    await wb.runContextMenuItem(job, 'New Inference Graph from Training');
  });

  await report.check('the folder dialog takes data/full and the review lists every table with its file', async () => {
    await wb.answerFileDialog('the folder of the new data files', `${args.workspace}/data/full/`, 'data');
    await quickRows.filter({ hasText: 'Write the inference graph' }).first().waitFor({ timeout: WAIT.server });
    const placeholder = await quickInputBox.getAttribute('placeholder');
    assert.match(placeholder ?? '', new RegExp(`^${F1_TABLES} of ${F1_TABLES} tables matched cleanly`));
    const labels = await quickRows.allInnerTexts();
    // The list is virtual: the rows below the fold are not in the DOM (the placeholder counts all ten).
    for (const table of ['races', 'drivers', 'results', 'standings'])
      assert.ok(
        labels.some((l) => l.includes(table) && l.includes(`data/full/${table}.csv`)),
        `${table} -> data/full/${table}.csv not listed: ${JSON.stringify(labels)}`,
      );
    assert.ok(
      labels.some((l) => l.includes('same file name as the training source')),
      `no reason shown: ${JSON.stringify(labels)}`,
    );
    await wb.screenshot('20-scaffold-review.png');
  });

  await report.check(
    `choosing drivers in the review offers its other files; ${CORRECTED} replaces the automatic match`,
    async () => {
      // The review opens on "Write": filter to the drivers table, whose file is the training source's name.
      await quickInputBox.fill('drivers');
      await focusedRow.filter({ hasText: 'data/full/drivers.csv' }).waitFor({ timeout: WAIT.ui });
      await page.keyboard.press('Enter');
      // The candidates of drivers, best fit first, the current one marked.
      await quickInput.locator('input.input[placeholder^="The source of drivers"]').waitFor({ timeout: WAIT.ui });
      const current = quickRows.filter({ hasText: 'data/full/drivers.csv' }).first();
      await current.waitFor({ timeout: WAIT.ui });
      assert.match(await current.innerText(), /\(current\)/);
      await quickInputBox.fill(CORRECTED);
      await focusedRow.filter({ hasText: `data/full/${CORRECTED}` }).waitFor({ timeout: WAIT.ui });
      await wb.screenshot('20b-scaffold-correct-source.png');
      await page.keyboard.press('Enter');
      // Back in the review, rendered again by the language server with the user's choice.
      await quickInput.locator('input.input[placeholder*="tables matched cleanly"]').waitFor({ timeout: WAIT.server });
      const drivers = quickRows.filter({ hasText: `→ data/full/${CORRECTED}` });
      await drivers.first().waitFor({ timeout: WAIT.server });
      assert.match(await drivers.first().innerText(), /drivers/);
      assert.ok(!(await quickRows.allInnerTexts()).some((l) => l.includes('data/full/drivers.csv')));
      assert.match(await focusedRow.innerText(), /Write the inference graph/);
      await page.keyboard.press('Enter');
    },
  );

  await report.check(`the save dialog suggests ${GRAPH}; the graph is written and opened`, async () => {
    await wb.acceptSuggestedFile('save the inference graph', GRAPH);
    await wb.activeEditorTab(GRAPH).waitFor({ timeout: WAIT.server });
    const text = readFileSync(join(args.workspace, GRAPH), 'utf8');
    assert.match(text, /^kind: graph$/m);
    assert.equal(text.match(/^ {4}source: data\/full\/\w+\.csv$/gm)?.length, F1_TABLES, text);
    // The user's correction, not the automatic match, is the source of drivers.
    assert.match(
      text,
      new RegExp(`^ {2}drivers:\\n(?: {4}#.*\\n)* {4}source: data/full/${CORRECTED.replace('.', '\\.')}$`, 'm'),
    );
    assert.ok(!text.includes('source: data/full/drivers.csv'), text);
  });

  await report.check('the New Prediction Spec wizard continues with the new graph preselected', async () => {
    let sawGraph = false;
    specName = await wb.acceptPredictionSpecWizard(async (placeholder) => {
      if (!placeholder.startsWith('The inference graph')) return;
      assert.match(await focusedRow.innerText(), new RegExp(GRAPH.replace(/\./g, '\\.')));
      sawGraph = true;
      await wb.screenshot('21-scaffold-wizard-graph.png');
    });
    assert.ok(sawGraph, 'the wizard never asked for the graph');
    assert.ok(specName, 'the wizard wrote no prediction spec');
  });

  await report.check('the prediction spec reads the new graph and its data checks find no problems', async () => {
    const file = join(args.workspace, specName);
    assert.ok(existsSync(file), file);
    assert.match(readFileSync(file, 'utf8'), new RegExp(`^graph: ${GRAPH.replace(/\./g, '\\.')}$`, 'm'));
    await wb.activeEditorTab(specName).waitFor({ timeout: WAIT.server });
    await page
      .locator('.editor-group-container.active .codelens-decoration', { hasText: /Validate data \(no problems at/ })
      .first()
      .waitFor({ timeout: WAIT.server * 3 });
    assert.equal(await wb.errorSquiggles().count(), 0, 'the prediction spec shows errors');
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: WAIT.ui });
    const problems = (await wb.problemTexts()).filter((t) => t.includes(specName) || t.includes(GRAPH));
    assert.deepEqual(problems, [], 'Problems lists the new files');
    await wb.screenshot('22-scaffold-prediction-spec.png');
  });

  await report.check(
    'a prediction spec without graph: gets its graph from the light bulb on its kind: line, linked in',
    async () => {
      const same = 'same-graph.prediction.yaml';
      writeFileSync(
        join(args.workspace, same),
        'kind: prediction\ntraining_job: driver-dnf.training.yaml\nanchor_time: 2010-01-01\nbinary_classification_threshold: 0.5\n',
      );
      await wb.openFile(same, 'training_job');
      await wb.editorLines().locator('.view-line', { hasText: 'kind: prediction' }).click();
      await page.keyboard.press('Control+Period');
      const action = wb.codeActionRows().filter({ hasText: 'Predict on new files' });
      await action.first().waitFor({ timeout: WAIT.server });
      await wb.chooseCodeAction(action.first());
      await wb.answerFileDialog('the folder of the new data files', `${args.workspace}/data/full/`, 'data');
      await quickRows.filter({ hasText: 'Write the inference graph' }).first().waitFor({ timeout: WAIT.server });
      await page.keyboard.press('Enter');
      // The first graph took the plain name: this one gets the next free one, beside the spec.
      const graph = 'driver-dnf-inference-2.graph.yaml';
      await wb.activeEditorTab(graph).waitFor({ timeout: WAIT.server });
      assert.match(readFileSync(join(args.workspace, graph), 'utf8'), /^ {4}source: data\/full\/results\.csv$/m);
      // The spec is saved with its new graph: line right after the graph is opened.
      const linked = new RegExp(
        `^training_job: driver-dnf\\.training\\.yaml\\ngraph: ${graph.replace(/\./g, '\\.')}$`,
        'm',
      );
      const deadline = Date.now() + WAIT.server;
      while (!linked.test(readFileSync(join(args.workspace, same), 'utf8')) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 200));
      assert.match(readFileSync(join(args.workspace, same), 'utf8'), linked);
      await wb.screenshot('23-scaffold-from-prediction-spec.png');
    },
  );
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-scaffold-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
