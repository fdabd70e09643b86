// UI test of the predictions preview and the graph diagram in a real VS Code (code-server) through headless Chromium.
// run.sh made the workspace (a copy of examples/f1) and ran `relgraph train` + `relgraph predict` on driver-dnf, and
// wrote what the checks compare against to --expected (computed from the CLI's rows, not from the preview).
//
// node test/e2e/ui/editorViews.test.mjs --base URL --workspace DIR --artifacts DIR --profile DIR
//   --expected FILE
/* global document, getComputedStyle */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createReporter, launchBrowser, parseArgs, workbenchUrl } from '../lib/browser.mjs';
import { WAIT, Workbench } from './workbench.mjs';

const args = parseArgs(process.argv.slice(2), ['base', 'workspace', 'artifacts', 'profile', 'expected']);
mkdirSync(args.artifacts, { recursive: true });
const expected = JSON.parse(readFileSync(args.expected, 'utf8'));
const report = createReporter('ui views');
const { context, page } = await launchBrowser(args.profile);
const wb = new Workbench(page, args.artifacts);

/** The (inner) webview frame whose document has `selector`: webviews are nested iframes. */
async function webviewWith(selector, timeout = WAIT.server) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(250);
  }
}

const num = (text) => Number(String(text).replace(/,/g, ''));

/** Geometry of the drawn diagram, read from the DOM: label boxes, table boxes, and edge routes in page pixels. */
function diagramGeometry(frame) {
  return frame.evaluate(() => {
    const canvas = document.getElementById('canvas');
    const origin = canvas.getBoundingClientRect();
    const zoom = Number(canvas.dataset.zoom);
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    };
    return {
      zoom,
      labels: [...document.querySelectorAll('#canvas .edge-label')].map(rect),
      tables: [...document.querySelectorAll('#canvas .table')].map((el) => ({ name: el.dataset.table, ...rect(el) })),
      edges: [...document.querySelectorAll('path.line')].map((el) =>
        JSON.parse(el.dataset.points).map((p) => ({ x: origin.left + p.x * zoom, y: origin.top + p.y * zoom })),
      ),
    };
  });
}

function overlaps(a, b, eps = 0.5) {
  return (
    a.x + eps < b.x + b.width && b.x + eps < a.x + a.width && a.y + eps < b.y + b.height && b.y + eps < a.y + a.height
  );
}

/** Liang-Barsky: does the segment pass through the box shrunk by `eps`? */
function crosses(p, q, box, eps = 1) {
  const [x0, y0, x1, y1] = [box.x + eps, box.y + eps, box.x + box.width - eps, box.y + box.height - eps];
  let [t0, t1] = [0, 1];
  const [dx, dy] = [q.x - p.x, q.y - p.y];
  for (const [pk, qk] of [
    [-dx, p.x - x0],
    [dx, x1 - p.x],
    [-dy, p.y - y0],
    [dy, y1 - p.y],
  ]) {
    if (pk === 0) {
      if (qk <= 0) return false;
    } else {
      const t = qk / pk;
      if (pk < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 >= t1) return false;
    }
  }
  return t1 - t0 > 1e-9;
}

function geometryProblems(g) {
  const problems = [];
  for (let i = 0; i < g.labels.length; i++)
    for (let j = i + 1; j < g.labels.length; j++)
      if (overlaps(g.labels[i], g.labels[j])) problems.push(`labels ${i} and ${j} overlap`);
  g.edges.forEach((points, e) => {
    for (let k = 0; k + 1 < points.length; k++)
      for (const t of g.tables) if (crosses(points[k], points[k + 1], t)) problems.push(`edge ${e} crosses ${t.name}`);
  });
  return problems;
}

