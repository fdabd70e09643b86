import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { RelgraphCommands } from '../protocol/commands';
import {
  DescribeTrainingModelRequest,
  DidChangeTrustNotification,
  GraphModelRequest,
  RELGRAPH_PROTOCOL_VERSION,
  RunDataChecksRequest,
  ServerStatusNotification,
  SpecInfoRequest,
  ValidateSpecTextRequest,
  type DescribeTrainingModelResult,
  type DocumentParams,
  type GraphModelResult,
  type RelgraphInitializationOptions,
  type RunDataChecksResult,
  type ServerStatusParams,
  type SpecInfoResult,
  type SpecTextProblem,
  type TrainingModelRef,
} from '../protocol/lspExtensions';
import type { NotificationMessage, RequestMessage } from '../protocol/messageTypes';
import {
  ScaffoldPlanRequest,
  ScaffoldRenderRequest,
  type ScaffoldPlanParams,
  type ScaffoldPlanResult,
  type ScaffoldRenderParams,
  type ScaffoldRenderResult,
} from '../protocol/scaffold';
import { SPEC_FILE_GLOB } from './specDocuments';
import type { CodeCachedBundle } from './startup/codeCachedBundle';
import type { ExtensionStartup } from './startup/StartupCost';

export type ClientState = 'starting' | 'running' | 'stopped';
/** dist/client/languageClientRuntime.js: the library and the message types made by its copy of JSON-RPC. */
type LanguageClientRuntime = typeof import('./languageClientRuntime');

/** Commands this client implements; the server offers their code lenses and leaves them to us. */
const CLIENT_COMMANDS = [
  RelgraphCommands.validateData,
  RelgraphCommands.runPrediction,
  RelgraphCommands.runTraining,
  RelgraphCommands.showGraph,
  RelgraphCommands.allowOutsideWorkspace,
  RelgraphCommands.pullKumoTrainingGraph,
  RelgraphCommands.openKumoScript,
  RelgraphCommands.newInferenceGraph,
];

/**
 * The server's inspector port while the extension itself is being debugged (the extension host runs with
 * `--inspect`): attach a debugger to it. Never opened otherwise, so two windows never compete for it.
 */
const SERVER_INSPECT_PORT = Number(process.env.RELGRAPH_SERVER_INSPECT_PORT) || 6010;

/**
 * Owns the language client: starts the bundled server as a Node module over IPC (with an inspector port
 * when the extension is being debugged), restarts it on request, and exposes the custom protocol as typed methods and events,
 * so the rest of the client never touches JSON-RPC.
 */
