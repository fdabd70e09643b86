import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where Relgraph keeps what it caches on this machine (the data checks' query results, DuckDB's spill files):
 * the user's cache directory, never a predictable folder under the shared temp dir that another user could
 * create first. `$XDG_CACHE_HOME/relgraph` when XDG_CACHE_HOME is an absolute path (the XDG Base Directory
 * rule), else `~/.cache/relgraph`; on Windows `%LOCALAPPDATA%\relgraph\cache`. Undefined without a home.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform) {
  if (platform === 'win32') {
    return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'relgraph', 'cache') : undefined;
  }
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'relgraph');
  const home = env.HOME || safeHomedir();
  return home ? path.join(home, '.cache', 'relgraph') : undefined;
}

function safeHomedir(): string | undefined {
  try {
    return os.homedir() || undefined;
  } catch {
    return undefined;
  }
}

/** What the owner and mode checks read; tests inject one to play a folder owned by another user. */
export interface CacheDirectoryProbe {
  /** The current user's id; undefined where the platform has none (Windows): then only the folder type is checked. */
  uid?: number;
  stat?: (dir: string) => Pick<fs.Stats, 'uid' | 'mode' | 'isDirectory'>;
}

function defaultProbe(): CacheDirectoryProbe {
  return { uid: typeof process.getuid === 'function' ? process.getuid() : undefined, stat: (dir) => fs.statSync(dir) };
}

/**
 * Creates the folder (0700) when it is missing and says why it must not be used when it is not ours alone:
 * not a folder, owned by another user, or writable by the group or by everyone. Undefined when it is fine.
 * A folder others can write is one whose entries they can replace, which would let them hide real findings.
 */
export function cacheDirectoryProblem(dir: string, probe: CacheDirectoryProbe = defaultProbe()): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return `cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  let stats: Pick<fs.Stats, 'uid' | 'mode' | 'isDirectory'>;
  try {
    stats = (probe.stat ?? fs.statSync)(dir);
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (!stats.isDirectory()) return 'is not a folder';
  if (probe.uid === undefined) return undefined;
  if (stats.uid !== probe.uid) return `is owned by another user (uid ${stats.uid}, you are ${probe.uid})`;
  const writable = [stats.mode & 0o020 ? 'its group' : '', stats.mode & 0o002 ? 'everyone' : ''].filter(Boolean);
  if (writable.length > 0) {
    return `is writable by ${writable.join(' and ')} (mode ${(stats.mode & 0o777).toString(8).padStart(3, '0')})`;
  }
  return undefined;
}

const warned = new Set<string>();

/**
 * The folder when it is safe to use, else undefined after one warning per folder, consequence and process (the
 * language server opens two data validators; the user needs to read it once). `consequence` says what Relgraph
 * does instead (default: the data checks run without a disk cache).
 */
export function usableCacheDirectory(
  dir: string,
  warn: (message: string) => void,
  probe?: CacheDirectoryProbe,
  consequence = 'data checks run uncached',
): string | undefined {
  const problem = cacheDirectoryProblem(dir, probe);
  if (!problem) return dir;
  const key = `${dir}\0${consequence}`;
  if (!warned.has(key)) {
    warned.add(key);
    warn(
      `the cache folder ${dir} ${problem}, so it is not used: ${consequence}. ` +
        `Remove the folder (Relgraph recreates it for you alone) or make it yours with 'chmod 700'.`,
    );
  }
  return undefined;
}

/** Forgets which folders were warned about (tests). */
export function resetCacheDirectoryWarnings(): void {
  warned.clear();
}
