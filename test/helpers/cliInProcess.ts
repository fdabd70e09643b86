import { runCli } from '../../cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `relgraph <args>` in this process (the real command code, its output captured), from `cwd`. */
export async function cliInProcess(
  cwd: string,
  args: readonly string[],
  signal?: AbortSignal,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env,
    signal: signal ?? new AbortController().signal,
  });
  return { code, stdout, stderr };
}
