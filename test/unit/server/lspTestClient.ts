import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startRelgraphServer, type RelgraphServerOptions } from '../../../server/RelgraphLanguageServer';
import type { ServerStatusParams } from '../../../protocol/lspExtensions';

export interface StartOptions {
  /** Files of the workspace, relative path -> text. */
  files?: Record<string, string>;
  initializationOptions?: unknown;
  /** The `relgraph` settings section answered to `workspace/configuration`. */
  settings?: unknown;
  server?: RelgraphServerOptions;
  snippets?: boolean;
}

/**
 * A real LSP client talking JSON-RPC to a real Relgraph server over a pair of in-memory streams: the
 * same protocol path as an editor, without a child process. It records what the server publishes and
 * answers the server's requests (configuration, registrations) like VS Code does.
 */
export class LspTestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly statuses: ServerStatusParams[] = [];
  readonly logs: string[] = [];
  private readonly versions = new Map<string, number>();
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly connection: MessageConnection,
    readonly root: string,
    private settings: unknown,
  ) {}

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-lsp-'));
    for (const [name, text] of Object.entries(options.files ?? {})) writeFile(root, name, text);
    const clientToServer = new PassThrough();
    const serverToClient = new PassThrough();
    const serverConnection = createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(clientToServer),
      new StreamMessageWriter(serverToClient),
    );
    // Tests check what the data says, not how fast: no answer may come back empty because the machine is busy.
    startRelgraphServer(serverConnection, { dataWaitMs: 120_000, ...options.server });
    const connection = createMessageConnection(
      new StreamMessageReader(serverToClient),
      new StreamMessageWriter(clientToServer),
    );
    const client = new LspTestClient(connection, root, options.settings ?? {});
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.published.push(params);
      client.wake();
    });
    connection.onNotification('relgraph/serverStatus', (params: ServerStatusParams) => {
      client.statuses.push(params);
      client.wake();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
    });
    connection.onRequest('workspace/configuration', (params: unknown) =>
      (params as { items: unknown[] }).items.map(() => client.settings),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: null,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
        },
        textDocument: {
          completion: { completionItem: { snippetSupport: options.snippets ?? false } },
          publishDiagnostics: { relatedInformation: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  path(name: string): string {
    return path.join(this.root, name);
  }

  uri(name: string): string {
    return pathToFileURL(this.path(name)).href;
  }

  write(name: string, text: string): void {
    writeFile(this.root, name, text);
  }

  /** Opens a workspace file (its disk text unless `text` is given) and returns its URI. */
  open(name: string, text?: string): string {
    const uri = this.uri(name);
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: text ?? fs.readFileSync(this.path(name), 'utf8') },
    });
    return uri;
  }

  /** Replaces a document's whole text (a full-content change, which incremental sync accepts too). */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  fileChanged(name: string, type: 1 | 2 | 3 = 2): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: this.uri(name), type }],
    });
  }

  setSettings(settings: unknown): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { relgraph: settings } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** The latest diagnostics published for a URI. */
  diagnostics(uri: string): Diagnostic[] {
    return [...this.published].reverse().find((p) => p.uri === uri)?.diagnostics ?? [];
  }

  /** Waits until the latest diagnostics of `uri` satisfy `accept` (fails after `timeoutMs`). */
  async waitForDiagnostics(
    uri: string,
    accept: (diagnostics: Diagnostic[], params: PublishDiagnosticsParams) => boolean,
    timeoutMs = 60_000,
  ): Promise<Diagnostic[]> {
    const latest = () => [...this.published].reverse().find((p) => p.uri === uri);
    await this.waitFor(
      () => {
        const params = latest();
        return params !== undefined && accept(params.diagnostics, params);
      },
      timeoutMs,
      () => `diagnostics of ${uri}: ${JSON.stringify(latest()?.diagnostics.map((d) => d.code))}`,
    );
    return latest()!.diagnostics;
  }

  async waitFor(condition: () => boolean, timeoutMs = 60_000, describe: () => string = () => ''): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting; last state: ${describe()}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async dispose(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
    } finally {
      this.connection.dispose();
      fs.rmSync(this.root, { recursive: true, force: true });
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

function writeFile(root: string, name: string, text: string): void {
  const file = path.join(root, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Codes of a diagnostic list, sorted, for compact assertions. */
export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}
