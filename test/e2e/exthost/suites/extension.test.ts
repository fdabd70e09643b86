import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec, SERVER_TIMEOUT_MS } from './helpers';

const COMMANDS = [
  'relgraph.server.restart',
  'relgraph.server.showLogs',
  'relgraph.data.validate',
  'relgraph.prediction.run',
  'relgraph.graph.show',
  'relgraph.training.run',
];

suite('extension', () => {
  test('the Relgraph extension is loaded from the repository and activates by itself in an f1 workspace', async () => {
    const extension = vscode.extensions.getExtension('relgraph.relgraph');
    assert.ok(extension, 'extension relgraph.relgraph is not loaded');
    assert.equal(extension.packageJSON.main, './dist/client/extension.js');
    await openSpec('f1.graph.yaml');
    // No activate() call here: its activation events (package.json) must do it.
    const deadline = Date.now() + SERVER_TIMEOUT_MS;
    while (!extension.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(
      extension.isActive,
      true,
      `not activated: activationEvents ${JSON.stringify(extension.packageJSON.activationEvents)}`,
    );
  });

  test('it registers the Relgraph commands, and contributes them to the command palette', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !commands.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    const contributed = (
      (vscode.extensions.getExtension('relgraph.relgraph')?.packageJSON.contributes?.commands ?? []) as {
        command: string;
      }[]
    ).map((c) => c.command);
    const notContributed = COMMANDS.filter((c) => !contributed.includes(c));
    assert.deepEqual(notContributed, [], `commands missing from package.json contributes.commands`);
  });
});
