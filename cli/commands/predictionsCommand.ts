import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { jobBackendContext, resolveJobRef } from '../jobBackends';
import { showJobOutput } from '../jobOutput';

const USAGE = `Usage: relgraph predictions <job id> [options]

Prints the outputs of a finished batch-prediction job (Kumo's predictions_df / embeddings_df): all the
partitions together, in entity (and anchor) order. A local job id is looked up in the .relgraph/ job
stores at, above or below the current folder; a Kumo job (kumo:<id>, with KUMO_API_URL and KUMO_API_KEY
set) is downloaded from its presigned URLs, without Kumo credentials, and read with DuckDB.

Options:
  --head <n>                          only the first n rows (Kumo: downloads only the partitions they are in)
  --out <file>                        write the rows to a .csv or .parquet file instead of printing them
  --output-type <predictions|embeddings>  which output (default: predictions)
  --format <table|csv|json>           table (default, aligned columns), csv, or json (one object per line)
  --workspace <dir>                   the workspace whose .relgraph/ holds the job (default: search from here)
  -h, --help                          show this help`;

export interface PredictionsOptions {
  jobId: string;
  head?: number;
  outputType: 'predictions' | 'embeddings';
  format: 'table' | 'csv' | 'json';
  workspace?: string;
  out?: string;
}

export function parsePredictionsArgs(args: readonly string[]): PredictionsOptions {
  let jobId: string | undefined;
  const options: Partial<PredictionsOptions> = { outputType: 'predictions', format: 'table' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--head') options.head = nonNegativeInteger(value(), '--head');
    else if (arg === '--output-type') {
      const v = value();
      if (v !== 'predictions' && v !== 'embeddings')
        throw new UsageError(`--output-type must be predictions or embeddings`);
      options.outputType = v;
    } else if (arg === '--format') {
      const v = value();
      if (v !== 'table' && v !== 'csv' && v !== 'json') throw new UsageError(`--format must be table, csv or json`);
      options.format = v;
    } else if (arg === '--workspace') options.workspace = value();
    else if (arg === '--out') options.out = value();
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (jobId) throw new UsageError(`one job id only (got '${jobId}' and '${arg}')`);
    else jobId = arg;
  }
  if (!jobId) throw new UsageError('which job? give a bp-job-... or kumo:<id> id (see relgraph jobs list)');
  return { ...(options as PredictionsOptions), jobId };
}

export function nonNegativeInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number (got '${text}')`);
  return Number(text);
}

async function runPredictions(options: PredictionsOptions, io: CliIo): Promise<number> {
  const { backend, ref } = resolveJobRef(jobBackendContext(io, options.workspace), options.jobId);
  return showJobOutput(backend, ref, options, io);
}

/** A value as the table prints it: short floats, ISO timestamps, the first few elements of a vector. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date)
    return value
      .toISOString()
      .replace('T', ' ')
      .replace(/\.000Z$/, '')
      .replace(/Z$/, '');
  if (Array.isArray(value)) {
    const shown = value.slice(0, 4).map(displayValue).join(', ');
    return `[${shown}${value.length > 4 ? `, ... (${value.length})` : ''}]`;
  }
  const text = String(value);
  // A CSV embedding comes back as one long '[...]' string: keep table rows readable.
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Aligned columns with a header line, numbers right-aligned. */
export function formatRowsTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cells = rows.map((r) => columns.map((c) => displayValue(r[c])));
  const numeric = columns.map(
    (c) => rows.length > 0 && rows.every((r) => r[c] === null || ['number', 'bigint'].includes(typeof r[c])),
  );
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => row[j].length)));
  const line = (values: string[]) =>
    values
      .map((v, j) => (numeric[j] ? v.padStart(widths[j]) : v.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  return [line([...columns]), ...cells.map(line)].join('\n') + '\n';
}

export function formatCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const csvValue = (v: unknown) =>
    Array.isArray(v)
      ? quote(`[${v.join(',')}]`)
      : v instanceof Date
        ? displayValue(v)
        : quote(v === null || v === undefined ? '' : String(v));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvValue(r[c])).join(','))].join('\n') + '\n';
}

export const predictionsCommand: CliCommand = {
  name: 'predictions',
  summary: "Print a finished batch prediction's outputs (predictions_df)",
  usage: USAGE,
  run: (args, io) => runPredictions(parsePredictionsArgs(args), io),
};
