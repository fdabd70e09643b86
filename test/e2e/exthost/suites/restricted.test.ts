import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describe, openSpec, replaceInDocument, waitForDiagnostics, withCode } from './helpers';

/** Only in the Restricted Mode window (restrictedIndex.ts): the workspace folder is not trusted. */
suite('Restricted Mode (untrusted workspace)', () => {
  test('the workspace is untrusted and the extension runs in it (capabilities.untrustedWorkspaces: limited)', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'run.sh opens this folder untrusted');
    const extension = vscode.extensions.getExtension('relgraph.relgraph');
    assert.ok(extension, 'the extension is loaded');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('static checks run: a renamed training table is reported on the key', async () => {
    const { document } = await openSpec('broken-holdout.graph.yaml');
    const diagnostics = await waitForDiagnostics(document.uri, withCode('table-not-in-training'), 'the static error');
    assert.ok(
      diagnostics.every((d) => d.source === 'relgraph'),
      `no data diagnostics:\n${describe(diagnostics)}`,
    );
  });

  test('no data is read: "Validate data" reports nothing and the lens says why', async () => {
    const { document } = await openSpec('holdout.graph.yaml');
    // As in the trusted suite (commands.test.ts), a primary key only the data can show is not unique.
    await replaceInDocument(document, 'primary_key: driverId', 'primary_key: nationality');
    try {
      await vscode.commands.executeCommand('relgraph.data.validate', document.uri);
      // In a trusted workspace the command resolves after the checks ran and published (commands.test.ts).
      const diagnostics = vscode.languages.getDiagnostics(document.uri);
      assert.deepEqual(
        diagnostics.filter((d) => d.source === 'relgraph-data').map(codeOf),
        [],
        `no data check ran:\n${describe(diagnostics)}`,
      );
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        document.uri,
      );
      const titles = lenses.map((l) => l.command?.title ?? '');
      assert.ok(
        titles.some((t) => /Restricted Mode/.test(t)),
        `lens titles: ${titles.join(' | ')}`,
      );
    } finally {
      await replaceInDocument(document, 'primary_key: nationality', 'primary_key: driverId');
    }
  });

  test('no job runs: no run lens on a prediction spec, and the run command starts no task', async () => {
    const { document } = await openSpec('driver-dnf-2010.prediction.yaml');
    await waitForDiagnostics(document.uri, () => true, 'validation');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(!titles.some((t) => /Run batch prediction/.test(t)), `lens titles: ${titles.join(' | ')}`);
    await vscode.commands.executeCommand('relgraph.prediction.run', document.uri).then(
      () => undefined,
      () => undefined, // the command's enablement (isWorkspaceTrusted) may refuse it outright
    );
    assert.deepEqual(
      vscode.tasks.taskExecutions.map((t) => t.task.name),
      [],
    );
  });
});
