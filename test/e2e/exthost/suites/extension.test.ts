import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec } from './helpers';

const COMMANDS = [
  'relgraph.server.restart',
  'relgraph.server.showLogs',
  'relgraph.data.validate',
  'relgraph.prediction.run',
  'relgraph.graph.show',
  'relgraph.training.run',
];

suite('extension', () => {
  test('the Relgraph extension activates when a spec file opens', async () => {
    const extension = vscode.extensions.getExtension('relgraph.relgraph');
    assert.ok(extension, 'extension relgraph.relgraph is not loaded');
    await openSpec('f1.graph.yaml');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('it registers the Relgraph commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !commands.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });
});
