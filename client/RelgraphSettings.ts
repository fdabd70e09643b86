import * as vscode from 'vscode';

/**
 * The one place the client reads `relgraph.*` settings. The server reads its own settings through
 * `workspace/configuration`; the client needs only what changes its UI.
 */
export class RelgraphSettings implements vscode.Disposable {
  private readonly _onDidChangeSettings = new vscode.EventEmitter<void>();
  readonly onDidChangeSettings = this._onDidChangeSettings.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('relgraph')) this._onDidChangeSettings.fire();
    });
  }

  get dataChecksEnabled(): boolean {
    return this.section().get<boolean>('dataChecks.enabled', true);
  }

  /** A Node binary to run the bundled CLI with; empty means the editor's own runtime. */
  get nodePath(): string {
    return this.section().get<string>('cli.nodePath', '');
  }

  private section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('relgraph');
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChangeSettings.dispose();
  }
}
