import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RelgraphCliWrapper, type CliResult } from '../jobs/RelgraphCliWrapper';
import type { RelgraphSettings } from '../RelgraphSettings';
import { createdJobRecord } from './engineRunOutput';
import { EngineRunTerminal } from './EngineRunTerminal';

export type EngineCommand = 'predict' | 'train' | 'kumo';

/** What a run adds to `relgraph <command> <spec>`. */
export interface EngineRunOptions {
  /** The CLI's arguments instead of `<command> <spec>` (e.g. `kumo pull kumo:<id>`). */
  args?: string[];
  /**
   * Added to this child's environment only (the Kumo connection: KUMO_API_URL / KUMO_API_KEY). Never logged,
   * never shown in the terminal, never put in settings.
   */
  env?: Readonly<Record<string, string>>;
  /** The terminal's title after `relgraph ` (default: `<command> <spec>`). */
  title?: string;
  /** The run talks to Kumo (default: local). */
  backend?: 'local' | 'kumo';
}

/** One `relgraph predict|train <spec>` the editor started. */
export interface EngineRun {
  readonly command: EngineCommand;
  /** Absolute path of the spec. */
  readonly specPath: string;
  /** `Date.now()` when the process started. */
  readonly startedAt: number;
  /** Where its job runs: `kumo` for a run given the Kumo connection (the Kumo view follows those). */
  readonly backend: 'local' | 'kumo';
}

export interface EngineRunEnd {
  run: EngineRun;
  /** The record file of the job the run created (absolute), if it created one. */
  jobRecord?: string;
  /** The process's exit code; undefined when it was killed by a signal or could not start. */
  exitCode: number | undefined;
  /** The end of what it printed. */
  output: string;
}

/**
 * Runs the bundled CLI (`<extension>/bin/relgraph.js predict|train <spec>`) in a terminal of its own, with the
 * editor's runtime as Node (ELECTRON_RUN_AS_NODE) unless `relgraph.cli.nodePath` names another. Not a VS Code
 * task: running a task saves every dirty editor first (`task.saveBeforeRun`), and a run must save only its spec.
 * Tells who listens when a run starts and ends (the jobs' progress notifications follow the runs it started).
 */
export class EngineRunner implements vscode.Disposable {
  private readonly _onDidStartRun = new vscode.EventEmitter<EngineRun>();
  private readonly _onDidEndRun = new vscode.EventEmitter<EngineRunEnd>();
  readonly onDidStartRun = this._onDidStartRun.event;
  readonly onDidEndRun = this._onDidEndRun.event;
  /** The last terminal of each spec: replaced by the next run of the spec once it has ended. */
  private readonly terminals = new Map<string, { terminal: vscode.Terminal; running: boolean }>();

  constructor(
    private readonly extensionPath: string,
    private readonly settings: RelgraphSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Starts the run and returns at once: it goes on in its terminal, and `onDidEndRun` says how it ended. */
  start(command: EngineCommand, specPath: string, options: EngineRunOptions = {}): EngineRun {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(specPath));
    const cwd = folder?.uri.fsPath ?? path.dirname(specPath);
    const run: EngineRun = { command, specPath, startedAt: Date.now(), backend: options.backend ?? 'local' };
    const args = options.args ?? [command, specPath];
    const child = spawn(this.node(), [this.cliPath(), ...args], {
      cwd,
      env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const title = options.title ?? `${command} ${path.relative(cwd, specPath) || specPath}`;
    const pty = new EngineRunTerminal(child, `relgraph ${title}`);
    const key = `${command}:${specPath}`;
    const previous = this.terminals.get(key);
    if (previous && !previous.running) previous.terminal.dispose();
    const terminal = vscode.window.createTerminal({
      name: `Relgraph: ${command} ${path.basename(specPath)}`,
      pty,
      iconPath: new vscode.ThemeIcon(command === 'train' ? 'mortar-board' : command === 'kumo' ? 'cloud' : 'play'),
    });
    const entry = { terminal, running: true };
    this.terminals.set(key, entry);
    terminal.show(true);
    this.log.info(`Running: relgraph ${args.join(' ')}`);
    let settled = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      if (settled) return;
      settled = true;
      entry.running = false;
      pty.markEnded(exitCode, signal, error);
      if (error) this.log.error(`relgraph ${command} ${specPath} did not start: ${error.message}`);
      else this.log.info(`relgraph ${command} ${specPath}: ${signal ? `stopped (${signal})` : `exit ${exitCode}`}`);
      const output = error ? error.message : pty.output;
      const jobRecord = createdJobRecord(output, cwd);
      this._onDidEndRun.fire({ run, exitCode: exitCode ?? undefined, output, ...(jobRecord ? { jobRecord } : {}) });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
    this._onDidStartRun.fire(run);
    return run;
  }

  /**
   * Runs a CLI command that answers rather than runs a job (`kumo script`), through the same wrapper as the job
   * commands, with `env` added for this child only (the Kumo connection). `signal` stops it (a cancelled progress);
   * `timeoutMs` (default 60 s) is a hang guard.
   */
  output(
    args: readonly string[],
    cwd: string,
    env: Record<string, string> = {},
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<CliResult> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    return new RelgraphCliWrapper({ cliPath: this.cliPath(), nodePath: () => this.node(), env, timeoutMs }).run(
      args,
      cwd,
      options.signal,
    );
  }

  /** Shows the terminal of a spec's last run. */
  showTerminal(run: EngineRun): void {
    this.terminals.get(`${run.command}:${run.specPath}`)?.terminal.show();
  }

  private node(): string {
    return this.settings.nodePath || process.execPath;
  }

  private cliPath(): string {
    return path.join(this.extensionPath, 'bin', 'relgraph.js');
  }

  dispose(): void {
    this._onDidStartRun.dispose();
    this._onDidEndRun.dispose();
  }
}
