// Entry point of the bundled language server (dist/server/server.js). The transport comes from the
// command line: `--node-ipc` when VS Code forks it, `--stdio` for other editors, `--socket=<port>`.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startRelgraphServer } from './RelgraphLanguageServer';

const connection = createConnection(ProposedFeatures.all);
// A bug must cost one request, not the server: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));
startRelgraphServer(connection);
