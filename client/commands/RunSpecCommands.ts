import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import type { EngineTaskRunner } from './EngineTaskRunner';
import { registerCommand } from './registerCommand';
import { saveIfDirty, specTarget } from './specTarget';

/**
 * "Run batch prediction" (`relgraph predict <spec>`) and "Train" (`relgraph train <spec>`) from a spec's
 * code lens, its editor title or the palette. (The Jobs view's own commands are in client/jobs.)
 * A job runs code and reads data, so an untrusted workspace (Restricted Mode) runs none.
 */
export class RunSpecCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly runner: EngineTaskRunner,
    log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      registerCommand(log, RelgraphCommands.runPrediction, (arg?: unknown) => this.run('predict', 'prediction', arg)),
      registerCommand(log, RelgraphCommands.runTraining, (arg?: unknown) => this.run('train', 'training', arg)),
    ];
  }

  private async run(command: 'predict' | 'train', kind: 'prediction' | 'training', arg: unknown): Promise<void> {
    const uri = specTarget(arg, [kind]);
    if (!uri) return;
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      // Not awaited: the command returns now, whatever the user does with the message.
      void vscode.window
        .showWarningMessage(
          `Relgraph runs no ${kind === 'prediction' ? 'batch predictions' : 'training'} in Restricted Mode: trust the workspace first.`,
          manage,
        )
        .then((choice) => (choice === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
      return;
    }
    if (!(await this.runner.supports(command))) {
      void vscode.window.showInformationMessage(
        `'relgraph ${command}' is not in this build of the Relgraph CLI yet: running ${kind === 'prediction' ? 'batch predictions' : 'training'} from the editor is available once the jobs issue lands.`,
      );
      return;
    }
    if (!(await saveIfDirty(uri))) return;
    await this.runner.run(command, uri.fsPath);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
