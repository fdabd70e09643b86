export type ReadFs = Pick<typeof import('node:fs'), 'constants' | 'openSync' | 'fstatSync' | 'readSync' | 'closeSync'>;

export type SafeRead = { ok: true; text: string; size: number } | { ok: false; missing: boolean; reason: string };

/**
 * Reads a file a workspace may have planted (a record, a log): opened without blocking, so a named pipe
 * or a device cannot hang the reader; only a regular file is read, and only its last `maxBytes` (a log)
 * or none of it when bigger (`tail: false`, a record). `noFollow` refuses a symbolic link. `fs` is the
 * caller's (core does no I/O of its own).
 */
export function readRegularFile(
  fs: ReadFs,
  file: string,
  options: { maxBytes: number; tail?: boolean; noFollow?: boolean },
): SafeRead {
  let fd: number;
  try {
    const flags = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (options.noFollow ? fs.constants.O_NOFOLLOW : 0);
    fd = fs.openSync(file, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, missing: true, reason: 'no such file' };
    if (code === 'ELOOP') return { ok: false, missing: false, reason: 'is a symbolic link' };
    return { ok: false, missing: false, reason: `cannot be read (${code ?? String(error)})` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, missing: false, reason: 'is not a regular file' };
    if (stat.size > options.maxBytes && !options.tail) {
      return {
        ok: false,
        missing: false,
        reason: `is ${megabytes(stat.size)}, more than the ${megabytes(options.maxBytes)} allowed`,
      };
    }
    const start = Math.max(0, stat.size - options.maxBytes);
    const buffer = Buffer.alloc(stat.size - start);
    let read = 0;
    while (read < buffer.length) {
      const n = fs.readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return { ok: true, text: buffer.subarray(0, read).toString('utf8'), size: stat.size };
  } catch (error) {
    return {
      ok: false,
      missing: false,
      reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    };
  } finally {
    fs.closeSync(fd);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
