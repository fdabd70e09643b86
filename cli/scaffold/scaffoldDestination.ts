import * as path from 'node:path';
import type { ScaffoldDestination } from '../../core/scaffold/predictionSpecText';
import { UsageError } from '../CliCommand';

const WAREHOUSES = ['snowflake', 'bigquery', 'databricks'] as const;
type Warehouse = (typeof WAREHOUSES)[number];

export interface DestinationOptions {
  path?: string;
  storage?: string;
  connector?: string;
  table?: string;
}

/**
 * `scaffold prediction`'s destination options, with the words of `relgraph kumo export`: `--path` (a
 * file here, relative to the current folder, or `s3://...`, optionally `--connector`), or `--storage
 * <snowflake|bigquery|databricks> --connector <name> --table <table>`. S3 and warehouse tables are
 * written by Kumo, so only a Kumo model takes them. Undefined: the default (a local CSV file).
 */
export function scaffoldDestination(
  options: DestinationOptions,
  context: { kumoModel: boolean; cwd: string; specFile: string },
): ScaffoldDestination | undefined {
  const { path: written, storage, connector, table } = options;
  if (written && storage) throw new UsageError('give --path or --storage, not both');
  const kumoOnly = (what: string) => {
    if (!context.kumoModel)
      throw new UsageError(
        `${what} is written by Kumo: the local engine writes files on this machine (--path <file>). Use it with a Kumo model (--from kumo:<id>)`,
      );
  };
  if (storage) {
    if (!(WAREHOUSES as readonly string[]).includes(storage))
      throw new UsageError(`--storage must be one of ${WAREHOUSES.join(', ')} (got '${storage}')`);
    kumoOnly(`a ${storage} table`);
    if (!connector || !table) throw new UsageError(`--storage ${storage} needs --connector <name> and --table <table>`);
    if (storage === 'databricks' && table.split('.').length !== 2)
      throw new UsageError(`Databricks output tables are 'schema.table' (got '${table}')`);
    return { type: storage as Warehouse, connector, table };
  }
  if (table) throw new UsageError('--table applies to --storage <snowflake|bigquery|databricks>');
  if (!written) {
    if (connector) throw new UsageError('--connector applies to an s3:// --path or to --storage');
    return undefined;
  }
  if (/^s3:\/\/[^/]+/i.test(written)) {
    kumoOnly('an s3:// destination');
    return { type: 's3', path: written, ...(connector ? { connector } : {}) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written))
    throw new UsageError(`--path takes a file here or an s3:// path (got '${written}')`);
  if (connector) throw new UsageError('--connector applies to an s3:// --path or to --storage, not to a local file');
  if (!/\.(csv|parquet)$/i.test(written))
    throw new UsageError(`--path must name a .csv or .parquet file (got '${written}')`);
  // Typed relative to where the user is; the spec holds it relative to itself.
  const absolute = path.resolve(context.cwd, written);
  const relative = path.relative(path.dirname(context.specFile), absolute).split(path.sep).join('/');
  return { type: 'local', path: relative };
}
