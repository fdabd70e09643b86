import { runCli } from '../../cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `relgraph <args>` in-process in `cwd`, capturing its output and exit code. */
export async function runCliIn(cwd: string, args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
