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

  async screenshot(name) {
    const path = join(this.artifactsDir, name);
    await this.page.screenshot({ path });
    console.log(`    screenshot: ${path}`);
  }
}
