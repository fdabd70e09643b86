import { parentPort } from 'node:worker_threads';
import { runCli } from '../../../cli/main';

/**
 * The fuzz test's in-process `relgraph validate`: the real CLI entry (`runCli`) in a worker thread, so that an
 * input that never finishes can be stopped (the worker is terminated) instead of hanging the test run.
 */
export interface ValidateRequest {
  id: number;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface ValidateResponse {
  id: number;
  code?: number;
  stdout: string;
  stderr: string;
  /** runCli itself threw: a crash, never an expected outcome. */
  crash?: string;
}

/** Process warnings (a library's `process.emitWarning`) reach the user's stderr too: they count as CLI output. */
let warnings: string[] = [];
process.on('warning', (warning) => warnings.push(`(process warning) ${warning.message}`));

parentPort?.on('message', (request: ValidateRequest) => {
  let stdout = '';
  let stderr = '';
  warnings = [];
  const io = {
    stdout: (text: string) => (stdout += text),
    stderr: (text: string) => (stderr += text),
    cwd: request.cwd,
    env: request.env,
    signal: new AbortController().signal,
  };
  runCli(request.args, io).then(
    // A warning is emitted on a later tick: give it one before answering.
    (code) =>
      setImmediate(() => {
        stderr += warnings.map((w) => `${w}\n`).join('');
        parentPort?.postMessage({ id: request.id, code, stdout, stderr } satisfies ValidateResponse);
      }),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        stdout,
        stderr,
        crash: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies ValidateResponse),
  );
});
