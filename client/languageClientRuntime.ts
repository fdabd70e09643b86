// The language client library, bundled on its own (dist/client/languageClientRuntime.js): the extension's bundle
// loads it once activation is over, so VS Code does not parse its half a megabyte while activating Relgraph.
export { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
