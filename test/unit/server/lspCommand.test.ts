import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { SHOP_FILES } from './shopWorkspace';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('relgraph lsp --stdio', () => {
  let root: string;
  let child: ReturnType<typeof spawn>;
  let connection: MessageConnection;
  const published: PublishDiagnosticsParams[] = [];
  const stderr: string[] = [];

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-stdio-'));
    for (const [name, text] of Object.entries(SHOP_FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    // The real CLI entry point from source, as an editor would start it (from a build: `node dist/cli/main.js`).
    child = spawn(process.execPath, [path.join(REPO, 'bin', 'relgraph.js'), 'lsp', '--stdio'], {
      cwd: root,
      env: { ...process.env, RELGRAPH_FROM_SOURCE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      published.push(params);
    });
    connection.listen();
  });

  after(async () => {
    connection.dispose();
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('speaks LSP over stdio: capabilities, diagnostics, hover, shutdown and exit', async () => {
    const init = await connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: { name: string } }>(
      'initialize',
      {
        processId: process.pid,
        rootUri: pathToFileURL(root).href,
        capabilities: {},
      },
    );
    assert.equal(init.serverInfo.name, 'relgraph');
    assert.ok(
      init.capabilities.hoverProvider && init.capabilities.completionProvider && init.capabilities.renameProvider,
    );
    assert.deepEqual((init.capabilities.executeCommandProvider as { commands: string[] }).commands, [
      'relgraph.data.validate',
    ]);
    await connection.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(root, 'churn.prediction.yaml')).href;
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: SHOP_FILES['churn.prediction.yaml'] },
    });
    const deadline = Date.now() + 30_000;
    while (!published.some((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'threshold-required'))) {
      assert.ok(Date.now() < deadline, `no diagnostics; stderr: ${stderr.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const hover = await connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 3 },
    });
    assert.match(hover!.contents.value, /anchor_time/);
    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  });
});
