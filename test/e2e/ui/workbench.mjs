// A page object for the VS Code 1.100 web workbench served by code-server: only selectors verified on it
// (see ../../../../shared/reference/vscode-e2e.md). Waits are generous hang guards, never timing assertions.
/* global document */
import { join } from 'node:path';

export const WAIT = { startup: 90_000, server: 60_000, ui: 20_000 };

export class Workbench {
  constructor(page, artifactsDir) {
    this.page = page;
    this.artifactsDir = artifactsDir;
  }

  async open(url) {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: WAIT.startup });
  }

  explorerRow(name) {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  }

  /** Quick Open (Ctrl+P) a file by name and wait until the editor shows `expectText`. */
  async openFile(name, expectText) {
    const { page } = this;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: WAIT.ui });
    await page.keyboard.press('Enter');
    await this.activeEditorTab(name).waitFor({ timeout: WAIT.ui });
    await this.editorLines().filter({ hasText: expectText }).waitFor({ timeout: WAIT.ui });
  }

  activeEditorTab(name) {
    return this.page.locator('.tabs-container .tab.active', { hasText: name });
  }

  editorLines() {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
  }

  /** The texts of the editor lines currently rendered (the viewport), top to bottom. */
  async visibleLines() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')]
        .map((l) => ({ top: parseFloat(l.style.top), text: l.textContent.replace(/\u00a0/g, ' ') }))
        .sort((x, y) => x.top - y.top)
        .map((l) => l.text),
    );
  }

  errorSquiggles() {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-overlays .squiggly-error');
  }

  /** F1, then run a palette command by its label. */
  async runCommand(label) {
    const { page } = this;
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${label}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: WAIT.ui });
    await page.keyboard.press('Enter');
  }

  problemRows() {
    return this.page.locator('.markers-panel .monaco-list-row');
  }

  problemErrorIcons() {
    return this.page.locator('.markers-panel .monaco-list-row .marker-icon.error');
  }

  async problemTexts() {
    return (await this.problemRows().allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | '));
  }

  lightBulb() {
    return this.page.locator('.editor-group-container.active .monaco-editor .lightBulbWidget');
  }

  codeActionRows() {
    return this.page.locator('.action-widget .monaco-list-row.action');
  }

  /** Clicks a row of the code action menu; its pointer block goes away only once the mouse has moved over it. */
  async chooseCodeAction(row) {
    await row.waitFor({ timeout: WAIT.ui });
    const box = await row.boundingBox();
    await this.page.mouse.move(box.x + 20, box.y + box.height / 2, { steps: 5 });
    await row.click();
  }

  /** The labels of a tree row's context menu (opened with a right-click, closed with Escape). */
  async contextMenuLabels(row) {
    const { page } = this;
    await row.click({ button: 'right' });
    const items = page.locator('.context-view .monaco-menu .action-item .action-label');
    await items.first().waitFor({ timeout: WAIT.ui });
    const labels = (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    await page.keyboard.press('Escape');
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: WAIT.ui });
    return labels;
  }

  /** Right-clicks a tree row and runs the item of its context menu labelled `label`. */
  async runContextMenuItem(row, label) {
    const { page } = this;
    await row.click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-item', { hasText: label });
    await item.waitFor({ timeout: WAIT.ui });
    await item.hover();
    await item.click();
    // A click that lands while the menu still animates in only highlights the item: Enter then runs it.
    const menu = page.locator('.context-view .monaco-menu');
    const closed = await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(
      () => true,
      () => false,
    );
    if (!closed) await page.keyboard.press('Enter');
  }

  /**
   * Answers code-server's simple file dialog (a quick input titled `title`): once it listed its first folder
   * (`loadedRow`), types `value` (if given) and presses Enter until the dialog closes (the first Enter may only
   * navigate to the typed folder, as it does for a user).
   */
  async answerFileDialog(title, value, loadedRow) {
    const { page } = this;
    const dialog = page.locator('.quick-input-widget').filter({ hasText: title });
    await dialog.waitFor({ state: 'visible', timeout: WAIT.ui });
    if (loadedRow)
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: loadedRow })
        .first()
        .waitFor({ timeout: WAIT.ui });
    if (value !== undefined) await page.locator('.quick-input-widget input.input').fill(value);
    for (let attempt = 0; attempt < 5 && (await dialog.isVisible()); attempt++) {
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => {});
    }
    await dialog.waitFor({ state: 'hidden', timeout: WAIT.ui });
  }

  /** Accepts the file name a save dialog (titled `title`) suggests, once it has filled it in as `name`. */
  async acceptSuggestedFile(title, name) {
    const { page } = this;
    await page
      .locator('.quick-input-widget')
      .filter({ hasText: title })
      .waitFor({ state: 'visible', timeout: WAIT.ui });
    // The dialog fills its folder first, then the suggested name.
    await page.waitForFunction(
      (file) => document.querySelector('.quick-input-widget input.input')?.value.endsWith(`/${file}`),
      name,
      { timeout: WAIT.ui },
    );
    await this.answerFileDialog(title);
  }

  /**
   * Accepts every step of the New Prediction Spec wizard as it is offered (Enter), calling `onStep(placeholder)`
   * before each, until it says `Wrote <name>.prediction.yaml`; returns that name (undefined if it never did).
   */
  async acceptPredictionSpecWizard(onStep = async () => {}) {
    const { page } = this;
    const quickInput = page.locator('.quick-input-widget');
    for (let step = 0; step < 20; step++) {
      const wrote = page.locator('.notifications-toasts .notification-toast', {
        hasText: /Wrote \S+\.prediction\.yaml/,
      });
      const next = await Promise.race([
        quickInput
          .filter({ hasText: 'New Prediction Spec' })
          .waitFor({ state: 'visible', timeout: WAIT.server })
          .then(() => 'step'),
        wrote
          .first()
          .waitFor({ timeout: WAIT.server })
          .then(() => 'done'),
      ]);
      if (next === 'done') return /Wrote (\S+\.prediction\.yaml)/.exec(await wrote.first().innerText())[1];
      await onStep((await quickInput.locator('input.input').getAttribute('placeholder')) ?? '');
      const before = await quickInput.innerText();
      await page.keyboard.press('Enter');
      // The next step replaces the widget's content (or hides it): wait for that before answering again.
      await page.waitForFunction(
        (text) => {
          const widget = document.querySelector('.quick-input-widget');
          return !widget || widget.style.display === 'none' || widget.innerText !== text;
        },
        before,
        { timeout: WAIT.ui },
      );
    }
    return undefined;
  }

  async screenshot(name) {
    const path = join(this.artifactsDir, name);
    await this.page.screenshot({ path });
    console.log(`    screenshot: ${path}`);
  }
}
