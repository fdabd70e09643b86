import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';

/** How much of a run's output is kept for the failure message (its end: the CLI's verdict is last). */
const KEPT_OUTPUT_CHARS = 64 * 1024;
const CTRL_C = '\x03';

/**
 * The terminal of one `relgraph predict|train` run: a pseudoterminal showing the CLI's output as it comes, as a
 * task's terminal did, without being a task (a task makes VS Code save every dirty editor first). Ctrl+C
 * interrupts the run (the CLI cancels its job and removes partial outputs); closing the terminal while the run
 * goes on does the same; once the run ended any key closes it.
 */
export class EngineRunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  /** Written before VS Code opened the terminal: shown once it does. */
  private pending: string[] | undefined = [];
  private kept = '';
  private ended = false;

  constructor(
    private readonly child: ChildProcess,
    header: string,
  ) {
    this.write(`\x1b[2m${header}\x1b[0m\n`);
    const forward = (chunk: Buffer | string) => {
      const text = chunk.toString();
      this.kept = (this.kept + text).slice(-KEPT_OUTPUT_CHARS);
      this.write(text);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
  }

  /** The end of what the run printed (stdout and stderr, interleaved as they came). */
  get output(): string {
    return this.kept;
  }

  /** The run's process ended: says how, and lets any key close the terminal. */
  markEnded(exitCode: number | null, signal: NodeJS.Signals | null, error?: Error): void {
    this.ended = true;
    const how = error
      ? `could not start: ${error.message}`
      : signal
        ? `was stopped (${signal})`
        : `exited with code ${exitCode}`;
    this.write(`\n\x1b[2mThe run ${how}. Press any key to close this terminal.\x1b[0m\n`);
  }

  open(): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const text of pending) this.writeEmitter.fire(text);
  }

  handleInput(data: string): void {
    if (this.ended) {
      this.closeEmitter.fire();
    } else if (data === CTRL_C) {
      this.write('^C\n');
      this.child.kill('SIGINT');
    }
  }

  close(): void {
    // The user closed the terminal of a running job: stop it as Ctrl+C would (the CLI cancels its job).
    if (!this.ended) this.child.kill('SIGINT');
  }

  private write(text: string): void {
    const terminalText = text.replace(/\r?\n/g, '\r\n');
    if (this.pending) this.pending.push(terminalText);
    else this.writeEmitter.fire(terminalText);
  }
}
