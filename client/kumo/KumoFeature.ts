import * as vscode from 'vscode';
import type { EngineRunner } from '../commands/EngineRunner';
import { SPEC_DOCUMENT_SELECTOR } from '../specDocuments';
import { KumoCommands } from './KumoCommands';
import { KumoCommandIds } from './kumoCommandIds';
import { KUMO_SDK_TIMEOUT_MS, KumoConnection, type KumoConnectionState } from './KumoConnection';
import { KumoJobsModel } from './KumoJobsModel';
import { KumoJobsView } from './KumoJobsView';
import { PulledGraphRefresher } from './PulledGraphRefresher';

/** While a run on Kumo goes on, the Kumo view lists the jobs this often (the run's new job appears in it). */
const RUN_REFRESH_MS = 2000;
/** Pulled Kumo training graphs (data/kumo/kumoTrainingGraphCache.ts), wherever a workspace has its `.relgraph/`. */
const PULLED_GRAPH_FILES = '**/.relgraph/kumo/*.json';
const MAX_PULLED_GRAPH_FILES = 500;

/**
 * The Kumo part of the extension, wired once: the connection (URL in globalState, key in SecretStorage), the
 * Kumo jobs (through the JobBackend interface) and their view, the commands, and a language status item that
 * says whether Relgraph is connected. Runs on Kumo (EngineRunner, backend `kumo`) refresh the view while they go on.
 * The workspace's pulled training graphs that Kumo's jobs show to be stale are pulled again (PulledGraphRefresher).
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
    const refresher = this.pulledGraphRefresher(runner, log);
    this.status.name = 'Relgraph Kumo connection';
    this.render(this.connection.state);
    this.disposables = [
      this.status,
      this.commands,
      new KumoJobsView(model),
      model,
      this.connection,
      this.connection.onDidChangeConnection((state) => this.render(state)),
      model.onDidChangeJobs((state) => {
        if (state.state === 'loaded') void refresher.jobsChanged(state.jobs);
      }),
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

  /** Pulls run in a trusted workspace only, with the connection given to the CLI child only; logged, never shown. */
  private pulledGraphRefresher(runner: EngineRunner, log: vscode.LogOutputChannel): PulledGraphRefresher {
    return new PulledGraphRefresher({
      findPulledGraphFiles: async () => {
        // An exclude of our own: files.exclude may hide .relgraph from the Explorer, not from Relgraph.
        const found = await vscode.workspace.findFiles(
          PULLED_GRAPH_FILES,
          '**/node_modules/**',
          MAX_PULLED_GRAPH_FILES,
        );
        return found.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
      },
      runCli: (args, cwd) => {
        const env = this.connection.childEnvironment();
        return env && vscode.workspace.isTrusted
          ? runner.output(args, cwd, env, { timeoutMs: KUMO_SDK_TIMEOUT_MS })
          : undefined;
      },
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
    });
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
