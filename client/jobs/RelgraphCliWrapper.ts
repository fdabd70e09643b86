import { execFile } from 'node:child_process';
import type { LoadedJob } from './JobsLoader';
import { parseJsonLines, type PredictionRows } from '../predictions/predictionRows';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly result?: CliResult,
  ) {
    super(message);
  }
}

export interface CliWrapperOptions {
  /** `<extension>/bin/relgraph.js`. */
  cliPath: string;
  /** The Node to run it with; the editor's own runtime (with ELECTRON_RUN_AS_NODE) unless set. */
  nodePath: () => string;
  /** Extra environment for the CLI (tests run it from source). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs the bundled CLI as a child process for the job commands that need an answer rather than a
 * terminal (cancel, prediction rows). Going through the CLI keeps one implementation of each
 * operation and keeps DuckDB (which reads the Parquet outputs) out of the extension host.
 */
export class RelgraphCliWrapper {
  constructor(private readonly options: CliWrapperOptions) {}

  run(args: readonly string[], cwd: string, signal?: AbortSignal): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      execFile(
        this.options.nodePath(),
        [this.options.cliPath, ...args],
        {
          cwd,
          env: { ...process.env, ...this.options.env, ELECTRON_RUN_AS_NODE: '1' },
          timeout: this.options.timeoutMs ?? 120_000,
          maxBuffer: 64 * 1024 * 1024,
          ...(signal ? { signal } : {}),
        },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            // Not an exit code: the CLI could not start, timed out or was aborted.
            reject(new CliError(`relgraph ${args[0] ?? ''} could not run: ${error.message}`));
            return;
          }
          resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
        },
      );
    });
  }

  /**
   * `relgraph jobs cancel <id>`: the CLI's answer (cancel requested, or already finished). Not the editor's
   * JobBackend.cancel: cancelling writes a marker and the log, signals the job's process and settles a job
   * whose process died (rewriting its record, deleting its scratch files, undoing a half-done commit). The
   * extension host only reads job stores (its LocalJobBackend is read-only), so a workspace's records never
   * make the editor itself write, signal or delete; the CLI runs the same LocalJobBackend.cancel.
   */
  async cancelJob(job: LoadedJob): Promise<string> {
    const result = await this.run(cancelJobArgs(job), job.workspace);
    if (result.exitCode !== 0) throw new CliError(failure('jobs cancel', result), result);
    return result.stdout.trim();
  }

  /** The first `head` rows of a finished prediction's output (`relgraph predictions --format json`). */
  async predictionRows(
    job: LoadedJob,
    outputType: 'predictions' | 'embeddings',
    head: number,
    signal?: AbortSignal,
  ): Promise<PredictionRows> {
    const result = await this.run(predictionRowsArgs(job, outputType, head), job.workspace, signal);
    if (result.exitCode !== 0) throw new CliError(failure('predictions', result), result);
    return parseJsonLines(result.stdout);
  }
}

export function cancelJobArgs(job: LoadedJob): string[] {
  return ['jobs', 'cancel', job.record.id, '--workspace', job.workspace];
}

export function predictionRowsArgs(job: LoadedJob, outputType: 'predictions' | 'embeddings', head: number): string[] {
  return [
    'predictions',
    job.record.id,
    '--head',
    String(head),
    '--format',
    'json',
    '--output-type',
    outputType,
    '--workspace',
    job.workspace,
  ];
}

function failure(command: string, result: CliResult): string {
  const text = (result.stderr.trim() || result.stdout.trim()).replace(/^relgraph [a-z]+: /, '');
  return `relgraph ${command} failed (exit ${result.exitCode}): ${text || 'no message'}`;
}