export class LanguageClientManager implements vscode.Disposable {
  private client?: LanguageClient;
  /** Loaded by the first start; every value handed to `client` comes from it. */
  private lsp?: LanguageClientRuntime;
  /** The start in progress, which requests wait for. */
  private starting?: Promise<void>;
  /** Deactivated: a start still waiting for its turn must not fork a server nobody will stop. */
  private disposed = false;
  private readonly _onDidServerStatusChange = new vscode.EventEmitter<ServerStatusParams>();
  private readonly _onDidClientStateChange = new vscode.EventEmitter<ClientState>();
  readonly onDidServerStatusChange = this._onDidServerStatusChange.event;
  readonly onDidClientStateChange = this._onDidClientStateChange.event;
  private state: ClientState = 'stopped';

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly traceLog: vscode.LogOutputChannel,
    /** Where the first start notes what loading the client cost, and where the library's code cache is. */
    private readonly startup: ExtensionStartup,
  ) {}

  get clientState(): ClientState {
    return this.state;
  }

  /**
   * Starts the language client and its server. Returns at once: the client's library (dist/client/
   * languageClientRuntime.js, beside this bundle) is loaded on the event loop's next turn, so that activation, which
   * calls this, ends without evaluating it. Requests made meanwhile wait for the start.
   */
  start(): Promise<void> {
    const requested = performance.now();
    this.setState('starting');
    const starting = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.startClient(requested));
    this.starting = starting;
    void starting
      .catch(() => undefined)
      .finally(() => {
        if (this.starting === starting) this.starting = undefined;
      });
    return starting;
  }

  private async startClient(requested: number): Promise<void> {
    try {
      await this.createAndStartClient(requested);
    } catch (error) {
      this.log.error(
        `The Relgraph language server did not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.setState('stopped');
      throw error;
    }
  }

  private async createAndStartClient(requested: number): Promise<void> {
    if (this.disposed) return;
    const begun = this.startup.clock();
    const waited = begun.wall - requested;
    // dist/client/languageClientRuntime.js, the bundle beside this one, loaded once a session.
    let library: CodeCachedBundle<LanguageClientRuntime> | undefined;
    if (!this.lsp) {
      const file = path.join(__dirname, 'languageClientRuntime.js');
      library = this.startup.loadBundle<LanguageClientRuntime>(file);
      this.lsp = library.exports;
    }
    const lsp = this.lsp;
    const { LanguageClient, State, TransportKind } = lsp;
    const serverModule = path.join(this.extensionPath, 'dist', 'server', 'server.js');
    // The client picks `debug` only when the extension host runs under a debugger (its --inspect flags).
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: ['--nolazy', `--inspect=${SERVER_INSPECT_PORT}`] },
      },
    };
    const initializationOptions: RelgraphInitializationOptions = {
      clientCommands: CLIENT_COMMANDS,
      // Restricted Mode: the server runs only the static checks and reads nothing outside the workspace.
      trusted: vscode.workspace.isTrusted,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'yaml', pattern: SPEC_FILE_GLOB }],
      outputChannel: this.log,
      traceOutputChannel: this.traceLog,
      initializationOptions,
      // The server registers its own file watchers (specs, data files, finished jobs).
      synchronize: {},
    };
    const client = new LanguageClient('relgraph', 'Relgraph', serverOptions, clientOptions);
    client.onDidChangeState(({ newState }) => {
      this.setState(newState === State.Running ? 'running' : newState === State.Starting ? 'starting' : 'stopped');
      this.log.info(`Language server: ${this.state}`);
    });
    client.onNotification(lsp.notificationType(ServerStatusNotification), (status) =>
      this._onDidServerStatusChange.fire(status),
    );
    this.client = client;
    const started = client.start();
    // What the extension host spent on the client right after activation (its library once per session).
    if (library) {
      for (const line of this.startup.cost.clientStarted(library, begun, this.startup.clock(), waited))
        this.log.info(line);
      for (const problem of this.startup.cost.problems()) this.log.warn(problem);
    }
    await started;
  }

  async restart(): Promise<void> {
    this.log.info('Restarting the language server');
    // A start still under way (a restart right after activation) ends first, or its client would be left running.
    if (this.starting) await this.starting.catch(() => undefined);
    const previous = this.client;
    this.client = undefined;
    if (previous) {
      try {
        await previous.stop(5_000);
      } catch (error) {
        this.log.warn(`Stopping the server failed (starting a new one anyway): ${error}`);
      }
      await previous.dispose().catch(() => undefined);
    }
    await this.start();
  }

  specInfo(uri: vscode.Uri): Promise<SpecInfoResult | undefined> {
    return this.documentRequest(SpecInfoRequest, uri);
  }

  graphModel(uri: vscode.Uri): Promise<GraphModelResult | undefined> {
    return this.documentRequest(GraphModelRequest, uri);
  }

  runDataChecks(uri: vscode.Uri): Promise<RunDataChecksResult | undefined> {
    return this.documentRequest(RunDataChecksRequest, uri);
  }

  /** What the prediction-spec wizard needs to know about a model (task type, time window, usability). */
  describeTrainingModel(model: TrainingModelRef): Promise<DescribeTrainingModelResult | undefined> {
    return this.request(DescribeTrainingModelRequest, { v: RELGRAPH_PROTOCOL_VERSION, model });
  }

  /** The match of a data folder's files to a model's training tables (New Inference Graph from Training). */
  scaffoldPlan(params: Omit<ScaffoldPlanParams, 'v'>): Promise<ScaffoldPlanResult | undefined> {
    return this.request(ScaffoldPlanRequest, { v: RELGRAPH_PROTOCOL_VERSION, ...params });
  }

  /** The inference graph text with the user's choices of sources. */
  scaffoldRender(params: Omit<ScaffoldRenderParams, 'v'>): Promise<ScaffoldRenderResult | undefined> {
    return this.request(ScaffoldRenderRequest, { v: RELGRAPH_PROTOCOL_VERSION, ...params });
  }

  /** The static diagnostics a spec text would get at `path`, before it is written. */
  async validateSpecText(path: string, text: string): Promise<SpecTextProblem[] | undefined> {
    const result = await this.request(ValidateSpecTextRequest, { v: RELGRAPH_PROTOCOL_VERSION, path, text });
    return result?.diagnostics;
  }

  /**
   * Tells the server a file changed that its watchers may have missed (a job record in a job store created a moment
   * ago), as a `workspace/didChangeWatchedFiles` event of its own registration would.
   */
  async notifyFileChanged(uri: vscode.Uri): Promise<void> {
    await this.withClient((client, lsp) =>
      client.sendNotification(lsp.DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: client.code2ProtocolConverter.asUri(uri), type: lsp.FileChangeType.Changed }],
      }),
    );
  }

  /** The user trusted the workspace: the server may now run the data checks. */
  async notifyTrusted(): Promise<void> {
    await this.notify(DidChangeTrustNotification, { v: RELGRAPH_PROTOCOL_VERSION, trusted: true });
  }

  /** Any request of protocol/ (the preview's); undefined while the server is not running. */
  request<P, R>(message: RequestMessage<P, R>, params: P, token?: vscode.CancellationToken): Promise<R | undefined> {
    // `params as never`: the library's RequestParam<P> does not resolve for a generic P; the message binds P.
    return this.withClient((client, lsp) => client.sendRequest(lsp.requestType(message), params as never, token));
  }

  async notify<P>(message: NotificationMessage<P>, params: P): Promise<void> {
    await this.withClient((client, lsp) => client.sendNotification(lsp.notificationType(message), params as never));
  }

  private documentRequest<R>(message: RequestMessage<DocumentParams, R>, uri: vscode.Uri): Promise<R | undefined> {
    return this.withClient((client, lsp) =>
      client.sendRequest(lsp.requestType(message), {
        v: RELGRAPH_PROTOCOL_VERSION,
        uri: client.code2ProtocolConverter.asUri(uri),
      }),
    );
  }

  private async withClient<R>(
    send: (client: LanguageClient, lsp: LanguageClientRuntime) => Promise<R>,
  ): Promise<R | undefined> {
    // A request made while the server starts (right after activation) waits for it rather than failing.
    if (this.starting) await this.starting.catch(() => undefined);
    const client = this.client;
    if (!client || !this.lsp || this.state !== 'running') return undefined;
    return send(client, this.lsp);
  }

  private setState(state: ClientState): void {
    if (state === this.state) return;
    this.state = state;
    this._onDidClientStateChange.fire(state);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this._onDidServerStatusChange.dispose();
    this._onDidClientStateChange.dispose();
    await this.client?.stop().catch(() => undefined);
  }
}
