import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, errorsOf, openSpec, replaceInDocument, waitForDiagnostics, withCode } from './helpers';

suite('commands', () => {
  test('relgraph.data.validate runs the data checks: a non-unique primary key is reported', async () => {
    const { document } = await openSpec('holdout.graph.yaml');
    // drivers.nationality repeats across drivers: as a primary key, only the data can tell it is not unique.
    await replaceInDocument(document, 'primary_key: driverId', 'primary_key: nationality');
    try {
      await vscode.commands.executeCommand('relgraph.data.validate', document.uri);
      const diagnostics = await waitForDiagnostics(
        document.uri,
        withCode('primary-key-not-unique'),
        'primary-key-not-unique',
      );
      const d = diagnostics.find((x) => codeOf(x) === 'primary-key-not-unique')!;
      assert.equal(document.getText(d.range), 'nationality');
      assert.match(d.message, /nationality/);
    } finally {
      await replaceInDocument(document, 'primary_key: nationality', 'primary_key: driverId');
    }
    await waitForDiagnostics(document.uri, (ds) => !withCode('primary-key-not-unique')(ds), 'the data error to clear');
  });

  test('relgraph.server.restart starts a new server that validates again', async () => {
    const { document } = await openSpec('f1.graph.yaml');
    await vscode.commands.executeCommand('relgraph.server.restart');
    await replaceInDocument(document, 'dst_table: circuits }', 'dst_table: circuitz }');
    await waitForDiagnostics(document.uri, withCode('unknown-table'), 'unknown-table from the restarted server');
    await replaceInDocument(document, 'dst_table: circuitz }', 'dst_table: circuits }');
    const after = await waitForDiagnostics(document.uri, (ds) => errorsOf(ds).length === 0, 'no errors');
    assert.deepEqual(errorsOf(after), []);
  });
});
