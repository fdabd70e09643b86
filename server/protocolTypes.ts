import { NotificationType, RequestType } from 'vscode-languageserver';
import type { NotificationMessage, RequestMessage } from '../protocol/messageTypes';

// The server's JSON-RPC types of protocol/'s messages, so that handlers and senders stay typed by them
// (`connection.onRequest(requestType(SpecInfoRequest), (params) => ...)`).

export function requestType<P, R>(message: RequestMessage<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(message.method);
}

export function notificationType<P>(message: NotificationMessage<P>): NotificationType<P> {
  return new NotificationType<P>(message.method);
}
