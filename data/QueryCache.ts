import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A query result reduced to JSON values (counts as numbers, timestamps as text), so it can live on disk. */
export type JsonValue = string | number | boolean | null;
export type JsonRow = Record<string, JsonValue>;

/** What a query produced: rows, or the error DuckDB reported reading the data (a corrupt file stays corrupt). */
export type QueryOutcome = { rows: JsonRow[] } | { error: string };

/** Bump when the SQL or the shape of cached outcomes changes, so old entries are never misread. */
const CACHE_VERSION = 3;
const MAX_MEMORY_ENTRIES = 2000;
const MAX_DISK_ENTRIES = 4000;
const PRUNE_EVERY_WRITES = 100;

/** The default on-disk cache: per user, under the OS temp dir, so warm CLI runs skip DuckDB entirely. */
export function defaultCacheDir(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `relgraph-data-cache-${user}`);
}

/**
 * Query outcomes keyed by the SQL text plus the fingerprints (path, size, mtime) of every source it
 * reads. In memory for the language server, on disk so that a second `relgraph validate` process
 * answers in milliseconds. Identical concurrent requests share one computation.
 */
export class QueryCache {
  private readonly memory = new Map<string, QueryOutcome>();
  private readonly inFlight = new Map<string, Promise<QueryOutcome>>();
  private writes = 0;

  /** `dir`: where outcomes persist; undefined keeps them in memory only. */
  constructor(private readonly dir?: string) {}

  static keyOf(sql: string, fingerprints: readonly string[]): string {
    return createHash('sha256')
      .update(JSON.stringify([CACHE_VERSION, sql, [...fingerprints].sort()]))
      .digest('hex');
  }

  /** The cached outcome, or computes it. A computation that throws (timeout, cancellation) is not cached. */
  async getOrCompute(key: string, compute: () => Promise<QueryOutcome>): Promise<QueryOutcome> {
    const cached = this.memory.get(key) ?? this.readDisk(key);
    if (cached) {
      this.remember(key, cached);
      return cached;
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const work = compute().then((outcome) => {
      this.remember(key, outcome);
      this.writeDisk(key, outcome);
      return outcome;
    });
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Forgets everything, in memory and on disk (the bench's cold run; a "clear cache" command). */
  clear(): void {
    this.memory.clear();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private remember(key: string, outcome: QueryOutcome): void {
    // Map keeps insertion order: re-inserting marks the entry as recently used.
    this.memory.delete(key);
    this.memory.set(key, outcome);
    if (this.memory.size > MAX_MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
  }

  private fileOf(key: string): string | undefined {
    return this.dir ? path.join(this.dir, `${key}.json`) : undefined;
  }

  private readDisk(key: string): QueryOutcome | undefined {
    const file = this.fileOf(key);
    if (!file) return undefined;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as QueryOutcome;
      return parsed && typeof parsed === 'object' && ('rows' in parsed || 'error' in parsed) ? parsed : undefined;
    } catch {
      return undefined; // absent, or half-written by a crashed process: recompute
    }
  }

  private writeDisk(key: string, outcome: QueryOutcome): void {
    const file = this.fileOf(key);
    if (!file || !this.dir) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      // Write then rename, so a concurrent reader never sees a partial file.
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(outcome));
      fs.renameSync(temp, file);
      if (++this.writes % PRUNE_EVERY_WRITES === 0) this.prune();
    } catch {
      // A read-only or full temp dir only costs speed, never correctness.
    }
  }

  /** Keeps the disk cache small: drops the oldest entries beyond MAX_DISK_ENTRIES. */
  private prune(): void {
    if (!this.dir) return;
    const entries = fs
      .readdirSync(this.dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => {
        const file = path.join(this.dir as string, name);
        return { file, mtimeMs: fs.statSync(file).mtimeMs };
      });
    if (entries.length <= MAX_DISK_ENTRIES) return;
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of entries.slice(0, entries.length - MAX_DISK_ENTRIES)) fs.rmSync(entry.file, { force: true });
  }
}
