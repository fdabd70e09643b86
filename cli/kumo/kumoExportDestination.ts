import type { ExportDestination } from '../../backend/JobBackend';
import { UsageError } from '../CliCommand';

/**
 * Where Kumo copies an output (`POST /artifact`): an S3 path, or a warehouse table of a connector.
 * Undefined when neither is given. `relgraph export` and `relgraph kumo export` both take these.
 */
export function kumoExportDestination(options: {
  s3Path?: string;
  storage?: string;
  connector?: string;
  table?: string;
}): ExportDestination | undefined {
  if (options.s3Path !== undefined)
    return { kind: 'kumo', storageType: 'S3', path: options.s3Path, connector: options.connector };
  if (options.storage === undefined) return undefined;
  if (!['snowflake', 'bigquery', 'databricks'].includes(options.storage.toLowerCase()))
    throw new UsageError('--storage must be snowflake, bigquery or databricks');
  return {
    kind: 'kumo',
    storageType: options.storage.toUpperCase(),
    connector: options.connector,
    table: options.table,
  };
}

export function isS3Path(text: string): boolean {
  return /^s3:\/\//i.test(text);
}
