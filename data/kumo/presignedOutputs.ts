import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { OUTPUT_MARKER_NAME, outputMarkerText } from '../../core/destinations/outputOwnership';
import { DuckDbSession } from '../DuckDbSession';
import { writeRowsFile, type OutputOwner } from '../outputRowsFile';
import { sqlIdent, sqlString } from '../sourceScan';

/**
 * Kumo's batch-prediction outputs: Parquet partitions behind presigned URLs (S3, one URL per partition;
 * kumo-semantics.md §1.8, §2.2), downloaded and read with DuckDB. Downloads are plain GETs that carry no
 * Kumo credentials: a presigned URL is its own authorization, and the API key must never leave for
 * anywhere but the Kumo API. Partitions go to a private temporary folder, are read from there, and are
 * deleted afterwards; the URLs' signatures never appear in messages.
 */

export interface PresignedRows {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows of the whole output, when every partition was read. */
  total?: number;
  partitionsRead: number;
  partitions: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Time limit of one partition's download, in ms (default 10 minutes: partitions are hundreds of MB). */
  timeoutMs?: number;
}

export type { OutputOwner } from '../outputRowsFile';

/** Streams one presigned URL to a file (never whole into memory). */
export async function downloadPartition(url: string, file: string, options: DownloadOptions = {}): Promise<void> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 600_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    // No headers of ours: the URL carries its own signature, and a Kumo key must not travel with it.
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    const why = timeout.aborted
      ? 'it took too long'
      : String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    throw new Error(`Cannot download ${displayUrl(url)}: ${why}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    const expired = response.status === 403 || response.status === 400;
    throw new Error(
      `Cannot download ${displayUrl(url)}: HTTP ${response.status}` +
        (expired
          ? '. Presigned URLs expire (after about an hour): ask Kumo for them again by running the command again.'
          : ''),
    );
  }
  await pipeline(
    Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
    fs.createWriteStream(file, { mode: 0o600 }),
    {
      signal,
    },
  );
}

/** A URL without its query: presigned URLs carry their signature there. */
export function displayUrl(url: string): string {
  return urlWithoutQuery(url) ?? '(a presigned URL)';
}

/** Origin and path of a URL (no query, no fragment), or undefined when it does not parse. */
export function urlWithoutQuery(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}

/** A private temporary folder for downloads, removed by `dispose`. */
async function withDownloads<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-kumo-'));
  try {
    return await work(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function partitionFile(dir: string, index: number): string {
  return path.join(dir, `part_${String(index).padStart(3, '0')}.parquet`);
}

/** The row order of every prediction output, from its columns (as the local engine's outputs). */
function outputOrder(columns: readonly string[]): string {
  const order = columns.includes('ENTITY') ? [sqlIdent('ENTITY')] : [];
  for (const c of ['ANCHOR_TIMESTAMP', 'TIMESTAMP']) if (columns.includes(c)) order.push(sqlIdent(c));
  if (columns.includes('CLASS') && columns.includes('SCORE'))
    order.push(`${sqlIdent('SCORE')} DESC`, sqlIdent('CLASS'));
  return order.length > 0 ? ` ORDER BY ${order.join(', ')}` : '';
}

function scanOf(files: readonly string[]): string {
  return `read_parquet([${files.map(sqlString).join(', ')}])`;
}

/**
 * The rows of an output (Kumo's predictions_df / embeddings_df). Without `limit`: every partition,
 * together, in entity order. With `limit`: the first rows in Kumo's partition order, downloading only
 * the partitions needed (seed 002: predictions_df loads everything into memory; --head must not).
 */
export async function readPresignedRows(
  urls: readonly string[],
  options: DownloadOptions & { limit?: number } = {},
): Promise<PresignedRows> {
  return withDownloads(async (dir) => {
    const session = await DuckDbSession.open({ threads: 1 });
    try {
      if (options.limit === undefined) {
        const files: string[] = [];
        for (const [i, url] of urls.entries()) {
          files.push(partitionFile(dir, i));
          await downloadPartition(url, files[i], options);
        }
        if (files.length === 0) return { columns: [], rows: [], total: 0, partitionsRead: 0, partitions: 0 };
        const columns = await columnsOf(session, files, options.signal);
        const rows = await session.rows(`SELECT * FROM ${scanOf(files)}${outputOrder(columns)}`, options.signal);
        return { columns, rows, total: rows.length, partitionsRead: files.length, partitions: urls.length };
      }
      const limit = Math.max(0, Math.floor(options.limit));
      const rows: Record<string, unknown>[] = [];
      let columns: string[] = [];
      let read = 0;
      let seen = 0;
      for (const [i, url] of urls.entries()) {
        if (rows.length >= limit && i > 0) break;
        const file = partitionFile(dir, i);
        await downloadPartition(url, file, options);
        read++;
        if (columns.length === 0) columns = await columnsOf(session, [file], options.signal);
        const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${scanOf([file])}`, options.signal);
        seen += Number(n);
        const wanted = limit - rows.length;
        if (wanted > 0)
          rows.push(...(await session.rows(`SELECT * FROM ${scanOf([file])} LIMIT ${wanted}`, options.signal)));
        fs.rmSync(file, { force: true }); // keep at most one partition on disk
      }
      return {
        columns,
        rows,
        total: read === urls.length ? seen : undefined,
        partitionsRead: read,
        partitions: urls.length,
      };
    } finally {
      session.close();
    }
  });
}

