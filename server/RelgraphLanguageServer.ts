import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { validateSpecFile } from '../core/validation/validateSpec';
import { NodeSpecHost } from '../data/NodeSpecHost';
import { SpecDocumentStore } from './documents/SpecDocumentStore';
import { specKindOfPath, uriToPath } from './documents/specFiles';
import { FEATURE_TRIGGER_CHARACTERS, registerFeatures } from './features/registerFeatures';
import { FIX_ALL_KIND } from './features/codeActions/CodeActionProvider';
import { guard } from './handlerGuard';
import {
  RelgraphCommands,
  RUN_DATA_CHECKS_METHOD,
  RELGRAPH_PROTOCOL_VERSION,
  type RelgraphInitializationOptions,
  type RunDataChecksParams,
  type RunDataChecksResult,
} from './protocol/relgraphProtocol';
import { DEFAULT_SETTINGS, readServerSettings, type ServerSettings } from './ServerSettings';
import { ServerStatusReporter } from './ServerStatusReporter';
import { DataCheckRunner, type DataCheckerFactory } from './validation/DataCheckRunner';
import { DependencyIndex } from './validation/DependencyIndex';
import { DiagnosticPublisher } from './validation/DiagnosticPublisher';
import { SpecValidationService } from './validation/SpecValidationService';
import { LanguageServerSpecHost } from './workspace/LanguageServerSpecHost';
import { SpecWorkspace } from './workspace/SpecWorkspace';
import { WorkspaceSpecIndex } from './workspace/WorkspaceSpecIndex';
import { DataTier } from './data/DataTier';
import { TableDataService, type TableProfilerFactory } from './data/TableDataService';

export interface RelgraphServerOptions {
  /** The data tier; defaults to data/DataValidator, loaded on first use. */
  createDataChecker?: DataCheckerFactory;
  createTableProfiler?: TableProfilerFactory;
  /** How long hover and completion wait for data before answering without it (default 3 s). */
  dataWaitMs?: number;
}

/** Server-side commands, for editors whose client does not implement them itself. */
const SERVER_COMMANDS = [RelgraphCommands.validateData];
/** File events that matter: specs (cross-file validation), data files (data checks), finished jobs. */
const WATCHED_GLOBS = [
  '**/*.{graph,training,prediction}.{yaml,yml}',
  '**/*.{csv,parquet,CSV,PARQUET}',
  '**/.relgraph/jobs/*.json',
];

/**
 * Wires the Relgraph language server onto a connection: document sync, the validation tiers, the
 * workspace index and every feature. The same function serves VS Code (IPC), `relgraph lsp --stdio`
 * and the tests (in-memory streams).
 */
