import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startRelgraphServer } from '../../server/RelgraphLanguageServer';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';

const USAGE = `Usage: relgraph lsp [--stdio | --node-ipc | --socket=<port>]

Runs the Relgraph language server (the one the VS Code extension uses) for any LSP editor: diagnostics
with the same codes as \`relgraph validate\`, completion, hover, quick fixes, go to definition, references,
rename, outline and folding for *.graph.yaml, *.training.yaml and *.prediction.yaml files.

Options:
  --stdio          talk LSP over stdin/stdout (the default)
  --node-ipc       talk over the Node IPC channel (when started with child_process.fork)
  --socket=<port>  connect to a client listening on this TCP port
  -h, --help       show this help

Editor setup (Neovim, Helix, Emacs): see docs/editor.md.`;

const TRANSPORTS = ['--stdio', '--node-ipc'];

/** Resolves when the client goes away; the server itself ends the process on the LSP \`exit\` notification. */
export async function runLanguageServer(args: readonly string[], io: CliIo): Promise<number> {
  for (const arg of args) {
    if (!TRANSPORTS.includes(arg) && !/^--socket=\d+$/.test(arg) && !/^--clientProcessId=\d+$/.test(arg)) {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  const stdio = !args.some((arg) => arg === '--node-ipc' || arg.startsWith('--socket='));
  if (stdio) {
    // stdout carries the protocol: anything a dependency prints must go to stderr instead.
    const toStderr = (...parts: unknown[]) => io.stderr(`${parts.map(String).join(' ')}\n`);
    console.log = console.info = console.warn = console.debug = toStderr;
  }
  const connection = stdio
    ? createConnection(ProposedFeatures.all, process.stdin, process.stdout)
    : createConnection(ProposedFeatures.all);
  startRelgraphServer(connection);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  connection.dispose();
  return 0;
}

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'run the language server for editors (LSP over stdio)',
  usage: USAGE,
  run: runLanguageServer,
};