async function columnsOf(session: DuckDbSession, files: readonly string[], signal?: AbortSignal): Promise<string[]> {
  return (await session.rows(`DESCRIBE SELECT * FROM ${scanOf(files)}`, signal)).map((d) => String(d.column_name));
}

/**
 * Writes an output (or its first `limit` rows) to one local file, CSV or Parquet by `format` or the
 * file's extension, under a temporary name renamed into place: the file is complete or absent.
 */
export async function writePresignedOutput(
  urls: readonly string[],
  file: string,
  options: DownloadOptions & { limit?: number; format?: 'csv' | 'parquet'; owner?: OutputOwner } = {},
): Promise<{ file: string; rows: number }> {
  return withDownloads(async (dir) => {
    const files: string[] = [];
    let rowsSoFar = 0;
    const session = await DuckDbSession.open({ threads: 1 });
    try {
      for (const [i, url] of urls.entries()) {
        if (options.limit !== undefined && rowsSoFar >= options.limit) break;
        files.push(partitionFile(dir, i));
        await downloadPartition(url, files[i], options);
        const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${scanOf([files[i]])}`, options.signal);
        rowsSoFar += Number(n);
      }
      if (files.length === 0) throw new Error('the job has no partitions to write');
      const columns = await columnsOf(session, files, options.signal);
      // The first rows in partition order (as --head reads them), else all of them in entity order.
      const order = options.limit === undefined ? outputOrder(columns) : '';
      return await writeRowsFile(session, `SELECT * FROM ${scanOf(files)}${order}`, file, options);
    } finally {
      session.close();
    }
  });
}

/** Downloads every partition as is (Parquet) into a folder, `part_000.parquet`, ..., renamed into place. */
export async function downloadPartitions(
  urls: readonly string[],
  folder: string,
  options: DownloadOptions & { owner?: OutputOwner } = {},
): Promise<string[]> {
  const target = path.resolve(folder);
  if (fs.existsSync(target)) {
    // Only an earlier download may be replaced: a folder holding anything else is not Relgraph's to delete.
    if (!fs.statSync(target).isDirectory())
      throw new Error(`${folder} exists and is not a folder: choose a new folder`);
    const foreign = fs
      .readdirSync(target)
      .filter((name) => !/^part_\d{3,}\.parquet$/.test(name) && name !== OUTPUT_MARKER_NAME);
    if (foreign.length > 0)
      throw new Error(
        `${folder} exists and holds other files (${foreign.slice(0, 3).join(', ')}): choose a new folder`,
      );
  }
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  fs.mkdirSync(temporary, { recursive: true });
  try {
    for (const [i, url] of urls.entries()) await downloadPartition(url, partitionFile(temporary, i), options);
    if (options.owner) {
      // Inside the folder: the marker arrives with the parts in one rename.
      const parts = urls.map((_, i) => path.basename(partitionFile(temporary, i)));
      const text = outputMarkerText(options.owner.jobId, options.owner.outputType, parts);
      fs.writeFileSync(path.join(temporary, OUTPUT_MARKER_NAME), text, { flag: 'wx' });
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(temporary, target);
    return urls.map((_, i) => partitionFile(target, i));
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}
