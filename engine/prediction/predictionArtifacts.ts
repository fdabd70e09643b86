import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveOutputTargets } from '../../core/destinations/OutputTarget';
import type { JobRecord } from '../../core/jobs/JobRecord';
import { commitRenames } from '../../backend/local/outputCommit';
import { currentJobProcess } from '../../backend/local/processLiveness';
import type { ExportSource, OutputExporter } from '../../backend/local/LocalJobBackend';
import type { ExportOutcome, ExportRequest } from '../../backend/JobBackend';
import { DuckDbSession } from '../../data/DuckDbSession';
import { writeRowsFile } from '../../data/outputRowsFile';
import { sqlString } from '../../data/sourceScan';
import { LocalFileDestination } from './destinations/LocalFileDestination';
import type { WrittenOutput } from './writeOutputAtomically';

/** The files of one output, as JobBackend's `kind: 'files'` location gives them. */
export interface OutputFiles {
  format: 'csv' | 'parquet' | 'json';
  /** The output as the destination names it: a file, or the folder of a partitioned output. */
  path: string;
  files: string[];
}

/** A DuckDB scan of all of an output's files (the parts together, like Kumo's predictions_df). */
export function outputScanSql(output: OutputFiles): string {
  const list = `[${output.files.map(sqlString).join(', ')}]`;
  return output.format === 'csv' ? `read_csv(${list}, header = true, auto_detect = true)` : `read_parquet(${list})`;
}

export interface OutputRows {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows in the whole output. */
  total: number;
}

/**
 * The first `limit` rows (all when undefined) of an output, all its parts together in the order a
 * single-file output has (entity, anchor; multiclass: best class first).
 */
export async function readOutputRows(output: OutputFiles, limit?: number): Promise<OutputRows> {
  const session = await DuckDbSession.open({ threads: 1 });
  try {
    const scan = outputScanSql(output);
    const columns = (await session.rows(`DESCRIBE SELECT * FROM ${scan}`)).map((d) => String(d.column_name));
    const [{ n }] = await session.rows(`SELECT count(*) AS n FROM ${scan}`);
    const rows = await session.rows(
      `SELECT * FROM ${scan} ORDER BY ${outputOrder(columns)}` +
        (limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(limit))}` : ''),
    );
    return { columns, rows, total: Number(n) };
  } finally {
    session.close();
  }
}

/** The files of one output type of a batch-prediction record this process just ran (predict --head). */
export function outputFilesOf(record: JobRecord, outputType: 'predictions' | 'embeddings'): OutputFiles | undefined {
  const artifact = record.artifacts.find((a) => a.type === outputType);
  return artifact ? { format: artifact.format ?? 'parquet', path: artifact.path, files: artifact.files } : undefined;
}

/** The row order of every prediction output, from its columns. */
function outputOrder(columns: readonly string[]): string {
  const order = ['ENTITY', ...(columns.includes('ANCHOR_TIMESTAMP') ? ['ANCHOR_TIMESTAMP'] : [])];
  if (columns.includes('CLASS')) order.push('SCORE DESC', 'CLASS');
  return order.join(', ');
}

/**
 * Writes an output's rows (the first `limit`, in the order readOutputRows reads them) to one file, CSV or
 * Parquet by its extension: `relgraph predictions <id> --out`, the same for a local job as for Kumo's.
 */
export async function writeOutputRowsFile(
  output: OutputFiles,
  file: string,
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<{ file: string; rows: number }> {
  const session = await DuckDbSession.open({ threads: 1 });
  try {
    const scan = outputScanSql(output);
    const columns = (await session.rows(`DESCRIBE SELECT * FROM ${scan}`)).map((d) => String(d.column_name));
    return await writeRowsFile(session, `SELECT * FROM ${scan} ORDER BY ${outputOrder(columns)}`, file, options);
  } finally {
    session.close();
  }
}

/**
 * Kumo's `export`: writes one output of a finished job to a local destination, with the same naming
 * (`<name>_<type>`), formats and `{{PARTITION}}` layout as `predict`, and the same rules: a marker naming
 * the job, files Relgraph did not write replaced only with `overwrite`, no two writers at once.
 * `partitions` defaults to the job's worker count.
 */
export async function exportOutput(
  source: ExportSource,
  request: ExportRequest,
  signal?: AbortSignal,
): Promise<WrittenOutput> {
  const { record, output } = source;
  if (request.destination.kind !== 'file') throw new Error('the local engine exports to files only');
  const [target] = resolveOutputTargets({
    outputTypes: [output.artifact],
    path: request.destination.path,
    ...(request.destination.format ? { format: request.destination.format } : {}),
    baseDir: path.dirname(request.destination.path),
    defaultDir: path.dirname(request.destination.path),
    defaultName: record.spec.name,
  });
  const destination = new LocalFileDestination([target], { overwrite: request.destination.overwrite === true });
  destination.preflight();
  const scratch = { add: () => undefined, remove: () => undefined };
  const summaryWorkers = Number((record.summary as { num_workers?: number } | undefined)?.num_workers ?? 1);
  const job = {
    id: record.id,
    recordFile: path.join(path.dirname(record.logPath), `${record.id}.json`),
    process: currentJobProcess(),
    scratch,
    ...(signal ? { signal } : {}),
    partitions: request.partitions ?? (Number.isSafeInteger(summaryWorkers) && summaryWorkers > 0 ? summaryWorkers : 1),
  };
  const release = destination.reserve(job);
  const session = await DuckDbSession.open();
  try {
    const scan = outputScanSql(output.location);
    const columns = (await session.rows(`DESCRIBE SELECT * FROM ${scan}`)).map((d) => String(d.column_name));
    const staged = await destination.stage(
      session,
      { target, sql: `SELECT * FROM ${scan}`, orderBy: outputOrder(columns), partitionKey: 'ENTITY' },
      job,
    );
    try {
      signal?.throwIfAborted();
      // No job record to journal in: the renames are undone in-process if one fails.
      const earlier = commitRenames(staged.renames, record.id, { begin: () => undefined });
      for (const file of earlier) fs.rmSync(file, { recursive: true, force: true });
    } catch (error) {
      staged.discard();
      throw error;
    }
    return { path: staged.artifact.path, files: staged.artifact.files, rows: staged.artifact.rows ?? 0 };
  } finally {
    session.close();
    release();
  }
}

/** The engine's export, as the CLI's local backend is given it (constructor injection). */
export const engineOutputExporter: OutputExporter = {
  async exportOutput(source, request, signal): Promise<ExportOutcome> {
    const written = await exportOutput(source, request, signal);
    return {
      files: written.files,
      path: written.path,
      rows: written.rows,
      message: `exported ${written.rows} rows of ${source.output.artifact} to ${written.path}`,
    };
  },
};
