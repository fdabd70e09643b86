import * as path from 'node:path';

/**
 * Relgraph's own temporary names: `.<final name>.<tag>-<pid>-<8 hex>` beside the final path (same folder,
 * so the rename is atomic). `tmp`: a file or folder being written; `old`: an earlier output moved aside
 * while a new one is renamed into place. Only names of this shape, next to a path Relgraph writes, are
 * ever deleted as leftovers: anything else a record names is refused (docs/security.md, "Job records and outputs").
 */
export type TemporaryTag = 'tmp' | 'old';

export function temporaryName(finalPath: string, tag: TemporaryTag, pid: number, randomHex: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${tag}-${pid}-${randomHex}`);
}

const TEMPORARY_SUFFIX = /^\.(tmp|old)-(\d{1,10})-[0-9a-f]{8}$/;

/** Whether `candidate` is one of Relgraph's temporary names for `finalPath` (same folder, same base name). */
export function isTemporaryNameOf(candidate: string, finalPath: string): boolean {
  if (path.dirname(candidate) !== path.dirname(finalPath)) return false;
  const prefix = `.${path.basename(finalPath)}`;
  const name = path.basename(candidate);
  return name.startsWith(prefix) && TEMPORARY_SUFFIX.test(name.slice(prefix.length));
}

/** The final name and the writer's pid of a temporary name in some folder; undefined for other names. */
export function parseTemporaryName(
  fileName: string,
): { finalName: string; tag: TemporaryTag; pid: number } | undefined {
  const match = /^\.(.+)\.(tmp|old)-(\d{1,10})-[0-9a-f]{8}$/.exec(fileName);
  if (!match) return undefined;
  return { finalName: match[1], tag: match[2] as TemporaryTag, pid: Number(match[3]) };
}
