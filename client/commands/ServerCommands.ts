import * as vscode from 'vscode';
import { RelgraphCommands } from '../../server/protocol/relgraphProtocol';
import type { LanguageClientManager } from '../LanguageClientManager';

/** "Restart server" and "Show logs": the way out when the server misbehaves (the eslint crash-loop lesson). */
export class ServerCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly clients: LanguageClientManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [
      vscode.commands.registerCommand(RelgraphCommands.restartServer, () => this.restart()),
      vscode.commands.registerCommand(RelgraphCommands.showLogs, () => this.log.show(true)),
    ];
  }

  private async restart(): Promise<void> {
    try {
      await this.clients.restart();
    } catch (error) {
      const choice = await vscode.window.showErrorMessage(
        `The Relgraph language server did not restart: ${error instanceof Error ? error.message : String(error)}`,
        'Show logs',
      );
      if (choice) this.log.show(true);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
