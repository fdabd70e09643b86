import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec } from './helpers';

async function itemsAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
  );
  return list.items;
}

const labelOf = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);

async function labelsAt(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  return (await itemsAt(document, position)).map(labelOf);
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

  test('a new table key in an inference graph offers every training table, the present ones marked, and no words', async () => {
    const editor = await openSpec('broken-holdout.graph.yaml');
    const line = editor.document.getText().split('\n').indexOf('  results:');
    assert.ok(line > 0, 'no `  results:` line');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(line, 0), '  \n')));
    try {
      const items = await itemsAt(editor.document, new vscode.Position(line, 2));
      const labels = items.map(labelOf);
      assert.ok(labels.includes('drivers'), `drivers not in ${JSON.stringify(labels)}`);
      const races = items.find((i) => labelOf(i) === 'races');
      assert.ok(races, `races (in the graph already) not in ${JSON.stringify(labels)}`);
      assert.equal(typeof races.label === 'string' ? undefined : races.label.description, 'already in this graph');
      // VS Code adds its word-based suggestions only when no provider answered: none of the file's words.
      for (const word of ['source', 'primary_key', 'csv', 'kind', 'graph'])
        assert.ok(!labels.includes(word), `a generic word '${word}' is offered: ${JSON.stringify(labels)}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test("Enter after `tables:` indents by the file's indentation (2 spaces here, 4 in a 4-space file)", async () => {
    const cases: [string, string, string][] = [
      ['f1.graph.yaml', 'tables:', '  '],
      ['four-spaces.graph.yaml', '    drivers:', '        '],
    ];
    const four = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'four-spaces.graph.yaml');
    await vscode.workspace.fs.writeFile(
      four,
      Buffer.from(
        'kind: graph\ntables:\n    drivers:\n        source: data/train/drivers.csv\n        primary_key: driverId\n',
      ),
    );
    for (const [file, keyLine, indentation] of cases) {
      const editor = await openSpec(file);
      const line = editor.document.getText().split('\n').indexOf(keyLine);
      assert.ok(line >= 0, `no '${keyLine}' line in ${file}`);
      const end = new vscode.Position(line, keyLine.length);
      editor.selection = new vscode.Selection(end, end);
      try {
        await vscode.commands.executeCommand('type', { text: '\n' });
        assert.equal(JSON.stringify(editor.document.lineAt(line + 1).text), JSON.stringify(indentation), file);
        assert.equal(editor.selection.active.character, indentation.length);
      } finally {
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    await vscode.workspace.fs.delete(four);
  });
});
