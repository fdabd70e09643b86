import {
  CodeActionKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { validateSpecFile } from '../core/validation/validateSpec';
import { NodeSpecHost } from '../data/NodeSpecHost';
import { readTrainingThreshold } from '../data/preview/trainingThreshold';
import { WorkspaceSourcePolicy } from '../data/SourceAccessPolicy';
import type { RelgraphInitializationOptions } from '../protocol/lspExtensions';
import { DataTier } from './data/DataTier';
import { TableDataService, type TableProfilerFactory } from './data/TableDataService';
import { SpecDocumentStore } from './documents/SpecDocumentStore';
import { uriToPath } from './documents/specFiles';
import { FIX_ALL_KIND } from './features/codeActions/CodeActionProvider';
import { FEATURE_TRIGGER_CHARACTERS, registerFeatures } from './features/registerFeatures';
import { ON_TYPE_FORMATTING_TRIGGER } from './features/formatting/OnTypeFormattingProvider';
import { CustomRequestHandlers } from './handlers/CustomRequestHandlers';
import { ExecuteCommandHandler } from './handlers/ExecuteCommandHandler';
import { PreviewRequestHandlers } from './handlers/PreviewRequestHandlers';
import { ScaffoldRequestHandlers } from './handlers/ScaffoldRequestHandlers';
import { ScaffoldRequests } from './features/custom/ScaffoldRequests';
import { SettingsHandler } from './handlers/SettingsHandler';
import { wireValidationEvents } from './handlers/ValidationEvents';
import { WatchedFilesHandler } from './handlers/WatchedFilesHandler';
import { OutputPreviewService } from './preview/OutputPreviewService';
import { PreviewDataTier } from './preview/previewDataTier';
import { ServerStatusReporter } from './ServerStatusReporter';
import { DataCheckRunner, type DataCheckerFactory } from './validation/DataCheckRunner';
import { DiagnosticPublisher } from './validation/DiagnosticPublisher';
import { SpecValidationService } from './validation/SpecValidationService';
import { LanguageServerSpecHost } from './workspace/LanguageServerSpecHost';
import { SpecWorkspace } from './workspace/SpecWorkspace';
import { WorkspaceFolders } from './workspace/WorkspaceFolders';
import { WorkspaceLinkTracker } from './workspace/WorkspaceLinkTracker';

export interface RelgraphServerOptions {
  /** The data tier; defaults to data/DataValidator, loaded on first use. */
  createDataChecker?: DataCheckerFactory;
  createTableProfiler?: TableProfilerFactory;
  /** How long hover and completion wait for data before answering without it (default 3 s). */
  dataWaitMs?: number;
  /** The user's cache directory, where Kumo outputs are cached for the preview (default: `userCacheDir()`). */
  cacheDir?: string;
}

/**
 * The composition root of the language server: creates each part once and hands the connection to
 * the handlers (settings, watched files, custom requests, commands, features). The same function serves
 * VS Code (IPC), `relgraph lsp --stdio` and the tests (in-memory streams).
 */
export function startRelgraphServer(connection: Connection, options: RelgraphServerOptions = {}): void {
  const console = connection.console;
  const settings = new SettingsHandler(connection);
  const current = settings.current;
  const folders = new WorkspaceFolders();
  const files = new NodeSpecHost();
  const tracker = new WorkspaceLinkTracker(files);
  const host = new LanguageServerSpecHost(files, tracker.links, folders, () => current().trusted);
  const documents = new SpecDocumentStore(files);
  const sourceAccess = new WorkspaceSourcePolicy({
    folderOf: (specPath) => folders.folderOf(specPath),
    allowsOutside: (folder) => current().data.allowOutsideWorkspace.some((allowed) => samePath(allowed, folder)),
    howToAllow: (folder) =>
      `If you trust this spec, allow it for this folder: run "Relgraph: Allow Data Checks Outside the Folder" (the quick fix) or add '${folder}' to the user setting relgraph.data.allowOutsideWorkspace.`,
  });
  const dataTier = new DataTier(host, sourceAccess, console);
  const publisher = new DiagnosticPublisher(connection, current);
  const status = new ServerStatusReporter(connection);
  const validation = new SpecValidationService(
    documents,
    host,
    validateSpecFile,
    publisher,
    tracker.links,
    current,
    console,
  );
  const dataRunner = new DataCheckRunner(
    host,
    options.createDataChecker ?? ((timeoutMs) => dataTier.checker(timeoutMs)),
    (specPath) => validation.current(specPath),
    publisher,
    current,
    console,
  );
  const workspace = new SpecWorkspace(documents, validation, host, tracker.links);
  const tableData = new TableDataService(
    options.createTableProfiler ?? (() => dataTier.profiler()),
    console,
    options.dataWaitMs,
    () => current().trusted,
  );
  const requests = new CustomRequestHandlers(connection, documents, workspace, validation, dataRunner, host, settings);
  const commands = new ExecuteCommandHandler(connection, requests);
  const previewTier = new PreviewDataTier({
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    warn: (message) => console.warn(`Relgraph: ${message}`),
  });
  const previews = new PreviewRequestHandlers(
    connection,
    new OutputPreviewService({
      trusted: () => current().trusted,
      workspace,
      host,
      sourceAccess,
      sessions: () => previewTier.get(),
      downloadKumoOutput: (...args) => previewTier.downloadKumoOutput(...args),
      trainingThreshold: readTrainingThreshold,
    }),
  );
  const scaffolds = new ScaffoldRequestHandlers(
    connection,
    new ScaffoldRequests({
      host,
      trusted: () => current().trusted,
      sourceAccess,
      validator: () => dataTier.scaffolder(),
    }),
  );
  const watchedFiles = new WatchedFilesHandler(connection, documents, tracker, validation, dataRunner, host);

  let canRegisterWatchers = false;
  let canRefreshCodeLens = false;
  let hasWorkspaceFolderCapability = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as RelgraphInitializationOptions;
    const clientCommands = new Set(Array.isArray(init.clientCommands) ? init.clientCommands : []);
    settings.initialize(params, init);
    canRegisterWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    hasWorkspaceFolderCapability = params.capabilities.workspace?.workspaceFolders === true;
    folders.set(workspaceRoots(params));
    const snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    registerFeatures(connection, { workspace, tableData, settings: current, clientCommands, snippets });
    requests.register();
    previews.register();
    scaffolds.register();
    commands.register();
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
        documentOnTypeFormattingProvider: { firstTriggerCharacter: ON_TYPE_FORMATTING_TRIGGER },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: ExecuteCommandHandler.commands(clientCommands) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'relgraph', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    settings.listen();
    if (canRegisterWatchers) watchedFiles.registerWatchers();
    status.setDataChecks(dataRunner.state);
    if (hasWorkspaceFolderCapability) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const added = event.added.map((f) => uriToPath(f.uri)).filter((root): root is string => root !== undefined);
        folders.add(added);
        folders.remove(event.removed.map((f) => uriToPath(f.uri)).filter((root): root is string => !!root));
        void tracker.scan(added).catch((error) => console.error(`Scanning ${added.join(', ')} failed: ${error}`));
      });
    }
    tracker.scan([...folders.all]).then(
      () => {
        if (tracker.isTruncated)
          console.warn('The workspace has more spec files than the index holds; cross-file lookups may miss some.');
      },
      (error) => console.error(`Scanning the workspace failed: ${error}`),
    );
  });

  settings.onDidSettingsChange(() => {
    validation.republishAll();
    dataRunner.onSettingsChanged(documents.all().map((doc) => doc.path));
    status.setDataChecks(dataRunner.state);
  });
  // Specs outside the workspace folders were unreadable in Restricted Mode: validate again with them.
  settings.onDidTrustChange(() => validation.revalidateWhere(() => true));
  wireValidationEvents({
    connection,
    documents,
    validation,
    dataRunner,
    tracker,
    status,
    canRefreshCodeLens: () => canRefreshCodeLens,
  });
  watchedFiles.listen();

  connection.onShutdown(() => {
    for (const doc of documents.all()) dataRunner.forget(doc.path);
    dataTier.dispose();
    previewTier.dispose();
  });
  documents.listen(connection);
  connection.listen();
}

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.map(uriToPath).filter((root): root is string => root !== undefined);
}

function samePath(a: string, b: string): boolean {
  return a.replace(/[/\\]+$/, '') === b.replace(/[/\\]+$/, '');
}
