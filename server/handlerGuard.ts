import type { RemoteConsole } from 'vscode-languageserver';

/**
 * Wraps a request handler so that a bug in one feature answers with an empty result and a log line
 * instead of an error popup per keystroke, or a dead server. Cancellation passes through untouched.
 */
export function guard<A extends unknown[], R>(
  console: RemoteConsole,
  feature: string,
  fallback: R,
  handler: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (error) {
      console.error(`${feature} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}
