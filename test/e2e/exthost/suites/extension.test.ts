import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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
  test('the Relgraph extension is the installed .vsix (no sources, the platform DuckDB binding)', () => {
    const extension = vscode.extensions.getExtension('relgraph.relgraph');
    assert.ok(extension, 'extension relgraph.relgraph is not loaded');
    const root = extension.extensionPath;
    // Installed from a .vsix (VS Code keeps its manifest), not loaded from the repository.
    assert.match(path.basename(root), /^relgraph\.relgraph-\d+\.\d+\.\d+/, `loaded from ${root}`);
    const manifest = path.join(root, '.vsixmanifest');
    assert.ok(fs.existsSync(manifest), `${root} has no .vsixmanifest: not installed from a .vsix`);
    assert.match(fs.readFileSync(manifest, 'utf8'), /TargetPlatform="linux-x64"/);
    assert.equal(extension.packageJSON.main, './dist/client/extensionEntry.js');
    for (const shipped of [
      'dist/client/extensionEntry.js',
      'dist/client/extension.js',
      'dist/server/server.js',
      'dist/cli/main.js',
      'bin/relgraph.js',
    ])
      assert.ok(fs.existsSync(path.join(root, shipped)), `${shipped} is missing from ${root}`);
    assert.ok(fs.existsSync(path.join(root, 'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node')));
    for (const development of [
      'client',
      'server',
      'core',
      'test',
      'dist/client/extension.js.map',
      'node_modules/typescript',
    ])
      assert.ok(!fs.existsSync(path.join(root, development)), `${development} was installed with the extension`);
  });

  test('it activates by itself in an f1 workspace', async () => {
    const extension = vscode.extensions.getExtension('relgraph.relgraph');
    assert.ok(extension, 'extension relgraph.relgraph is not loaded');
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
