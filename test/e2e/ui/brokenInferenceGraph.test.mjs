// UI test in a real VS Code (code-server) driven through headless Chromium: a user opens an inference graph whose
// table `drivers` was renamed to `driver`, reads the error in the Problems panel, applies "rename to training table"
// from the editor's light bulb, and sees the error go. Screenshots go to --artifacts.
//
// node test/e2e/ui/brokenInferenceGraph.test.mjs --base http://127.0.0.1:PORT --workspace DIR
//   --artifacts DIR --profile DIR
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createReporter, launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';
import { WAIT, Workbench } from './workbench.mjs';

const FILE = 'broken-holdout.graph.yaml';
// The "rename to training table" quick fix, as the server titles it.
const FIX = "Rename table 'driver' to 'drivers' (the training graph's name)";
const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'artifacts', 'profile']);
mkdirSync(args.artifacts, { recursive: true });

const report = createReporter('ui');
const { context, page } = await launchBrowser(args.profile);
const wb = new Workbench(page, args.artifacts);
let problemRow;

try {
  await report.check('the workbench opens a copy of examples/f1 with the broken inference graph fixture', async () => {
    await wb.open(workbenchUrl({ base: args.base, folder: args.workspace }));
    await wb.explorerRow(FILE).waitFor({ timeout: WAIT.ui });
    await wb.explorerRow('f1.graph.yaml').waitFor({ timeout: WAIT.ui });
  });

  await report.check(`opening ${FILE} shows an error squiggle`, async () => {
    await wb.openFile(FILE, 'driver:');
    await wb.errorSquiggles().first().waitFor({ timeout: WAIT.server });
  });

  await report.check("the Problems panel shows table-not-in-training on 'driver' at Ln 12, Col 3", async () => {
    await wb.runCommand('View: Focus Problems');
    problemRow = wb.problemRows().filter({ hasText: 'table-not-in-training' });
    await problemRow.first().waitFor({ timeout: WAIT.server });
    assert.equal(await problemRow.count(), 1, `rows: ${JSON.stringify(await wb.problemTexts())}`);
    const text = await problemRow.innerText();
    assert.match(text, /Table 'driver' is not in the training graph/);
    assert.match(text, /Did you mean 'drivers'\?/);
    assert.match(text, /\[Ln 12, Col 3\]/);
    await wb.problemRows().filter({ hasText: FILE }).first().waitFor({ timeout: WAIT.ui }); // the file's group row
    await wb.screenshot('01-problems-panel.png');
  });

  await report.check(`the light bulb on the error offers "${FIX}"`, async () => {
    // Go to the problem from the panel, then put the cursor on the squiggle as a user would.
    await problemRow.dblclick();
    await wb.lightBulb().waitFor({ state: 'visible', timeout: WAIT.server });
    await wb.screenshot('02-light-bulb.png');
    await wb.lightBulb().click();
    await wb.codeActionRows().first().waitFor({ timeout: WAIT.server });
    const titles = await wb.codeActionRows().allInnerTexts();
    assert.ok(
      titles.some((t) => t.includes(FIX)),
      `code actions: ${JSON.stringify(titles)}`,
    );
    await wb.screenshot('03-quick-fix-menu.png');
  });

  await report.check('applying it renames the table key to drivers and the errors disappear', async () => {
    await wb.chooseCodeAction(wb.codeActionRows().filter({ hasText: FIX }));
    await wb.editorLines().filter({ hasText: 'drivers:' }).waitFor({ timeout: WAIT.ui });
    const lines = await wb.visibleLines();
    assert.ok(lines.includes('  drivers:'), `editor lines: ${JSON.stringify(lines)}`);
    assert.ok(!lines.includes('  driver:'), `editor lines: ${JSON.stringify(lines)}`);
    await wb
      .problemRows()
      .filter({ hasText: 'table-not-in-training' })
      .waitFor({ state: 'detached', timeout: WAIT.server });
    // No error is left (data checks may still add warnings, which are not what this test is about).
    await wb.problemErrorIcons().first().waitFor({ state: 'detached', timeout: WAIT.server });
    await wb.errorSquiggles().first().waitFor({ state: 'detached', timeout: WAIT.server });
    await wb.screenshot('04-error-fixed.png');
  });
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
