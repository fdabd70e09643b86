/**
 * How protocol/ declares a custom message: its method name bound to its parameter and result types, as plain data
 * rather than vscode-jsonrpc's RequestType. Two reasons. The extension's bundle imports these while VS Code activates
 * Relgraph and must not evaluate the JSON-RPC library then. And the language client, loaded after activation from a
 * bundle of its own (client/languageClientRuntime.ts), carries its own copy of that library, which refuses a
 * RequestType made by another copy (it tells parameter structures apart by identity). So each side makes its
 * library's message type from these: server/protocolTypes.ts and client/languageClientRuntime.ts.
 */

export interface RequestMessage<P, R> {
  readonly method: string;
  /** Never set: carries the parameter and result types for the compiler, as RequestType's `_` does. */
  readonly types?: { params: P; result: R };
}

export interface NotificationMessage<P> {
  readonly method: string;
  /** Never set: carries the parameter type for the compiler. */
  readonly types?: { params: P };
}

export function requestMessage<P, R>(method: string): RequestMessage<P, R> {
  return { method };
}

export function notificationMessage<P>(method: string): NotificationMessage<P> {
  return { method };
}
