import * as path from 'node:path';
import type { JobBackend, JobOutputLocation, OutputArtifact } from '../backend/JobBackend';
import { formatJobRef, type JobRef } from '../core/jobs/JobRef';
import { readPresignedRows, writePresignedOutput } from '../data/kumo/presignedOutputs';
import { readOutputRows, writeOutputRowsFile } from '../engine/prediction/predictionArtifacts';
import type { CliIo } from './CliCommand';
import { presignedFooter, printRows, type RowsFormat } from './kumo/printRows';
import { displayPath } from './output/ValidationReport';

export interface JobOutputOptions {
  outputType: OutputArtifact;
  /** Only the first n rows (Kumo: downloading only the partitions they are in). */
  head?: number;
  format: RowsFormat;
  /** Write the rows to this .csv or .parquet file (relative to the current folder) instead of printing them. */
  out?: string;
}

/**
 * One output of a finished batch prediction, printed or written to a file, wherever its backend keeps it:
 * files on this machine (the local engine) or presigned URLs (Kumo, downloaded without credentials and
 * read with DuckDB). `relgraph predictions` and `relgraph kumo predictions` both print through here.
 */
export async function showJobOutput(
  backend: JobBackend,
  ref: JobRef,
  options: JobOutputOptions,
  io: CliIo,
): Promise<number> {
  const name = formatJobRef(ref);
  const [output] = await backend.outputs(ref.id, options.outputType, io.signal);
  if (!output) {
    io.stderr(`${name} has no ${options.outputType}\n`);
    return 1;
  }
  const { location } = output;
  if (options.out !== undefined) {
    const file = path.resolve(io.cwd, options.out);
    const written = await writeOutput(location, file, options.head, io.signal);
    io.stderr(`Wrote ${written.rows} rows of ${name} ${options.outputType} to ${displayPath(written.file, io.cwd)}\n`);
    return 0;
  }
  switch (location.kind) {
    case 'presigned-urls': {
      const rows = await readPresignedRows(location.urls, { limit: options.head, signal: io.signal });
      printRows(io, rows, options.format, presignedFooter(rows));
      return 0;
    }
    case 'files': {
      const rows = await readOutputRows(location, options.head);
      const files = `${location.files.length} file${location.files.length === 1 ? '' : 's'}`;
      printRows(io, rows, options.format, `${rows.rows.length} of ${rows.total} rows; ${files} under ${location.path}`);
      return 0;
    }
  }
}

function writeOutput(location: JobOutputLocation, file: string, limit: number | undefined, signal: AbortSignal) {
  return location.kind === 'presigned-urls'
    ? writePresignedOutput(location.urls, file, { limit, signal })
    : writeOutputRowsFile(location, file, { limit, signal });
}
