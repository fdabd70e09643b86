import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDbSession } from './DuckDbSession';
import type { JsonRow, JsonValue, QueryOutcome } from './QueryCache';
import { sqlString } from './sourceScan';

/** A data check ran longer than its time limit and was interrupted: reported as `data-check-incomplete`. */
export class CheckTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`stopped after ${timeoutMs} ms`);
    this.name = 'CheckTimeoutError';
  }
}

/** A query stopped because its caller's signal aborted; `reason` is the signal's reason. */
export class QueryAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : 'aborted');
    this.name = 'QueryAbortedError';
  }
}

function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** DuckDB errors repeat the whole SQL (with file lists) after the first lines; users need only the reason. */
export function shortDuckDbError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n');
  const cut = lines.findIndex((line) => line.startsWith('LINE ') || line.startsWith('Possible fixes'));
  return (cut > 0 ? lines.slice(0, cut) : lines.slice(0, 3))
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join(' ');
}

/**
 * Runs data-check queries on one lazily opened DuckDB (a warm run served from cache never opens it),
 * one query at a time (a connection interrupt must only ever stop the query it was meant for), each
 * with its own time limit that starts when the query starts, not while it waits its turn.
 */
export class QueryRunner {
  private session?: Promise<DuckDbSession>;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /** How many queries reached DuckDB (a fully cached validation runs none). */
  queriesRun = 0;

  /** Made for this runner when no spill folder was given, removed on dispose. */
  private ownSpillDir?: string;

  /**
   * `spillDir`: where DuckDB may spill a big hash table, inside Relgraph's checked cache folder. Without one
   * the runner makes a private temp folder (0700, unpredictable name) and removes it on dispose.
   */
  constructor(
    private readonly options: {
      threads?: number;
      spillDir?: string;
      /**
       * Run on this session instead of opening one (a job's, see SourceTables.ts): its owner has set it up
       * (time zone UTC, spill folder) and closes it; dispose() leaves it open.
       */
      session?: DuckDbSession;
    } = {},
  ) {}

  /**
   * Rows as JSON values, or the error DuckDB reported (unreadable data is an outcome, not a failure).
   * Throws CheckTimeoutError after `timeoutMs`, and QueryAbortedError when `signal` aborts.
   */
  run(sql: string, timeoutMs: number, signal?: AbortSignal): Promise<QueryOutcome> {
    const turn = this.queue.then(() => this.runNow(sql, timeoutMs, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async runNow(sql: string, timeoutMs: number, signal?: AbortSignal): Promise<QueryOutcome> {
    if (signal?.aborted) throw new QueryAbortedError(signal.reason);
    if (this.disposed) throw new Error('QueryRunner was disposed');
    const session = await this.open();
    this.queriesRun++;
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(new CheckTimeoutError(timeoutMs)), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, limit.signal]) : limit.signal;
    try {
      const rows = await session.rows(sql, combined);
      return { rows: rows.map((row) => mapRow(row)) };
    } catch (error) {
      if (limit.signal.aborted) throw limit.signal.reason;
      if (combined.aborted) throw new QueryAbortedError(signal?.reason);
      return { error: shortDuckDbError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private open(): Promise<DuckDbSession> {
    if (this.options.session) return Promise.resolve(this.options.session);
    this.session ??= DuckDbSession.open({ threads: this.options.threads }).then(async (session) => {
      // Timestamps with a zone are shown and compared in UTC, whatever the machine's zone.
      await session.run("SET TimeZone = 'UTC'");
      // A big hash table may spill to disk; by default an in-memory DuckDB spills into `.tmp` under the
      // working directory, which is the user's workspace. Spill into a folder only this user can write.
      await session.run(`SET temp_directory = ${sqlString(this.spillDir())}`);
      return session;
    });
    return this.session;
  }

  private spillDir(): string {
    if (this.options.spillDir) return this.options.spillDir;
    this.ownSpillDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-spill-'));
    return this.ownSpillDir;
  }

  dispose(): void {
    this.disposed = true;
    const session = this.session;
    this.session = undefined;
    const spill = this.ownSpillDir;
    // Close only after the query in progress (if any) has finished or been interrupted.
    void this.queue
      .then(async () => (await session)?.close())
      .catch(() => undefined)
      .then(() => spill && fs.rmSync(spill, { recursive: true, force: true }))
      .catch(() => undefined);
  }
}

function mapRow(row: Record<string, unknown>): JsonRow {
  const out: JsonRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = toJson(value);
  return out;
}
