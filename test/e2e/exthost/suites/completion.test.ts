import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec } from './helpers';

async function labelsAt(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
  );
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

function positionAfter(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `'${text}' not found in ${document.uri.path}`);
  return document.positionAt(offset + text.length);
}

suite('completion', () => {
  test('after FOR EACH, a training query offers the primary keys of the graph', async () => {
    const { document } = await openSpec('driver-position.training.yaml');
    const labels = await labelsAt(document, positionAfter(document, 'FOR EACH '));
    for (const key of ['drivers.driverId', 'races.raceId', 'results.resultId']) {
      assert.ok(labels.includes(key), `${key} not in ${JSON.stringify(labels)}`);
    }
    assert.ok(!labels.includes('results.positionOrder'), 'only primary keys are offered');
  });

  test("after 'results.' in a query, the columns of results.csv are offered", async () => {
    const { document } = await openSpec('driver-position.training.yaml');
    const labels = await labelsAt(document, positionAfter(document, 'AVG(results.'));
    for (const column of ['positionOrder', 'driverId', 'date']) {
      assert.ok(labels.includes(column), `${column} not in ${JSON.stringify(labels)}`);
    }
  });

  test('a new table key in an inference graph offers the training table it lacks', async () => {
    const editor = await openSpec('broken-holdout.graph.yaml');
    const line = editor.document.getText().split('\n').indexOf('  results:');
    assert.ok(line > 0, 'no `  results:` line');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(line, 0), '  \n')));
    try {
      const labels = await labelsAt(editor.document, new vscode.Position(line, 2));
      assert.ok(labels.includes('drivers'), `drivers not in ${JSON.stringify(labels)}`);
      assert.ok(!labels.includes('races'), `races is in the graph already: ${JSON.stringify(labels)}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
