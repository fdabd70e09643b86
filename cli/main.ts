import { UsageError, type CliIo } from './CliCommand';
import { COMMANDS } from './commands/index';

const VERSION = '0.1.0';

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'relgraph: validate and run Kumo-style inference graphs',
    '',
    'Usage: relgraph <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run `relgraph <command> --help` for a command's options.",
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`relgraph: unknown command '${name}'\n\n${helpText()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`relgraph ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`relgraph ${name}: ${message}\n`);
    if (process.env.RELGRAPH_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}

/** Entry point used by bin/relgraph.js: runs the CLI on process.argv and sets the exit code. */
export function main(): void {
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals, exitCode: number) => {
    // Commands get a grace period to remove temporary outputs and record the cancellation; a command
    // stuck in synchronous work (a long check) must still honour Ctrl+C or a CI timeout.
    controller.abort(new Error(`interrupted by ${signal}`));
    setTimeout(() => process.exit(exitCode), 10_000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT', 130));
  process.once('SIGTERM', () => stop('SIGTERM', 143));
  runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`relgraph: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
