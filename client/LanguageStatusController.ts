import * as path from 'node:path';
import * as vscode from 'vscode';
import { RelgraphCommands } from '../protocol/commands';
import type { ServerStatusParams, SpecInfoResult } from '../protocol/lspExtensions';
import type { LanguageClientManager } from './LanguageClientManager';
import type { RelgraphSettings } from './RelgraphSettings';
import { SPEC_DOCUMENT_SELECTOR, specKindOf } from './specDocuments';

const TASK_LABELS: Record<string, string> = {
  binary_classification: 'binary classification',
  multiclass_classification: 'multiclass classification',
  multilabel_classification: 'multilabel classification',
  multilabel_ranking: 'multilabel ranking',
  regression: 'regression',
  temporal_link_prediction: 'link prediction',
  static_link_prediction: 'static link prediction',
  forecasting: 'forecasting',
};

/**
 * The `{}` language status items shown for spec files: server health (with the reason when a check
 * failed), what the spec is paired with (a prediction spec's training spec, a training spec's task type),
 * and the state of the data checks. Refreshed when the active editor, its diagnostics or the server
 * status change.
 */
export class LanguageStatusController implements vscode.Disposable {
  private readonly server = vscode.languages.createLanguageStatusItem('relgraph.server', SPEC_DOCUMENT_SELECTOR);
  private readonly pairing = vscode.languages.createLanguageStatusItem('relgraph.pairing', SPEC_DOCUMENT_SELECTOR);
  private readonly data = vscode.languages.createLanguageStatusItem('relgraph.dataChecks', SPEC_DOCUMENT_SELECTOR);
  private readonly disposables: vscode.Disposable[] = [this.server, this.pairing, this.data];
  private status?: ServerStatusParams;
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    private readonly clients: LanguageClientManager,
    private readonly settings: RelgraphSettings,
  ) {
    this.server.name = 'Relgraph language server';
    this.server.command = { title: 'Show logs', command: RelgraphCommands.showLogs };
    this.pairing.name = 'Relgraph pairing';
    this.data.name = 'Relgraph data checks';
    this.data.command = { title: 'Validate data', command: RelgraphCommands.validateData };
    this.renderServer();
    this.disposables.push(
      clients.onDidServerStatusChange((status) => {
        this.status = status;
        this.renderServer();
        this.scheduleRefresh();
      }),
      clients.onDidClientStateChange(() => {
        this.renderServer();
        this.scheduleRefresh();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.scheduleRefresh()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (event.uris.some((uri) => uri.toString() === active)) this.scheduleRefresh();
      }),
      settings.onDidChangeSettings(() => this.scheduleRefresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleRefresh()),
    );
    this.scheduleRefresh();
  }

  private renderServer(): void {
    const state = this.clients.clientState;
    const status = this.status;
    this.server.busy = state === 'starting' || status?.dataChecks === 'running';
    if (state !== 'running') {
      this.server.text = state === 'starting' ? 'Relgraph: starting' : 'Relgraph: stopped';
      this.server.detail = state === 'stopped' ? 'Run "Relgraph: Restart Server"' : undefined;
      this.server.severity =
        state === 'stopped' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
      this.server.command =
        state === 'stopped' ? { title: 'Restart', command: RelgraphCommands.restartServer } : undefined;
      return;
    }
    const health = status?.health ?? 'ok';
    this.server.text = health === 'ok' ? '$(check) Relgraph' : `$(warning) Relgraph`;
    this.server.detail = status?.message;
    this.server.severity =
      health === 'error'
        ? vscode.LanguageStatusSeverity.Error
        : health === 'warning'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
    this.server.command = { title: 'Show logs', command: RelgraphCommands.showLogs };
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 150);
  }

  private async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !specKindOf(document.uri)) return;
    let info: SpecInfoResult | undefined;
    try {
      info = await this.clients.specInfo(document.uri);
    } catch {
      info = undefined; // the server is restarting; the next status change refreshes again
    }
    this.renderPairing(info);
    this.renderData(info);
  }

  private renderPairing(info: SpecInfoResult | undefined): void {
    this.pairing.command = undefined;
    if (!info?.kind) {
      this.pairing.text = 'Relgraph spec';
      this.pairing.detail = undefined;
      return;
    }
    const task = info.taskType ? (TASK_LABELS[info.taskType] ?? info.taskType) : undefined;
    if (info.trainingSpecPath) {
      const kind = info.kind === 'graph' ? 'Inference graph of' : 'Trained by';
      this.pairing.text = `$(link) ${kind} ${path.basename(info.trainingSpecPath)}`;
      this.pairing.detail = task;
      this.pairing.command = {
        title: 'Open training spec',
        command: 'vscode.open',
        arguments: [vscode.Uri.file(info.trainingSpecPath)],
      };
    } else if (info.trainingJobId) {
      this.pairing.text = `$(link) Trained by ${info.trainingJobId}`;
      this.pairing.detail = task;
    } else {
      this.pairing.text = `Relgraph ${info.kind} spec`;
      this.pairing.detail = task ?? (info.kind === 'prediction' ? 'no training spec found' : undefined);
    }
  }

  private renderData(info: SpecInfoResult | undefined): void {
    const state = !vscode.workspace.isTrusted
      ? 'restricted'
      : this.settings.dataChecksEnabled
        ? info?.dataChecks.state
        : 'off';
    this.data.busy = state === 'running';
    this.data.severity = vscode.LanguageStatusSeverity.Information;
    this.data.command = { title: 'Validate data', command: RelgraphCommands.validateData };
    if (state === 'restricted') {
      this.data.text = 'Data checks: Restricted Mode';
      this.data.severity = vscode.LanguageStatusSeverity.Warning;
      this.data.command = { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' };
    } else if (state === 'off') this.data.text = 'Data checks off';
    else if (state === 'running') this.data.text = 'Checking data';
    else if (state === 'done') {
      const at = info?.dataChecks.finishedAt ? new Date(info.dataChecks.finishedAt).toLocaleTimeString() : '';
      this.data.text = `Data checked ${at}`;
    } else this.data.text = 'Data not checked yet';
    this.data.detail = info ? `${info.errors} errors, ${info.warnings} warnings` : undefined;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
