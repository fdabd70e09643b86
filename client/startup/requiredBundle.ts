// Loads one of the extension's CommonJS bundles (dist/client/*.js) with Node's require, and notes what it cost.
import { now, since, type Cost } from './startupClock';

/** A bundle loaded at start-up: its exports and what loading it cost (reading, compiling and running its top level). */
export interface LoadedBundle<T> {
  readonly exports: T;
  /** The file it was loaded from. */
  readonly file: string;
  readonly cost: { total: Cost };
}

export function requireBundle<T>(file: string): LoadedBundle<T> {
  const start = now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path esbuild leaves alone: the file beside
  const exports = require(file) as T;
  return { exports, file, cost: { total: since(start, now()) } };
}
