import * as fs from 'node:fs';
import * as path from 'node:path';

/** Characters that make a path a glob rather than a plain path. */
const GLOB_CHARS = /[*?[{]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * Expands `{a,b}` alternatives (nested too) into plain patterns, so the matcher below only has to
 * know `*`, `?`, `[...]` and `**`. Unbalanced braces are kept literally.
 */
export function expandBraces(pattern: string, max = MAX_BRACE_PATTERNS): string[] {
  const out = expandBracesUpTo(pattern, max);
  return out.length > max ? out.slice(0, max) : out;
}

/**
 * More alternatives than this are not expanded: `{a,b}` written 25 times is 33 million patterns, which would take
 * the process's memory with it. globFiles reports such a source as truncated.
 */
export const MAX_BRACE_PATTERNS = 1_000;

function expandBracesUpTo(pattern: string, max: number): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) {
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        const bounds = [open, ...commas, i];
        const out: string[] = [];
        for (let k = 0; k + 1 < bounds.length && out.length <= max; k++) {
          const alternative = pattern.slice(bounds[k] + 1, bounds[k + 1]);
          for (const expanded of expandBracesUpTo(head + alternative + tail, max - out.length)) {
            out.push(expanded);
            if (out.length > max) break;
          }
        }
        return out;
      }
    } else if (ch === ',' && depth === 1) commas.push(i);
  }
  return [pattern];
}

/** Regex for one path segment; `*` and `?` never match a leading dot (hidden files stay hidden, as in shells). */
function segmentRegex(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        source += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += ch.replace(/[.+^$()|\\{}\]]/g, '\\$&');
  }
  const dotSafe = segment.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp(`^${dotSafe}${source}$`);
}

export interface GlobResult {
  /** Sorted matches, at most `limit`. */
  files: string[];
  /** Whether more files matched than `limit` (or the walk hit its entry budget). */
  truncated: boolean;
}

/**
 * Matches an absolute glob against the disk. The walk follows the pattern segment by segment (so
 * `/data/*.parquet` lists one directory), never follows directory symlinks under `**` (no loops),
 * and visits at most `maxEntries` directory entries so that a pattern like `/**` cannot hang.
 */
export function globFiles(
  pattern: string,
  limit: number,
  maxEntries = 200_000,
  options: { stopAfter?: number; accept?: (file: string) => boolean } = {},
): GlobResult {
  const found = new Set<string>();
  let visited = 0;
  let exhausted = false;
  // An existence probe (`stopAfter: 1`) ends at the first match instead of listing and sorting every one.
  const stopAfter = options.stopAfter ?? Number.POSITIVE_INFINITY;

  const readDir = (dir: string): fs.Dirent[] => {
    if (visited >= maxEntries) {
      exhausted = true;
      return [];
    }
    try {
      const entries = fs.readdirSync(dir, { withFileTypes: true });
      visited += entries.length;
      return entries;
    } catch {
      return [];
    }
  };
  const isFile = (p: string): boolean => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  const isDir = (p: string): boolean => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  };

  const walk = (dir: string, segments: string[], index: number): void => {
    if (exhausted || found.size >= stopAfter) return;
    if (index === segments.length) {
      if (isFile(dir) && (options.accept?.(dir) ?? true)) found.add(dir);
      return;
    }
    const segment = segments[index];
    if (segment === '**') {
      walk(dir, segments, index + 1);
      for (const entry of readDir(dir)) {
        // Dirent.isDirectory() is false for symlinks, so `**` cannot loop through a link cycle.
        if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path.join(dir, entry.name), segments, index);
      }
      return;
    }
    if (!isGlob(segment)) {
      const next = path.join(dir, segment);
      if (index + 1 === segments.length || isDir(next)) walk(next, segments, index + 1);
      return;
    }
    const regex = segmentRegex(segment);
    for (const entry of readDir(dir)) {
      if (regex.test(entry.name)) walk(path.join(dir, entry.name), segments, index + 1);
    }
  };

  const patterns = expandBracesUpTo(pattern.split(path.sep).join('/'), MAX_BRACE_PATTERNS);
  if (patterns.length > MAX_BRACE_PATTERNS) exhausted = true;
  for (const expanded of patterns.slice(0, MAX_BRACE_PATTERNS)) {
    const absolute = path.resolve(expanded).split(path.sep).join('/');
    const segments = absolute.split('/').filter((s) => s.length > 0);
    const root = path.parse(path.resolve(expanded)).root;
    walk(root, segments, 0);
  }
  const sorted = [...found].sort(compareCodePoints);
  return { files: sorted.slice(0, Math.max(0, limit)), truncated: exhausted || sorted.length > limit };
}

/** Locale-independent ordering, so part files come out the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
