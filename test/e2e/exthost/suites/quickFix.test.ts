import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describe, errorsOf, openSpec, waitForDiagnostics, withCode } from './helpers';

suite('quick fix', () => {
  test('"rename to the training table\'s name" renames driver to drivers and the error goes away', async () => {
    const editor = await openSpec('broken-holdout.graph.yaml');
    const { uri } = editor.document;
    const diagnostics = await waitForDiagnostics(uri, withCode('table-not-in-training'), 'table-not-in-training');
    const target = diagnostics.find((d) => codeOf(d) === 'table-not-in-training')!;

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => /^Rename table 'driver' to 'drivers' \(the training graph's name\)$/.test(a.title));
    assert.ok(fix, `no rename quick fix among ${JSON.stringify(titles)}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind is ${fix.kind?.value}`);

    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit was refused');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(editor.document.lineAt(11).text, '  drivers:');

    const after = await waitForDiagnostics(
      uri,
      (ds) => !ds.some((d) => codeOf(d) === 'table-not-in-training'),
      'table-not-in-training to disappear',
    );
    assert.deepEqual(errorsOf(after), [], `errors left after the fix:\n${describe(after)}`);

    // Leave the fixture as it was for any later suite.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(editor.document.lineAt(11).text, '  driver:');
  });
});
