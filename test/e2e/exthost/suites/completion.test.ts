import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec } from './helpers';

suite('completion', () => {
  test('completion inside a graph table offers its keys', async () => {
    const editor = await openSpec('broken-holdout.graph.yaml');
    const position = new vscode.Position(13, 4);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      position,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const key of ['primary_key', 'time_column']) assert.ok(labels.includes(key), `${key} in ${JSON.stringify(labels)}`);
  });
});
