import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec } from './helpers';

suite('hover', () => {
  test('hovering a table in a PQL query shows the table with its data profile', async () => {
    const { document } = await openSpec('driver-position.training.yaml');
    const offset = document.getText().indexOf('AVG(results.positionOrder') + 'AVG(re'.length;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(offset),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /\*\*results\*\*/, text);
    assert.match(text, /primary key `resultId`/, text);
    assert.match(text, /[\d,]+ rows/, `the hover reads the data: ${text}`);
  });
});
