import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file names the server handles (every other YAML file is left to the user's YAML tooling). */
export { specKindOfPath } from '../../core/spec/specFileNames';

/** Absolute path of a `file:` URI, or undefined for other schemes (untitled buffers, git diffs...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
