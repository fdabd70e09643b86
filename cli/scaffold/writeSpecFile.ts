import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDirectory, temporarySibling, writeFileAtomic } from '../../backend/local/atomicFile';

/** The output file exists and `--force` was not given. */
export class OutputExistsError extends Error {
  override readonly name = 'OutputExistsError';
}

/**
 * Writes a new spec file all at once: a reader (the editor, a running `relgraph validate`) sees no
 * file or the whole file, never part of it. Without `force` an existing file is never replaced, even
 * one created while this command ran: the text is written under a temporary name, then hard-linked to
 * the final name, which fails if that name exists (copied exclusively where links are not supported).
 */
export function writeSpecFile(finalPath: string, content: string, options: { force: boolean }): void {
  fs.mkdirSync(path.dirname(finalPath), { recursive: true });
  if (options.force) {
    writeFileAtomic(finalPath, content);
    return;
  }
  if (fs.existsSync(finalPath)) throw new OutputExistsError(`${finalPath} exists`);
  const staged = temporarySibling(finalPath, 'tmp');
  try {
    writeFileAtomic(staged, content);
    try {
      fs.linkSync(staged, finalPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new OutputExistsError(`${finalPath} exists`);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
      fs.copyFileSync(staged, finalPath, fs.constants.COPYFILE_EXCL);
    }
    fsyncDirectory(path.dirname(finalPath));
  } finally {
    fs.rmSync(staged, { force: true });
  }
}
