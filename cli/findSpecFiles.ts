import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSpecFileName, SKIPPED_FOLDERS } from '../core/spec/specFileNames';

export interface SpecFileSearch {
  /** Absolute paths, sorted by code point and without duplicates. */
  files: string[];
  /** Arguments that name nothing on disk, as given. */
  missing: string[];
  /** Folders that exist but could not be listed, with the reason. */
  unreadable: { path: string; reason: string }[];
}

/**
 * The spec files named by command-line arguments, resolved against `cwd`: a file is taken as given
 * (whatever its name, so a misnamed spec still gets checked), a folder is searched recursively for
 * spec-suffixed files (any case), skipping core's SKIPPED_FOLDERS. No arguments means `cwd`.
 */
export function findSpecFiles(args: readonly string[], cwd: string): SpecFileSearch {
  const found = new Set<string>();
  const missing: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  // Real paths of folders already walked: symlinked folders can form cycles.
  const visited = new Set<string>();

  const walk = (dir: string): void => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      if (visited.has(real)) return;
      visited.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ path: dir, reason: errorReason(error) });
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const kind = entryKind(entry, full);
      if (kind === 'directory' && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      else if (kind === 'file' && isSpecFileName(entry.name)) found.add(full);
    }
  };

  for (const arg of args.length > 0 ? args : ['.']) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      missing.push(arg);
      continue;
    }
    if (stat.isDirectory()) walk(absolute);
    else found.add(absolute);
  }

  const files = [...found].sort(compareCodePoints);
  return { files, missing, unreadable };
}

/** Follows symlinks so a linked folder or spec is found like a real one; a dangling link is neither. */
function entryKind(entry: fs.Dirent, full: string): 'file' | 'directory' | 'other' {
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const stat = fs.statSync(full);
    return stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}

function errorReason(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

/** Locale-independent order, so output is identical on every machine. */
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
