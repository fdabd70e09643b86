import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import type { LanguageClientManager } from '../LanguageClientManager';
import { registerCommand } from './registerCommand';

/** "Restart server" and "Show logs": the way out when the server misbehaves (the eslint crash-loop lesson). */
export class ServerCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly clients: LanguageClientManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      registerCommand(log, RelgraphCommands.restartServer, () => this.restart()),
      registerCommand(log, RelgraphCommands.showLogs, () => this.log.show(true)),
    ];
  }

  private async restart(): Promise<void> {
    try {
      await this.clients.restart();
    } catch (error) {
      throw new Error(
        `The Relgraph language server did not restart: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
