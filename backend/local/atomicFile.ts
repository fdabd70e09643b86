import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporaryName, type TemporaryTag } from '../../core/jobs/temporaryNames';

/**
 * A sibling temporary name for `finalPath`: same directory (so the rename is atomic: same file system),
 * hidden and marked (core/jobs/temporaryNames) so that leftovers of a killed process are recognisable,
 * never read as data, and the only names ever cleaned up as leftovers.
 */
export function temporarySibling(finalPath: string, tag: TemporaryTag = 'tmp'): string {
  return temporaryName(finalPath, tag, process.pid, randomBytes(4).toString('hex'));
}

/**
 * Writes a file so that readers see the old content or the new content, never a torn one, even if
 * the process dies mid-write: write a temp file, fsync it, rename it over the target, fsync the folder.
 */
export function writeFileAtomic(finalPath: string, content: string): void {
  const temp = temporarySibling(finalPath);
  const fd = fs.openSync(temp, 'wx');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, finalPath);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(path.dirname(finalPath));
}

/** Makes a rename durable; some file systems refuse to open a folder for fsync, which is harmless. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
