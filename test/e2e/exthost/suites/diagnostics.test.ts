import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openSpec, waitForDiagnostics, withCode } from './helpers';

suite('diagnostics', () => {
  test("an inference graph with table 'drivers' renamed to 'driver' gets table-not-in-training on the key", async () => {
    const editor = await openSpec('broken-holdout.graph.yaml');
    const diagnostics = await waitForDiagnostics(
      editor.document.uri,
      withCode('table-not-in-training'),
      'table-not-in-training',
    );
    const found = diagnostics.filter((d) => codeOf(d) === 'table-not-in-training');
    assert.equal(found.length, 1, 'exactly one table is not in the training graph');
    const [d] = found;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [11, 2, 11, 8]);
    assert.equal(editor.document.getText(d.range), 'driver');
    assert.match(d.message, /^Table 'driver' is not in the training graph \(f1\.graph\.yaml\)/);
    assert.match(d.message, /Did you mean 'drivers'\?$/);
  });
});
