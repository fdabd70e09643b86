import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileMarkerPathOf, outputMarkerText } from '../core/destinations/outputOwnership';
import type { DuckDbSession } from './DuckDbSession';
import { sqlString } from './sourceScan';

/**
 * The job an output written to a spec's destination belongs to: it gets an output marker (as the local
 * engine's outputs do), so the next run of the spec may replace it and nothing else.
 */
export interface OutputOwner {
  jobId: string;
  outputType: string;
}

export interface RowsFileOptions {
  /** Default: from the file's extension (`.csv`), else Parquet. */
  format?: 'csv' | 'parquet';
  /** Only the first `limit` rows of the query. */
  limit?: number;
  owner?: OutputOwner;
  signal?: AbortSignal;
}

/**
 * Writes the rows of a query (a job's output: `relgraph predictions --out`) to one local file, under a
 * temporary name renamed into place: the file is complete or absent, and counted once written.
 */
export async function writeRowsFile(
  session: DuckDbSession,
  select: string,
  file: string,
  options: RowsFileOptions = {},
): Promise<{ file: string; rows: number }> {
  const format = options.format ?? (/\.csv$/i.test(file) ? 'csv' : 'parquet');
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const markerTemporary = `${fileMarkerPathOf(target)}.${process.pid}.${Date.now()}.tmp`;
  try {
    const limit = options.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const copyOptions = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet';
    await session.run(`COPY (${select}${limit}) TO ${sqlString(temporary)} (${copyOptions})`, options.signal);
    const [{ n }] = await session.rows(
      format === 'csv'
        ? `SELECT count(*) AS n FROM read_csv(${sqlString(temporary)}, header = true)`
        : `SELECT count(*) AS n FROM read_parquet(${sqlString(temporary)})`,
      options.signal,
    );
    if (options.owner) {
      // The marker first: a file at the final name is then never taken for another job's.
      const text = outputMarkerText(options.owner.jobId, options.owner.outputType, [path.basename(target)]);
      fs.writeFileSync(markerTemporary, text, { flag: 'wx' });
      fs.renameSync(markerTemporary, fileMarkerPathOf(target));
    }
    fs.renameSync(temporary, target);
    return { file: target, rows: Number(n) };
  } finally {
    fs.rmSync(temporary, { force: true });
    fs.rmSync(markerTemporary, { force: true });
  }
}
