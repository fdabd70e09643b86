import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { editedText, type BenchWorkspace } from './generateWorkspace';

export interface LspRun {
  ms: number[];
  /** Diagnostics published for an edited version (table t57 renamed). */
  editedDiagnostics: number;
}

export interface LspServerCommand {
  command: string;
  args: string[];
  /** Settings for `workspace/didChangeConfiguration` and `workspace/configuration` answers, by section. */
  settings: Record<string, unknown>;
  /** Whether the server echoes the document version in publishDiagnostics (ours does; yaml-language-server does not). */
  versioned: boolean;
}

/**
 * Time from sending `didChange` to receiving that version's `publishDiagnostics`, measured by a real LSP
 * client over the server process's stdio, one edit at a time.
 */
export async function measureOverLsp(
  server: LspServerCommand,
  ws: BenchWorkspace,
  edits: number,
  warmup: number,
): Promise<LspRun> {
  const child = spawn(server.command, server.args, { cwd: ws.root, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const uri = pathToFileURL(ws.predictionPath).href;
  let waiting: ((params: PublishDiagnosticsParams) => void) | undefined;
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    if (params.uri === uri) waiting?.(params);
  });
  connection.onRequest('workspace/configuration', (params: unknown) =>
    (params as { items: { section?: string }[] }).items.map((item) => server.settings[item.section ?? ''] ?? null),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(ws.root).href,
      workspaceFolders: [{ uri: pathToFileURL(ws.root).href, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: server.settings });
    const published = (version: number) =>
      new Promise<PublishDiagnosticsParams>((resolve) => {
        waiting = (params) => {
          if (!server.versioned || params.version === version) resolve(params);
        };
      });
    let ready = published(1);
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: ws.predictionText },
    });
    await ready;
    const ms: number[] = [];
    let editedDiagnostics = 0;
    for (let i = 0; i < warmup + edits; i++) {
      const version = i + 2;
      ready = published(version);
      const started = performance.now();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: editedText(ws.predictionText, i) }],
      });
      const params = await ready;
      if (i >= warmup) ms.push(performance.now() - started);
      if (i % 2 === 0) editedDiagnostics = params.diagnostics.length;
    }
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return { ms, editedDiagnostics };
  } finally {
    connection.dispose();
    child.kill();
  }
}
