import type { Connection } from 'vscode-languageserver';
import { RelgraphCommands } from '../../protocol/commands';
import { guard } from '../handlerGuard';
import type { CustomRequestHandlers } from './CustomRequestHandlers';

/** Commands the server runs itself, for editors whose client does not implement them. */
const SERVER_COMMANDS = [RelgraphCommands.validateData];

/** `workspace/executeCommand`: "Validate data" from a code lens in editors other than VS Code. */
export class ExecuteCommandHandler {
  constructor(
    private readonly connection: Connection,
    private readonly requests: CustomRequestHandlers,
  ) {}

  /** The commands to announce: those the client does not implement itself. */
  static commands(clientCommands: ReadonlySet<string>): string[] {
    return SERVER_COMMANDS.filter((command) => !clientCommands.has(command));
  }

  register(): void {
    this.connection.onExecuteCommand(
      guard(this.connection.console, 'Command', undefined, async ({ command, arguments: args }) => {
        if (command === RelgraphCommands.validateData && typeof args?.[0] === 'string') {
          const result = await this.requests.runDataChecks(args[0]);
          if (!result.started)
            void this.connection.window.showInformationMessage(`Data checks did not run: ${result.reason}`);
        }
        return undefined;
      }),
    );
  }
}
