import * as vscode from 'vscode';
import { RelgraphCommands } from '../../server/protocol/relgraphProtocol';
import type { EngineTaskRunner } from './EngineTaskRunner';
import { saveIfDirty, specTarget } from './specTarget';

/**
 * "Run batch prediction" (`relgraph predict <spec>`) and "Train" (`relgraph train <spec>`) from a spec's
 * code lens or the palette. Until the CLI has the job commands, they say so instead of failing in a terminal.
 */
export class JobCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly runner: EngineTaskRunner) {
    this.disposables = [
      vscode.commands.registerCommand(RelgraphCommands.runPrediction, (arg?: unknown) =>
        this.run('predict', 'prediction', arg),
      ),
      vscode.commands.registerCommand(RelgraphCommands.runTraining, (arg?: unknown) =>
        this.run('train', 'training', arg),
      ),
    ];
  }

  private async run(command: 'predict' | 'train', kind: 'prediction' | 'training', arg: unknown): Promise<void> {
    const uri = specTarget(arg, [kind]);
    if (!uri) return;
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
