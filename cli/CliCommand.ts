/** One `relgraph <name>` subcommand. Exit codes: 0 success, 1 the command ran and found errors, 2 bad usage. */
export interface CliCommand {
  name: string;
  /** One line for `relgraph --help`. */
  summary: string;
  /** Full usage text for `relgraph <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl+C so long-running commands can clean up. */
  signal: AbortSignal;
}

export class UsageError extends Error {}
