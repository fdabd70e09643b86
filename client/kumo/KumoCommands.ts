import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendJob } from '../../backend/JobBackend';
import { isTerminalStatus } from '../../backend/jobModel';
import { RelgraphCommands } from '../../protocol/commands';
import type { EngineRunner } from '../commands/EngineRunner';
import { registerCommand } from '../commands/registerCommand';
import { saveIfDirty, specTarget } from '../commands/specTarget';
import { confirmCancel } from '../jobs/confirmCancel';
import { kumoUrlProblem, type KumoConnection } from './KumoConnection';
import { KumoCommandIds, KUMO_VIEW_ID } from './kumoCommandIds';
import { kumoJobDetailsMarkdown } from './kumoJobPresentation';
import type { KumoJobsModel } from './KumoJobsModel';
import { KumoJobTreeNode } from './KumoJobsView';

const KUMO_DOCUMENT_SCHEME = 'relgraph-kumo-job';

/**
 * Connect / Disconnect, and the Kumo jobs' actions: Refresh, Cancel, Open in Kumo (the tracking URL), Show
 * Details (a Markdown preview), and "Fetch training graph" (`relgraph kumo pull kumo:<id>` in a terminal, with
 * the connection in that child's environment only). A job command takes a tree node or a job id.
 */
export class KumoCommands implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly connection: KumoConnection,
    private readonly model: KumoJobsModel,
    private readonly runner: EngineRunner,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(KUMO_DOCUMENT_SCHEME, this),
      registerCommand(log, KumoCommandIds.connect, () => this.connect()),
      registerCommand(log, KumoCommandIds.disconnect, () => this.disconnect()),
      registerCommand(log, KumoCommandIds.refresh, () => this.model.refresh()),
      registerCommand(log, KumoCommandIds.cancel, (arg?: unknown) => this.cancel(arg)),
      registerCommand(log, KumoCommandIds.openInKumo, (arg?: unknown) => this.openInKumo(arg)),
      registerCommand(log, KumoCommandIds.showDetails, (arg?: unknown) => this.showDetails(arg)),
      registerCommand(log, RelgraphCommands.pullKumoTrainingGraph, (uri?: unknown, ref?: unknown) =>
        this.pull(uri, ref),
      ),
      registerCommand(log, RelgraphCommands.openKumoScript, (uri?: unknown) => this.openScript(uri)),
    ];
  }

  /** Asks the URL and the key, checks them with `GET /connectors`, and stores them. Resolves true when connected. */
  async connect(): Promise<boolean> {
    const current = this.connection.state;
    const url = await vscode.window.showInputBox({
      title: 'Connect to Kumo (1/2)',
      prompt: "Your Kumo deployment's API URL",
      placeHolder: 'https://acme.kumoai.cloud/api',
      value: current.state === 'connected' ? current.url : undefined,
      ignoreFocusOut: true,
      validateInput: kumoUrlProblem,
    });
    if (!url) return false;
    const key = await vscode.window.showInputBox({
      title: 'Connect to Kumo (2/2)',
      prompt: "An API key from Kumo's settings (kept in the editor's secret storage, never in settings)",
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : 'The API key is required'),
    });
    if (!key) return false;
    try {
      const check = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Connecting to ${url.trim()}…`, cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return this.connection.connect(url.trim(), key.trim(), abort.signal);
        },
      );
      const state = this.connection.state;
      const host = state.state === 'connected' ? state.host : url;
      const connectors =
        check.connectors === undefined ? '' : ` (${check.connectors} connector${check.connectors === 1 ? '' : 's'})`;
      void vscode.window.showInformationMessage(`Connected to Kumo at ${host}${connectors}.`);
      // The section starts collapsed (most workspaces never use Kumo): show it with the deployment's jobs.
      void vscode.commands.executeCommand(`${KUMO_VIEW_ID}.focus`);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`Connecting to Kumo failed: ${message}`);
      const retry = 'Try Again';
      const choice = await vscode.window.showErrorMessage(`Could not connect to Kumo: ${message}`, retry);
      return choice === retry ? this.connect() : false;
    }
  }

  private async disconnect(): Promise<void> {
    const state = this.connection.state;
    if (state.state !== 'connected') {
      void vscode.window.showInformationMessage('Relgraph is not connected to Kumo.');
      return;
    }
    await this.connection.disconnect();
    void vscode.window.showInformationMessage(`Disconnected from Kumo at ${state.host}; the API key was removed.`);
  }

  private async cancel(arg: unknown): Promise<void> {
    const job = await this.jobFor(arg, 'Cancel which Kumo job?', (j) => !isTerminalStatus(j.status));
    const backend = this.model.backend;
    if (!job || !backend) return;
    if (isTerminalStatus(job.status)) {
      void vscode.window.showInformationMessage(`kumo:${job.ref.id} has finished (${job.status}).`);
      return;
    }
    const cancel = await confirmCancel(
      `Cancel ${job.kind === 'training' ? 'training job' : 'batch prediction job'} kumo:${job.ref.id}?`,
      'Kumo stops the job; it ends CANCELLED and writes no predictions.',
    );
    if (!cancel) return;
    try {
      const outcome = await backend.cancel(job.ref.id);
      this.log.info(`Cancel kumo:${job.ref.id}: ${outcome.message}`);
      vscode.window.setStatusBarMessage(`Relgraph: kumo:${job.ref.id}: ${outcome.message}`, 5000);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not cancel kumo:${job.ref.id}: ${(error as Error).message}`);
    }
    await this.model.refresh();
  }

  private async openInKumo(arg: unknown): Promise<void> {
    const job = await this.jobFor(arg, 'Open which job in Kumo?', (j) => !!j.trackingUrl);
    if (!job) return;
    if (!job.trackingUrl || !/^https?:\/\//.test(job.trackingUrl)) {
      void vscode.window.showInformationMessage(`Kumo gave no tracking URL for kumo:${job.ref.id}.`);
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(job.trackingUrl));
  }

  private async showDetails(arg: unknown): Promise<void> {
    const job = await this.jobFor(arg, 'Show the details of which Kumo job?');
    if (!job) return;
    const uri = vscode.Uri.from({ scheme: KUMO_DOCUMENT_SCHEME, path: `/kumo-${job.ref.id}.md` });
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\/kumo-/, '').replace(/\.md$/, '');
    const job = this.model.find(id);
    return job ? kumoJobDetailsMarkdown(job, Date.now()) : `No Kumo job ${id} in the list (Refresh the Kumo view).\n`;
  }

  /** "Fetch training graph": `relgraph kumo pull kumo:<id>` for the spec's `training_job`. */
  private async pull(uriArg: unknown, refArg: unknown): Promise<void> {
    const uri =
      uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : undefined;
    const ref =
      typeof refArg === 'string' && /^kumo:[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(refArg) ? refArg : undefined;
    if (!uri || !ref) {
      void vscode.window.showErrorMessage('Fetch training graph needs a spec and its training_job: kumo:<id>.');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Relgraph fetches nothing in Restricted Mode: trust the workspace first.');
      return;
    }
    const env = await this.environment();
    if (!env) return;
    this.runner.start('kumo', uri.fsPath, {
      args: ['kumo', 'pull', ref],
      env,
      title: `kumo pull ${ref} (${path.basename(uri.fsPath)})`,
      backend: 'kumo',
    });
  }

  /**
   * Opens the SDK script a run of this prediction spec on Kumo sends (`relgraph kumo script`) as an unsaved Python
   * document: the spec is saved first (only it), since the script is made from the file. It holds no secret.
   */
  private async openScript(uriArg: unknown): Promise<void> {
    const uri = specTarget(uriArg, ['prediction']);
    if (!uri) return;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Relgraph runs nothing in Restricted Mode: trust the workspace first.');
      return;
    }
    if (!(await saveIfDirty(uri))) return;
    const env = await this.environment();
    if (!env) return;
    const result = await this.runner.output(['kumo', 'script', uri.fsPath], path.dirname(uri.fsPath), env);
    if (result.exitCode !== 0) {
      const why = result.stderr.trim().split('\n').slice(0, 6).join(' ');
      void vscode.window.showErrorMessage(`No SDK script for ${path.basename(uri.fsPath)}: ${why}`);
      return;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: result.stdout });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  /** The connection for one child process; offers to connect first when there is none. */
  async environment(): Promise<Record<string, string> | undefined> {
    const env = this.connection.childEnvironment();
    if (env) return env;
    const connect = 'Connect to Kumo';
    const choice = await vscode.window.showWarningMessage('This needs a Kumo connection.', connect);
    if (choice !== connect || !(await this.connect())) return undefined;
    return this.connection.childEnvironment();
  }

  private async jobFor(
    arg: unknown,
    question: string,
    filter: (job: BackendJob) => boolean = () => true,
  ): Promise<BackendJob | undefined> {
    if (arg instanceof KumoJobTreeNode) return this.model.find(arg.job.ref.id) ?? arg.job;
    if (typeof arg === 'string') {
      const id = arg.replace(/^kumo:/, '');
      const job = this.model.find(id);
      if (!job) void vscode.window.showErrorMessage(`No Kumo job ${arg} in the Kumo view (Refresh it).`);
      return job;
    }
    const candidates = this.model.jobs.filter(filter);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('No Kumo job fits (see the Kumo view).');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.map((job) => ({
        label: `kumo:${job.ref.id}`,
        description: `${job.status} · ${job.name ?? job.kind}`,
        job,
      })),
      { placeHolder: question },
    );
    return picked?.job;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
