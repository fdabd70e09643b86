import * as vscode from 'vscode';

/**
 * `vscode.commands.registerCommand` for Relgraph's commands: a command that fails (a request to a
 * stopped server, a file that cannot be written) is logged with its stack and shown to the user with a
 * "Show Logs" action, instead of escaping as an unhandled rejection VS Code reports without context.
 */
export function registerCommand(
  log: vscode.LogOutputChannel,
  command: string,
  handler: (...args: unknown[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(command, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`Command ${command} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      // Not awaited: the command settles now, whatever the user does with the message.
      void vscode.window.showErrorMessage(`Relgraph: ${message}`, SHOW_LOGS).then((choice) => {
        if (choice === SHOW_LOGS) log.show(true);
      });
      return undefined;
    }
  });
}

const SHOW_LOGS = 'Show Logs';
