// The composition root of the VS Code extension: creates each part once and wires them together.
// Activation: a workspace containing spec files, or one of the Relgraph commands (package.json). VS Code loads the
// entry module (extensionEntry.ts), which loads this bundle with its code cache and calls activate() below.
import * as vscode from 'vscode';
import { DataCommands } from './commands/DataCommands';
import { registerYamlIndentation } from './editing/YamlIndentation';
import { EngineRunner } from './commands/EngineRunner';
import { RunSpecCommands } from './commands/RunSpecCommands';
import { ServerCommands } from './commands/ServerCommands';
import { GraphDiagramPanel } from './graph/GraphDiagramPanel';
import { JobsFeature } from './jobs/JobsFeature';
import { KumoFeature } from './kumo/KumoFeature';
import { LanguageClientManager } from './LanguageClientManager';
import { LanguageStatusController } from './LanguageStatusController';
import { OutputPreviewPanels } from './predictions/OutputPreviewPanels';
import { TrainingModels } from './predictions/TrainingModels';
import { RelgraphSettings } from './RelgraphSettings';
import type { ExtensionStartup } from './startup/StartupCost';

let clients: LanguageClientManager | undefined;

/**
 * The time after the language client started before the code caches the start-up could not use are written: V8
 * serializes the compiled code on this thread (milliseconds), so not while the server's first results come in.
 */
const CODE_CACHE_WRITE_DELAY_MS = 5_000;

export function activate(context: vscode.ExtensionContext, startup: ExtensionStartup): void {
  const log = vscode.window.createOutputChannel('Relgraph', { log: true });
  const traceLog = vscode.window.createOutputChannel('Relgraph LSP Trace', { log: true });
  const settings = new RelgraphSettings();
  const manager = new LanguageClientManager(context.extensionPath, log, traceLog, startup);
  clients = manager;
  const runner = new EngineRunner(context.extensionPath, settings, log);
  const kumo = new KumoFeature(context, runner, log);
  context.subscriptions.push(
    log,
    traceLog,
    settings,
    registerYamlIndentation(),
    new ServerCommands(manager, log),
    new DataCommands(manager, log),
    runner,
    new RunSpecCommands(runner, manager, kumo.commands, log),
    kumo,
    new GraphDiagramPanel(context.extensionUri, manager, log),
    new OutputPreviewPanels(context.extensionUri, manager, log),
    new LanguageStatusController(manager, settings),
    new JobsFeature(context.extensionPath, settings, log, new TrainingModels(manager), runner, kumo.commands),
    // Restricted Mode ends when the user trusts the folder: the server may then read data.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void manager.notifyTrusted()),
  );
  // Not awaited: activation ends now, and requests made while the server starts wait for it. A failure is logged
  // by the manager; the status item offers "Restart server", and the commands stay usable.
  void manager
    .start()
    .catch(() => undefined)
    .then(() => setTimeout(() => void saveCodeCaches(startup, log), CODE_CACHE_WRITE_DELAY_MS).unref());
  log.info(startup.cost.activated(startup.clock()));
  for (const problem of startup.cost.problems()) log.warn(problem);
}

async function saveCodeCaches({ cost }: ExtensionStartup, log: vscode.LogOutputChannel): Promise<void> {
  for (const line of await cost.saveCodeCaches()) log.info(line);
}

export async function deactivate(): Promise<void> {
  await clients?.dispose();
  clients = undefined;
}
