import * as path from 'node:path';
import { JobBackendError, type ExportDestination } from '../../backend/JobBackend';
import { DestinationBusyError } from '../../backend/local/destinationLock';
import { DestinationError, refuseRemoteLocation } from '../../core/destinations/OutputTarget';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { jobBackendContext, resolveJobRef } from '../jobBackends';
import { isS3Path, kumoExportDestination } from '../kumo/kumoExportDestination';
import { displayPath } from '../output/ValidationReport';
import { nonNegativeInteger } from './predictionsCommand';

const USAGE = `Usage: relgraph export <job id> --output-type <predictions|embeddings> --destination <path> [options]
       relgraph export kumo:<id> --output-type <predictions|embeddings> --destination s3://... [--connector <name>]
       relgraph export kumo:<id> --output-type <predictions|embeddings> --storage <warehouse> --connector <name> --table <t>

Writes one output of a finished batch-prediction job to another place (Kumo's export). The output type is
appended to the name as predict does: --destination out/dnf.csv writes out/dnf_predictions.csv;
out/dnf/{{PARTITION}}.parquet writes out/dnf_predictions/part_000.parquet, part_001.parquet, ...
The file appears under its final name only once complete, with a marker naming the job; files there that
Relgraph did not write are not replaced unless --overwrite is given. A Kumo job's output is copied by Kumo
itself (POST /artifact) to S3 or a warehouse table; 'relgraph kumo export --wait' waits for that copy, and
'relgraph predictions kumo:<id> --out <file>' downloads it to this machine instead.

Options:
  --output-type <predictions|embeddings>   which output (required)
  --destination <path>                     target path, relative to the current folder; Kumo jobs: s3://...
  --storage <snowflake|bigquery|databricks> Kumo jobs: a warehouse table (with --connector and --table)
  --connector <name>, --table <name>       Kumo jobs: the Kumo connector (and table) to write through
  --format <csv|parquet>                   default: from the extension, else parquet
  --partitions <n>                         part files for {{PARTITION}} (default: the job's num_workers)
  --overwrite                              replace files at the destination that Relgraph did not write
  --workspace <dir>                        the workspace whose .relgraph/ holds the job
  -h, --help                               show this help`;

export interface ExportOptions {
  jobId: string;
  outputType: 'predictions' | 'embeddings';
  destination?: string;
  storage?: string;
  connector?: string;
  table?: string;
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
    else if (arg === '--storage') options.storage = value();
    else if (arg === '--connector') options.connector = value();
    else if (arg === '--table') options.table = value();
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
  if (!options.jobId) throw new UsageError('which job? give a bp-job-... or kumo:<id> id (see relgraph jobs list)');
  if (!options.outputType) throw new UsageError('--output-type is required (predictions or embeddings)');
  if (!options.destination && !options.storage) throw new UsageError('--destination is required');
  if (options.destination && options.storage) throw new UsageError('give --destination or --storage, not both');
  return options as ExportOptions;
}

async function runExport(options: ExportOptions, io: CliIo): Promise<number> {
  const { backend, ref } = resolveJobRef(jobBackendContext(io, options.workspace), options.jobId);
  try {
    const outcome = await backend.export(
      {
        id: ref.id,
        artifact: options.outputType,
        destination: exportDestination(options, io.cwd),
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
    // A destination the job's backend cannot write (a local job to S3, a Kumo job to a file here) is misuse.
    if (error instanceof DestinationError || (error instanceof JobBackendError && error.kind === 'unsupported'))
      throw new UsageError(error.message);
    if (error instanceof JobBackendError || error instanceof DestinationBusyError) throw new Error(error.message);
    throw error;
  }
}

/** A Kumo destination (s3://, a warehouse table), else a file here; which backend takes which is its own say. */
function exportDestination(options: ExportOptions, cwd: string): ExportDestination {
  const kumo = kumoExportDestination({
    s3Path: options.destination && isS3Path(options.destination) ? options.destination : undefined,
    storage: options.storage,
    connector: options.connector,
    table: options.table,
  });
  if (kumo) return kumo;
  // Before the path is resolved against the current folder, which would make `gs://b/x` a local path.
  refuseRemoteLocation(options.destination!);
  return {
    kind: 'file',
    path: path.resolve(cwd, options.destination!),
    ...(options.format ? { format: options.format } : {}),
    ...(options.overwrite ? { overwrite: true } : {}),
  };
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: "Write a finished batch prediction's output to another destination",
  usage: USAGE,
  run: (args, io) => runExport(parseExportArgs(args), io),
};
