import * as vscode from 'vscode';
import type { EngineRunner } from '../commands/EngineRunner';
import { SPEC_DOCUMENT_SELECTOR } from '../specDocuments';
import { KumoCommands } from './KumoCommands';
import { KumoCommandIds } from './kumoCommandIds';
import { KumoConnection, type KumoConnectionState } from './KumoConnection';
import { KumoJobsModel } from './KumoJobsModel';
import { KumoJobsView } from './KumoJobsView';

/** While a run on Kumo goes on, the Kumo view lists the jobs this often (the run's new job appears in it). */
const RUN_REFRESH_MS = 2000;

/**
 * The Kumo part of the extension, wired once: the connection (URL in globalState, key in SecretStorage), the
 * Kumo jobs (through the JobBackend interface) and their view, the commands, and a language status item that
 * says whether Relgraph is connected. Runs on Kumo (EngineRunner, backend `kumo`) refresh the view while they go on.
 */
export class KumoFeature implements vscode.Disposable {
  readonly connection: KumoConnection;
  readonly commands: KumoCommands;
  private readonly status = vscode.languages.createLanguageStatusItem('relgraph.kumo', SPEC_DOCUMENT_SELECTOR);
  private readonly disposables: vscode.Disposable[];
  private readonly runTimers = new Map<object, NodeJS.Timeout>();

  constructor(context: vscode.ExtensionContext, runner: EngineRunner, log: vscode.LogOutputChannel) {
    this.connection = new KumoConnection(context.globalState, context.secrets, log);
    const model = new KumoJobsModel(this.connection, log);
    this.commands = new KumoCommands(this.connection, model, runner, log);
    this.status.name = 'Relgraph Kumo connection';
    this.render(this.connection.state);
    this.disposables = [
      this.status,
      this.commands,
      new KumoJobsView(model),
      model,
      this.connection,
      this.connection.onDidChangeConnection((state) => this.render(state)),
      runner.onDidStartRun((run) => {
        if (run.backend !== 'kumo') return;
        this.runTimers.set(
          run,
          setInterval(() => void model.refresh(), RUN_REFRESH_MS),
        );
      }),
      runner.onDidEndRun(({ run }) => {
        if (run.backend !== 'kumo') return;
        clearInterval(this.runTimers.get(run));
        this.runTimers.delete(run);
        void model.refresh();
      }),
    ];
    this.connection.restore().catch((error) => log.warn(`Reading the Kumo connection failed: ${error}`));
  }

  private render(state: KumoConnectionState): void {
    if (state.state === 'connected') {
      this.status.text = `$(cloud) Kumo: ${state.host}`;
      this.status.detail = 'connected';
      this.status.command = { title: 'Disconnect', command: KumoCommandIds.disconnect };
    } else {
      this.status.text = '$(cloud) Kumo: not connected';
      this.status.detail = undefined;
      this.status.command = { title: 'Connect', command: KumoCommandIds.connect };
    }
  }

  dispose(): void {
    for (const timer of this.runTimers.values()) clearInterval(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
