import * as vscode from 'vscode';
import { RelgraphCommands } from '../../server/protocol/relgraphProtocol';
import type { LanguageClientManager } from '../LanguageClientManager';
import { specTarget } from './specTarget';

/** "Validate data": re-runs the data checks of a spec now (they otherwise run in the background after edits). */
export class DataCommands implements vscode.Disposable {
  private readonly disposable: vscode.Disposable;

  constructor(private readonly clients: LanguageClientManager) {
    this.disposable = vscode.commands.registerCommand(RelgraphCommands.validateData, (arg?: unknown) =>
      this.validate(arg),
    );
  }

  private async validate(arg: unknown): Promise<void> {
    const uri = specTarget(arg, ['graph', 'training', 'prediction']);
    if (!uri) return;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Relgraph: checking data' },
      () => this.clients.runDataChecks(uri),
    );
    if (!result) {
      void vscode.window.showWarningMessage('The Relgraph language server is not running.');
    } else if (!result.started) {
      void vscode.window.showInformationMessage(`Data checks did not run: ${result.reason}`);
    } else if (result.diagnostics !== undefined) {
      vscode.window.setStatusBarMessage(`Relgraph: data checks found ${result.diagnostics} problem(s)`, 5_000);
    }
  }

  dispose(): void {
    this.disposable.dispose();
  }
}
