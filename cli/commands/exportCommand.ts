import * as path from 'node:path';
import { JobBackendError } from '../../backend/JobBackend';
import { DestinationBusyError } from '../../backend/local/destinationLock';
import { DestinationError, refuseRemoteLocation } from '../../core/destinations/OutputTarget';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { resolveJobRef } from '../jobBackends';
import { displayPath } from '../output/ValidationReport';
import { nonNegativeInteger } from './predictionsCommand';

const USAGE = `Usage: relgraph export <job id> --output-type <predictions|embeddings> --destination <path> [options]

Writes one output of a finished batch-prediction job to another place (Kumo's export). The output type is
appended to the name as predict does: --destination out/dnf.csv writes out/dnf_predictions.csv;
out/dnf/{{PARTITION}}.parquet writes out/dnf_predictions/part_000.parquet, part_001.parquet, ...
The file appears under its final name only once complete, with a marker naming the job; files there that
Relgraph did not write are not replaced unless --overwrite is given. Remote destinations (s3://, warehouses)
are written by the Kumo backend and refused here.

Options:
  --output-type <predictions|embeddings>   which output (required)
  --destination <path>                     target path, relative to the current folder (required)
  --format <csv|parquet>                   default: from the extension, else parquet
  --partitions <n>                         part files for {{PARTITION}} (default: the job's num_workers)
  --overwrite                              replace files at the destination that Relgraph did not write
  --workspace <dir>                        the workspace whose .relgraph/ holds the job
  -h, --help                               show this help`;

export interface ExportOptions {
  jobId: string;
  outputType: 'predictions' | 'embeddings';
  destination: string;
  format?: 'csv' | 'parquet';
  partitions?: number;
  workspace?: string;
  overwrite?: boolean;
}

export function parseExportArgs(args: readonly string[]): ExportOptions {
  const options: Partial<ExportOptions> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--output-type') {
      const v = value();
      if (v !== 'predictions' && v !== 'embeddings')
        throw new UsageError('--output-type must be predictions or embeddings');
      options.outputType = v;
    } else if (arg === '--destination') options.destination = value();
    else if (arg === '--format') {
      const v = value();
      if (v !== 'csv' && v !== 'parquet') throw new UsageError('--format must be csv or parquet');
      options.format = v;
    } else if (arg === '--partitions') {
      options.partitions = nonNegativeInteger(value(), '--partitions');
      if (options.partitions < 1) throw new UsageError('--partitions must be at least 1');
    } else if (arg === '--workspace') options.workspace = value();
    else if (arg === '--overwrite') options.overwrite = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (options.jobId) throw new UsageError(`one job id only (got '${options.jobId}' and '${arg}')`);
    else options.jobId = arg;
  }
  if (!options.jobId) throw new UsageError('which job? give a bp-job-... id (see relgraph jobs list)');
  if (!options.outputType) throw new UsageError('--output-type is required (predictions or embeddings)');
  if (!options.destination) throw new UsageError('--destination is required');
  return options as ExportOptions;
}

async function runExport(options: ExportOptions, io: CliIo): Promise<number> {
  const context = { cwd: io.cwd, env: io.env, ...(options.workspace ? { workspace: options.workspace } : {}) };
  const { backend, ref } = resolveJobRef(context, options.jobId);
  try {
    // Before the path is resolved against the current folder, which would make `s3://b/x` a local path.
    refuseRemoteLocation(options.destination);
    const outcome = await backend.export(
      {
        id: ref.id,
        artifact: options.outputType,
        destination: {
          kind: 'file',
          path: path.resolve(io.cwd, options.destination),
          ...(options.format ? { format: options.format } : {}),
          ...(options.overwrite ? { overwrite: true } : {}),
        },
        ...(options.partitions ? { partitions: options.partitions } : {}),
      },
      io.signal,
    );
    const files = outcome.files ?? [];
    const shown = files.length > 1 ? ` (${files.length} files)` : '';
    io.stdout(
      outcome.rows !== undefined && outcome.path
        ? `exported ${outcome.rows} rows of ${options.outputType} to ${displayPath(outcome.path, io.cwd)}${shown}\n`
        : `${outcome.message}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DestinationError) throw new UsageError(error.message);
    if (error instanceof JobBackendError || error instanceof DestinationBusyError) throw new Error(error.message);
    throw error;
  }
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: "Write a finished batch prediction's output to another destination",
  usage: USAGE,
  run: (args, io) => runExport(parseExportArgs(args), io),
};
