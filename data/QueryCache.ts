import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A query result reduced to JSON values (counts as numbers, timestamps as text), so it can live on disk. */
export type JsonValue = string | number | boolean | null;
export type JsonRow = Record<string, JsonValue>;

/** What a query produced: rows, or the error DuckDB reported reading the data (a corrupt file stays corrupt). */
export type QueryOutcome = { rows: JsonRow[] } | { error: string };

/** Bump when the SQL or the shape of cached outcomes changes, so old entries are never misread. */
const CACHE_VERSION = 4;
const MAX_MEMORY_ENTRIES = 2000;
const MAX_DISK_ENTRIES = 4000;
const PRUNE_EVERY_WRITES = 100;
/** A temp file this old was left by a process that died between write and rename. */
const STALE_TEMP_MS = 10 * 60_000;

/** One entry on disk: the outcome as JSON text, with the key it answers and a checksum of both. */
interface DiskEntry {
  version: number;
  key: string;
  sha256: string;
  outcome: string;
}

function checksum(key: string, outcome: string): string {
  return createHash('sha256')
    .update(`relgraph-query-cache\u0000${CACHE_VERSION}\u0000${key}\u0000${outcome}`)
    .digest('hex');
}

/**
 * Query outcomes keyed by the SQL text plus the fingerprints (path, size, mtime) of every source it
 * reads. In memory for the language server, on disk so that a second `relgraph validate` process
 * answers in milliseconds. Identical concurrent requests share one computation. An entry on disk is
 * used only when its checksum (over its key and content) holds: an edited, truncated or moved entry
 * is ignored and rewritten. The folder itself is checked by `usableCacheDirectory` before it gets here.
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

  /** The cached outcome, if there is one; never computes. */
  async peek(key: string): Promise<QueryOutcome | undefined> {
    const cached = this.memory.get(key) ?? this.readDisk(key);
    if (cached) this.remember(key, cached);
    return cached;
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
      const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as DiskEntry;
      if (entry?.version !== CACHE_VERSION || entry.key !== key || typeof entry.outcome !== 'string') return undefined;
      if (entry.sha256 !== checksum(key, entry.outcome)) return undefined;
      const outcome = JSON.parse(entry.outcome) as QueryOutcome;
      return isOutcome(outcome) ? outcome : undefined;
    } catch {
      return undefined; // absent, or half-written by a crashed process: recompute
    }
  }

  private writeDisk(key: string, outcome: QueryOutcome): void {
    const file = this.fileOf(key);
    if (!file || !this.dir) return;
    // A random temp name opened exclusively ('wx'): never a file someone placed there beforehand.
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const text = JSON.stringify(outcome);
      const entry: DiskEntry = { version: CACHE_VERSION, key, sha256: checksum(key, text), outcome: text };
      // Write then rename, so a concurrent reader never sees a partial file.
      fs.writeFileSync(temp, JSON.stringify(entry), { flag: 'wx', mode: 0o600 });
      fs.renameSync(temp, file);
      if (++this.writes % PRUNE_EVERY_WRITES === 0) this.prune();
    } catch {
      // A read-only or full disk only costs speed, never correctness.
      removeQuietly(temp);
    }
  }

  /** Keeps the disk cache small: drops the oldest entries beyond MAX_DISK_ENTRIES, and temp files a crash left. */
  private prune(): void {
    if (!this.dir) return;
    const files = fs.readdirSync(this.dir).map((name) => {
      const file = path.join(this.dir as string, name);
      return { name, file, mtimeMs: fs.statSync(file).mtimeMs };
    });
    const staleBefore = Date.now() - STALE_TEMP_MS;
    for (const temp of files.filter((f) => f.name.endsWith('.tmp') && f.mtimeMs < staleBefore)) {
      fs.rmSync(temp.file, { force: true });
    }
    const entries = files.filter((f) => f.name.endsWith('.json'));
    if (entries.length <= MAX_DISK_ENTRIES) return;
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of entries.slice(0, entries.length - MAX_DISK_ENTRIES)) fs.rmSync(entry.file, { force: true });
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // nothing to clean up, or not ours to clean up
  }
}

function isOutcome(value: unknown): value is QueryOutcome {
  if (!value || typeof value !== 'object') return false;
  const outcome = value as { rows?: unknown; error?: unknown };
  return Array.isArray(outcome.rows) || typeof outcome.error === 'string';
}
