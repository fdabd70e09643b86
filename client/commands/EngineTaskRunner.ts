import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RelgraphSettings } from '../RelgraphSettings';

/** The task type contributed in package.json (`taskDefinitions`). */
export const RELGRAPH_TASK_TYPE = 'relgraph';

/**
 * Runs the bundled CLI (`<extension>/bin/relgraph.js`) as a VS Code task, so its progress streams into a
 * terminal the user can read, stop and re-run. The editor's own runtime runs it (ELECTRON_RUN_AS_NODE makes
 * VS Code's binary behave as Node) unless `relgraph.cli.nodePath` names another Node.
 */
export class EngineTaskRunner {
  private commands?: Promise<Set<string>>;

  constructor(
    private readonly extensionPath: string,
    private readonly settings: RelgraphSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Whether this build of the CLI has the subcommand (the job commands arrive with the engine). */
  async supports(command: string): Promise<boolean> {
    this.commands ??= this.listCommands();
    return (await this.commands).has(command);
  }

  async run(command: string, specPath: string): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(specPath));
    const execution = new vscode.ProcessExecution(this.node(), [this.cliPath(), command, specPath], {
      cwd: folder?.uri.fsPath ?? path.dirname(specPath),
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(
      { type: RELGRAPH_TASK_TYPE, command, spec: specPath },
      folder ?? vscode.TaskScope.Workspace,
      `${command} ${path.basename(specPath)}`,
      'relgraph',
      execution,
    );
    task.presentationOptions = {
      reveal: vscode.TaskRevealKind.Always,
      panel: vscode.TaskPanelKind.Dedicated,
      clear: true,
    };
    this.log.info(`Running: relgraph ${command} ${specPath}`);
    await vscode.tasks.executeTask(task);
  }

  private listCommands(): Promise<Set<string>> {
    return new Promise((resolve) => {
      execFile(
        this.node(),
        [this.cliPath(), '--help'],
        { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 15_000 },
        (error, stdout) => {
          if (error && !stdout) this.log.warn(`Could not list the CLI's commands: ${error.message}`);
          // Help lines look like `  predict   run a batch prediction`.
          resolve(new Set([...stdout.matchAll(/^ {2}([a-z][a-z-]*)\s/gm)].map((m) => m[1])));
        },
      );
    });
  }

  private node(): string {
    return this.settings.nodePath || process.execPath;
  }

  private cliPath(): string {
    return path.join(this.extensionPath, 'bin', 'relgraph.js');
  }
}