export function startRelgraphServer(connection: Connection, options: RelgraphServerOptions = {}): void {
  const console = connection.console;
  let settings: ServerSettings = DEFAULT_SETTINGS;
  const currentSettings = () => settings;
  const files = new NodeSpecHost();
  const index = new WorkspaceSpecIndex(files);
  const host = new LanguageServerSpecHost(files, index);
  const documents = new SpecDocumentStore(files);
  const dataTier = new DataTier(host, console);
  const dependencies = new DependencyIndex();
  const publisher = new DiagnosticPublisher(connection, currentSettings);
  const status = new ServerStatusReporter(connection);
  const validation = new SpecValidationService(
    documents,
    host,
    validateSpecFile,
    publisher,
    dependencies,
    currentSettings,
    console,
  );
  const dataRunner = new DataCheckRunner(
    host,
    options.createDataChecker ?? ((timeoutMs) => dataTier.checker(timeoutMs)),
    (specPath) => validation.current(specPath),
    publisher,
    currentSettings,
    console,
  );
  const workspace = new SpecWorkspace(documents, validation, host, index);
  const tableData = new TableDataService(
    options.createTableProfiler ?? (() => dataTier.profiler()),
    console,
    options.dataWaitMs,
  );

  let clientCommands = new Set<string>();
  let hasConfigurationCapability = false;
  let canRegisterWatchers = false;
  let canRefreshCodeLens = false;
  let hasWorkspaceFolderCapability = false;
  let roots: string[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as RelgraphInitializationOptions;
    clientCommands = new Set(init.clientCommands ?? []);
    if (init.settings !== undefined) settings = readServerSettings(init.settings);
    hasConfigurationCapability = params.capabilities.workspace?.configuration === true;
    canRegisterWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    hasWorkspaceFolderCapability = params.capabilities.workspace?.workspaceFolders === true;
    roots = workspaceRoots(params);
    const snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    registerFeatures(connection, { workspace, tableData, settings: currentSettings, clientCommands, snippets });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: FEATURE_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: SERVER_COMMANDS.filter((command) => !clientCommands.has(command)) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'relgraph', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'relgraph' });
      void refreshSettings();
    }
    if (canRegisterWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
      });
    }
    status.setDataChecks(dataRunner.state);
    if (hasWorkspaceFolderCapability) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const added = event.added
          .map((folder) => uriToPath(folder.uri))
          .filter((root): root is string => root !== undefined);
        void index.scan(added).catch((error) => console.error(`Scanning ${added.join(', ')} failed: ${error}`));
      });
    }
    index.scan(roots).then(
      () => {
        if (index.isTruncated)
          console.warn('The workspace has more spec files than the index holds; cross-file lookups may miss some.');
      },
      (error) => console.error(`Scanning the workspace failed: ${error}`),
    );
  });

  const refreshSettings = async () => {
    if (hasConfigurationCapability) {
      try {
        settings = readServerSettings(await connection.workspace.getConfiguration('relgraph'));
      } catch (error) {
        console.warn(`Reading the relgraph settings failed, keeping the previous ones: ${error}`);
      }
    }
    validation.republishAll();
    dataRunner.onSettingsChanged(documents.all().map((doc) => doc.path));
  };
  connection.onDidChangeConfiguration((change) => {
    if (!hasConfigurationCapability)
      settings = readServerSettings((change.settings as { relgraph?: unknown })?.relgraph);
    void refreshSettings();
  });

  documents.onDidSpecDocumentChange((doc) => validation.requestValidation(doc.path));
  documents.onDidSpecDocumentClose((doc) => {
    dataRunner.forget(doc.path);
    status.clearProblem(`validate:${doc.path}`);
    status.clearProblem(`data:${doc.path}`);
    validation.close(doc.path, doc.uri);
    // The closed buffer's unsaved text no longer counts: specs that read it see the disk again.
    validation.revalidateDependentsOf(doc.path);
  });
  validation.onDidSpecValidate((state) => {
    index.updateFromSpec(state.path, state.validation.spec);
    dataRunner.schedule(state.path);
    status.clearProblem(`validate:${state.path}`);
  });
  validation.onDidValidationFail(({ path: failed, error }) =>
    status.reportProblem(
      `validate:${failed}`,
      'warning',
      `Validating ${path.basename(failed)} failed: ${errorMessage(error)} (see the log)`,
    ),
  );
  dataRunner.onDidDataCheckStateChange((state) => {
    status.setDataChecks(state);
    if (canRefreshCodeLens) void connection.sendRequest('workspace/codeLens/refresh');
  });
  dataRunner.onDidDataCheckFail(({ path: failed, error }) =>
    status.reportProblem(
      `data:${failed}`,
      'warning',
      `Data checks of ${path.basename(failed)} failed: ${errorMessage(error)} (see the log)`,
    ),
  );
  dataRunner.onDidDataCheckComplete((done) => status.clearProblem(`data:${done}`));
  index.onDidIndexChange(() => {
    // New referrers can turn a graph file into an inference graph with contract diagnostics.
    for (const doc of documents.all()) if (doc.kind === 'graph') validation.requestValidation(doc.path);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const changedData = new Set<string>();
    for (const change of changes) {
      const filePath = uriToPath(change.uri);
      if (!filePath) continue;
      if (specKindOfPath(filePath)) {
        if (documents.getByPath(filePath)) continue; // the open buffer wins over the disk
        if (change.type === FileChangeType.Deleted) index.fileDeleted(filePath);
        else index.fileChanged(filePath);
        validation.revalidateDependentsOf(filePath);
      } else if (filePath.includes(`${path.sep}.relgraph${path.sep}jobs${path.sep}`)) {
        // A job record changed (a training may have finished): only specs naming a local job id care.
        validation.revalidateWhere((state) => {
          const spec = state.validation.spec;
          return spec?.kind === 'prediction' && spec.trainingJob?.kind === 'local-job';
        });
      } else {
        for (const reader of dependencies.readersOfDataFile(filePath)) changedData.add(reader);
      }
    }
    dataRunner.invalidate([...changedData].filter((spec) => documents.getByPath(spec)));
  });

  connection.onRequest(
    RUN_DATA_CHECKS_METHOD,
    guard(
      console,
      'Data checks',
      { v: RELGRAPH_PROTOCOL_VERSION, started: false, reason: 'internal error' },
      (params: RunDataChecksParams) => runDataChecks(params.uri),
    ),
  );
  connection.onExecuteCommand(
    guard(console, 'Command', undefined, async ({ command, arguments: args }) => {
      if (command === RelgraphCommands.validateData && typeof args?.[0] === 'string') {
        const result = await runDataChecks(args[0]);
        if (!result.started) void connection.window.showInformationMessage(`Data checks did not run: ${result.reason}`);
      }
      return undefined;
    }),
  );

  async function runDataChecks(uri: string): Promise<RunDataChecksResult> {
    const doc = documents.get(uri);
    if (!doc) return { v: RELGRAPH_PROTOCOL_VERSION, started: false, reason: 'the file is not an open Relgraph spec' };
    if (!settings.dataChecks.enabled) {
      return {
        v: RELGRAPH_PROTOCOL_VERSION,
        started: false,
        reason: 'data checks are off (relgraph.dataChecks.enabled)',
      };
    }
    validation.fresh(doc.path);
    const count = await dataRunner.runNow(doc.path);
    return { v: RELGRAPH_PROTOCOL_VERSION, started: true, diagnostics: count };
  }

  connection.onShutdown(() => {
    for (const doc of documents.all()) dataRunner.forget(doc.path);
    dataTier.dispose();
  });
  documents.listen(connection);
  connection.listen();
}

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(uriToPath).filter((root): root is string => root !== undefined);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
