// The composition root of the VS Code extension: creates each part once and wires them together.
// Activation: a workspace containing spec files, or one of the Relgraph commands (package.json).
import * as vscode from 'vscode';
import { DataCommands } from './commands/DataCommands';
import { EngineTaskRunner } from './commands/EngineTaskRunner';
import { JobCommands } from './commands/JobCommands';
import { ServerCommands } from './commands/ServerCommands';
import { GraphDiagramPanel } from './graph/GraphDiagramPanel';
import { JobsFeature } from './jobs/JobsFeature';
import { LanguageClientManager } from './LanguageClientManager';
import { LanguageStatusController } from './LanguageStatusController';
import { RelgraphSettings } from './RelgraphSettings';

let clients: LanguageClientManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Relgraph', { log: true });
  const traceLog = vscode.window.createOutputChannel('Relgraph LSP Trace', { log: true });
  const settings = new RelgraphSettings();
  clients = new LanguageClientManager(context.extensionPath, log, traceLog, context.extensionMode);
  const runner = new EngineTaskRunner(context.extensionPath, settings, log);
  context.subscriptions.push(
    log,
    traceLog,
    settings,
    new ServerCommands(clients, log),
    new DataCommands(clients),
    new JobCommands(runner),
    new GraphDiagramPanel(clients),
    new LanguageStatusController(clients, settings),
    new JobsFeature(context.extensionPath, settings, log),
  );
  try {
    await clients.start();
  } catch {
    // Logged by the manager; the status item offers "Restart server", and the commands stay usable.
  }
}

export async function deactivate(): Promise<void> {
  await clients?.dispose();
  clients = undefined;
}
