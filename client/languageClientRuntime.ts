// The language client library, bundled on its own (dist/client/languageClientRuntime.js): the extension's bundle
// loads it once activation is over, so VS Code does not parse its megabyte while activating Relgraph.
// Everything the client hands to the library comes from here, made by this bundle's copy of vscode-jsonrpc: the
// library refuses message types made by another copy (protocol/messageTypes.ts), so the extension's bundle holds
// none of its values, only its types (esbuild.mjs checks).
import { NotificationType, RequestType } from 'vscode-languageclient/node';
import type { NotificationMessage, RequestMessage } from '../protocol/messageTypes';

export {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LanguageClient,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

export function requestType<P, R>(message: RequestMessage<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(message.method);
}

export function notificationType<P>(message: NotificationMessage<P>): NotificationType<P> {
  return new NotificationType<P>(message.method);
}
