import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import type { LanguageClientManager } from '../LanguageClientManager';
import { registerCommand } from './registerCommand';
import { specTarget } from './specTarget';

const ALLOW_SETTING = 'data.allowOutsideWorkspace';

/**
 * "Validate data": re-runs the data checks of a spec now (they otherwise run in the background after
 * edits). "Allow data checks outside the folder": the quick fix of `source-outside-workspace`, which adds
 * the folder to a machine-scoped user setting (a repository's own settings cannot grant it to itself).
 */
export class DataCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly clients: LanguageClientManager,
    log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      registerCommand(log, RelgraphCommands.validateData, (arg?: unknown) => this.validate(arg)),
      registerCommand(log, RelgraphCommands.allowOutsideWorkspace, (folder?: unknown) => this.allowOutside(folder)),
    ];
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

  private async allowOutside(folder: unknown): Promise<void> {
    if (typeof folder !== 'string' || folder === '') return;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Trust the workspace first: Restricted Mode reads no data.');
      return;
    }
    const allow = 'Allow';
    const choice = await vscode.window.showWarningMessage(
      `Let the data checks of specs in ${folder} read files outside that folder? Allow it only if you trust the specs there: they choose which files are read.`,
      { modal: true },
      allow,
    );
    if (choice !== allow) return;
    const section = vscode.workspace.getConfiguration('relgraph');
    const current = section.inspect<string[]>(ALLOW_SETTING)?.globalValue ?? [];
    if (current.includes(folder)) return;
    await section.update(ALLOW_SETTING, [...current, folder], vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