let preview;
let diagram;
try {
  await report.check('the Jobs view lists the driver-dnf-2010 batch prediction the CLI ran', async () => {
    await wb.open(workbenchUrl({ base: args.base, folder: args.workspace }));
    const relgraph = page.locator('.activitybar .action-item a[aria-label^="Relgraph"]').first();
    await relgraph.waitFor({ timeout: WAIT.startup });
    await relgraph.click();
    const row = page.locator(`.monaco-list-row[aria-label^="${expected.specName}, DONE, "]`);
    await row.waitFor({ timeout: WAIT.server });
  });

  await report.check(
    `Preview Predictions opens the whole output: ${expected.rows} rows, entity columns joined`,
    async () => {
      const row = page.locator(`.monaco-list-row[aria-label^="${expected.specName}, DONE, "]`);
      await row.hover();
      await row.locator('.action-label[aria-label="Preview Predictions"]').click();
      await wb.activeEditorTab(`Predictions: ${expected.specName}`).waitFor({ timeout: WAIT.ui });
      preview = await webviewWith('#rows tbody tr');
      const caption = await preview.locator('#caption').innerText();
      assert.match(caption, new RegExp(`^${expected.jobId} · ${expected.rows.toLocaleString('en-US')} rows · `));
      const headers = (await preview.locator('thead tr.names th').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(headers.slice(0, 5), ['ENTITY', 'ANCHOR_TIMESTAMP', 'TARGET_PRED', 'FALSE_PROB', 'TRUE_PROB']);
      assert.ok(
        headers.some((h) => h === 'drivers.forename'),
        `entity columns: ${headers}`,
      );
      assert.equal(await preview.locator('#rows tbody tr').count(), 100);
      assert.match(await preview.locator('#range').innerText(), new RegExp(`^Rows 1–100 of ${expected.rows}$`));
    },
  );

  await report.check(
    'the score histogram marks the threshold; the warning appears exactly when it should',
    async () => {
      await preview.locator('#chart svg rect.bar').first().waitFor({ state: 'attached', timeout: WAIT.ui });
      assert.equal(await preview.locator('#chart svg rect.bar').count(), 20);
      assert.equal(
        Number(await preview.locator('#chart .mark.threshold').getAttribute('data-value')),
        expected.threshold,
      );
      const warnings = await preview.locator('#warnings .warning').allInnerTexts();
      if (expected.warns) {
        assert.equal(warnings.length, 1, JSON.stringify(expected));
        assert.match(warnings[0], new RegExp(`while training chose ${Number(expected.trainingThreshold.toFixed(4))}`));
      } else assert.deepEqual(warnings, []);
      console.log(
        `    threshold ${expected.threshold}, training ${expected.trainingThreshold}, ${expected.positive}/${expected.rows} TRUE`,
      );
    },
  );

  await report.check('sorting by TRUE_PROB sorts the whole output: the top row is the true maximum', async () => {
    await preview.locator('thead th[data-name="TRUE_PROB"] button').click();
    await preview.locator('thead th[data-name="TRUE_PROB"][aria-sort="descending"]').waitFor({ timeout: WAIT.ui });
    const at = (name) =>
      preview.locator(`thead tr.names th`).evaluateAll((ths, n) => ths.findIndex((th) => th.dataset.name === n), name);
    const [entity, prob] = [await at('ENTITY'), await at('TRUE_PROB')];
    await preview.waitForFunction(
      ([p, top]) =>
        Math.abs(Number(document.querySelector(`#rows tbody tr td:nth-child(${p + 1})`)?.textContent) - top) < 1e-5,
      [prob, expected.top.prob],
      { timeout: WAIT.server },
    );
    const first = await preview.locator('#rows tbody tr').first().locator('td').allInnerTexts();
    assert.equal(num(first[entity]), expected.top.entity);
    await wb.screenshot('10-predictions-preview-sorted.png');
  });

  await report.check('the next page continues the sorted order', async () => {
    await preview.locator('#next').click();
    await preview.locator('#range', { hasText: /^Rows 101–200 of/ }).waitFor({ timeout: WAIT.server });
    const p = await preview
      .locator('thead tr.names th')
      .evaluateAll((ths) => ths.findIndex((th) => th.dataset.name === 'TRUE_PROB'));
    const value = num(await preview.locator('#rows tbody tr').first().locator('td').nth(p).innerText());
    assert.ok(Math.abs(value - expected.secondPageTop) < 1e-5, `${value} vs ${expected.secondPageTop}`);
    await preview.locator('#first').click();
    await preview.locator('#range', { hasText: /^Rows 1–100 of/ }).waitFor({ timeout: WAIT.server });
  });

  await report.check(`filtering TRUE_PROB < 0.5 leaves ${expected.below} rows, all below 0.5`, async () => {
    const input = preview.locator('input.filter[aria-label="Filter TRUE_PROB"]');
    await input.fill('< 0.5');
    await input.press('Enter');
    const range =
      expected.below === expected.rows
        ? `${expected.rows}`
        : `${expected.below} \\(filtered from ${expected.rows.toLocaleString('en-US')}\\)`;
    await preview.locator('#range', { hasText: new RegExp(`of ${range}$`) }).waitFor({ timeout: WAIT.server });
    const p = await preview
      .locator('thead tr.names th')
      .evaluateAll((ths) => ths.findIndex((th) => th.dataset.name === 'TRUE_PROB'));
    const values = await preview.locator(`#rows tbody tr td:nth-child(${p + 1})`).allInnerTexts();
    assert.equal(values.length, Math.min(100, expected.below));
    assert.ok(
      values.every((v) => num(v) < 0.5),
      JSON.stringify(values.slice(0, 5)),
    );
    await wb.screenshot('11-predictions-preview-filtered.png');
  });

  await report.check('Export CSV writes every row of the filtered, sorted view to the file chosen', async () => {
    // The dialog proposes <workspace>/<spec>_predictions_view.csv; code-server's save dialog is VS Code's simple
    // file dialog (a path in a quick input): accept the proposal.
    const target = join(args.workspace, `${expected.specName}_predictions_view.csv`);
    rmSync(target, { force: true });
    await preview.locator('#export').click();
    const input = page.locator('.quick-input-widget input');
    await page.waitForFunction(
      (name) => document.querySelector('.quick-input-widget input')?.value.endsWith(name),
      `${expected.specName}_predictions_view.csv`,
      { timeout: WAIT.ui },
    );
    await input.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', {
      hasText: `Exported ${expected.below} rows`,
    });
    await toast.waitFor({ timeout: WAIT.server });
    assert.ok(existsSync(target));
    const lines = readFileSync(target, 'utf8').trim().split('\n');
    assert.equal(lines.length, expected.below + 1);
    assert.match(lines[0], /^ENTITY,ANCHOR_TIMESTAMP,TARGET_PRED,FALSE_PROB,TRUE_PROB,drivers\./);
    const probs = lines.slice(1).map((l) => Number(l.split(',')[4]));
    assert.ok(
      probs.every((v, i) => v < 0.5 && (i === 0 || v <= probs[i - 1])),
      'sorted by score, all below 0.5',
    );
  });

  await report.check(
    'Show Graph draws driver-dnf: 10 tables, 14 labelled edges, entity and target marked',
    async () => {
      await wb.openFile('driver-dnf.training.yaml', 'PREDICT');
      await wb.runCommand('Relgraph: Show Graph');
      diagram = await webviewWith('#canvas .table');
      await diagram.waitForFunction(() => document.querySelectorAll('#canvas .table').length === 10, undefined, {
        timeout: WAIT.server,
      });
      assert.equal(await diagram.locator('#canvas .edge-label').count(), 14);
      await diagram.locator('.table.entity[data-table="drivers"]').waitFor();
      await diagram.locator('.table.target[data-table="results"]').waitFor();
      console.log(`    F1 layout in the webview: ${await diagram.evaluate(() => document.body.dataset.layoutMs)} ms`);
    },
  );

  await report.check('no two edge labels overlap and no edge crosses a table box (DOM geometry)', async () => {
    const g = await diagramGeometry(diagram);
    assert.equal(g.labels.length, 14);
    assert.equal(g.edges.length, 14);
    assert.deepEqual(geometryProblems(g), []);
  });

  await report.check('keys and time columns are drawn with the codicon font (no emoji)', async () => {
    const icons = await diagram.evaluate(() => {
      const key = document.querySelector('#canvas .table .codicon-key');
      const glyph = key ? getComputedStyle(key, '::before').content : '';
      return {
        keys: document.querySelectorAll('#canvas .table .codicon-key').length,
        clocks: document.querySelectorAll('#canvas .table .codicon-history').length,
        family: key ? getComputedStyle(key).fontFamily : '',
        glyph,
        loaded: document.fonts.check('16px codicon'),
        emoji: /[\u{1F300}-\u{1FAFF}\u23F1\u{1F511}]/u.test(document.body.innerText),
      };
    });
    assert.equal(icons.keys, 10);
    assert.equal(icons.clocks, 6);
    assert.match(icons.family, /codicon/);
    assert.ok(icons.glyph && icons.glyph !== 'none' && icons.glyph !== 'normal', icons.glyph);
    assert.ok(icons.loaded, 'the codicon font loaded');
    assert.equal(icons.emoji, false);
    // The picture for the README: the diagram's editor group maximized, the whole graph fitted.
    await diagram.locator('#zoom-reset').click();
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.runCommand('View: Toggle Maximize Editor Group');
    await page.waitForTimeout(500);
    await diagram.locator('#zoom-fit').click();
    const clipped = await diagram.evaluate(() =>
      [...document.querySelectorAll('#canvas .table .name, #canvas .table .row span:last-child')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent),
    );
    assert.deepEqual(clipped, [], 'every name and key fits its box');
    await wb.screenshot('12-graph-diagram.png');
    await wb.runCommand('View: Toggle Maximize Editor Group');
  });

  await report.check('zoom buttons, Ctrl+wheel and fit change the scale; fit shows the whole graph', async () => {
    const level = () => diagram.locator('#zoom-level').innerText();
    const before = await level();
    await diagram.locator('#zoom-in').click();
    assert.equal(await level(), `${Math.round(Number(before.replace('%', '')) * 1.25)}%`);
    const width = async () => (await diagram.locator('.table[data-table="drivers"]').boundingBox()).width;
    const w1 = await width();
    const box = await diagram.locator('#viewport').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await diagram.waitForFunction(
      (w) => document.querySelector('.table[data-table="drivers"]').getBoundingClientRect().width > w + 1,
      w1,
      {
        timeout: WAIT.ui,
      },
    );
    await diagram.locator('#zoom-fit').click();
    const fits = await diagram.evaluate(() => {
      const viewport = document.getElementById('viewport');
      const stage = document.getElementById('stage');
      return stage.offsetWidth <= viewport.clientWidth + 1 && stage.offsetHeight <= viewport.clientHeight + 1;
    });
    assert.ok(fits, 'after fit the drawing fits the view');
    assert.deepEqual(geometryProblems(await diagramGeometry(diagram)), [], 'still no overlaps at the fitted scale');
  });

  await report.check('an edit repaints the diagram in place: the broken edge turns red, the zoom stays', async () => {
    await diagram.locator('#zoom-out').click();
    const zoomBefore = await diagram.locator('#zoom-level').innerText();
    await diagram.locator('.table[data-table="races"]').click();
    await wb.activeEditorTab('f1.graph.yaml').waitFor({ timeout: WAIT.ui });
    // Point the races -> circuits edge at a table that does not exist: a static error on the edge.
    await wb.runCommand('Go to Line/Column');
    await page.keyboard.type('46');
    await page.keyboard.press('Enter');
    // The line is `  - { src_table: races, fkey: circuitId, dst_table: circuits }`: select `circuits`, rename it.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type('circuits_x');
    await diagram.waitForFunction(() => document.querySelectorAll('#canvas .edge-label').length === 13, undefined, {
      timeout: WAIT.server,
    });
    await diagram.locator('.table.error[data-table="races"]').waitFor({ timeout: WAIT.server });
    assert.equal(await diagram.locator('#zoom-level').innerText(), zoomBefore);
    await wb.screenshot('13-graph-diagram-edit.png');
    await page.keyboard.press('Control+Z');
    await diagram.waitForFunction(() => document.querySelectorAll('#canvas .edge-label').length === 14, undefined, {
      timeout: WAIT.server,
    });
  });

  await report.check('a 200-table graph gets a mini-map and still no overlaps or crossings', async () => {
    await wb.openFile('big.graph.yaml', 'kind: graph');
    await wb.runCommand('Relgraph: Show Graph');
    const big = await webviewWith('#canvas .table[data-table="fact_199"]', 180_000);
    await big.locator('#minimap').waitFor({ state: 'visible', timeout: WAIT.ui });
    const ms = await big.evaluate(() => document.body.dataset.layoutMs);
    console.log(`    200-table layout in the webview's worker: ${ms} ms`);
    const g = await diagramGeometry(big);
    assert.equal(g.tables.length, 200);
    assert.deepEqual(geometryProblems(g).slice(0, 5), []);
    await wb.screenshot('14-graph-diagram-200.png');
  });
} finally {
  if (report.failed) await page.screenshot({ path: join(args.artifacts, 'ui-views-failure.png') }).catch(() => {});
  await context.close();
}
process.exitCode = report.failed ? 1 : 0;
