import type { JobOutput, OutputArtifact } from '../../backend/JobBackend';
import { JobBackendError } from '../../backend/JobBackend';
import { formatJobRef } from '../../core/jobs/JobRef';
import { readOutputRows, type OutputFiles } from '../../engine/prediction/predictionArtifacts';
import { UsageError, type CliCommand, type CliIo } from '../CliCommand';
import { resolveJobRef, type JobBackendContext } from '../jobBackends';

const USAGE = `Usage: relgraph predictions <job id> [options]

Prints the outputs of a finished batch-prediction job (Kumo's predictions_df / embeddings_df): all the
partitions together, in entity (and anchor) order. A local job id is looked up in the .relgraph/ job
stores at, above or below the current folder.

Options:
  --head <n>                          only the first n rows
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
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else if (jobId) throw new UsageError(`one job id only (got '${jobId}' and '${arg}')`);
    else jobId = arg;
  }
  if (!jobId) throw new UsageError('which job? give a bp-job-... id (see relgraph jobs list)');
  return { ...(options as PredictionsOptions), jobId };
}

export function nonNegativeInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number (got '${text}')`);
  return Number(text);
}

/** One output of a finished job, through the job's backend; errors say what is missing and why. */
export async function jobOutputFiles(
  context: JobBackendContext,
  jobId: string,
  artifact: OutputArtifact,
  signal: AbortSignal,
): Promise<{ ref: string; output: OutputFiles }> {
  const { backend, ref } = resolveJobRef(context, jobId);
  let outputs: JobOutput[];
  try {
    outputs = await backend.outputs(ref.id, artifact, signal);
  } catch (error) {
    if (error instanceof JobBackendError) throw new Error(error.message);
    throw error;
  }
  const [output] = outputs;
  if (!output) throw new Error(`${formatJobRef(ref)} wrote no ${artifact}`);
  if (output.location.kind !== 'files') {
    // Kumo's outputs are presigned URLs; downloading them is the Kumo backend's part (docs/kumo.md).
    throw new Error(`the ${artifact} of ${formatJobRef(ref)} are on Kumo (presigned URLs), not files here`);
  }
  const { format, path, files } = output.location;
  return { ref: formatJobRef(ref), output: { format, path, files } };
}

async function runPredictions(options: PredictionsOptions, io: CliIo): Promise<number> {
  const context = { cwd: io.cwd, env: io.env, ...(options.workspace ? { workspace: options.workspace } : {}) };
  const { output } = await jobOutputFiles(context, options.jobId, options.outputType, io.signal);
  const out = await readOutputRows(output, options.head);
  if (options.format === 'json')
    io.stdout(out.rows.map((r) => JSON.stringify(r, jsonValue)).join('\n') + (out.rows.length ? '\n' : ''));
  else if (options.format === 'csv') io.stdout(formatCsv(out.columns, out.rows));
  else {
    io.stdout(formatRowsTable(out.columns, out.rows));
    io.stdout(
      `(${out.rows.length} of ${out.total} rows; ${output.files.length} file${output.files.length === 1 ? '' : 's'} under ${output.path})\n`,
    );
  }
  return 0;
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

function formatCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const csvValue = (v: unknown) =>
    Array.isArray(v)
      ? quote(`[${v.join(',')}]`)
      : v instanceof Date
        ? displayValue(v)
        : quote(v === null || v === undefined ? '' : String(v));
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvValue(r[c])).join(','))].join('\n') + '\n';
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

export const predictionsCommand: CliCommand = {
  name: 'predictions',
  summary: "Print a finished batch prediction's outputs (predictions_df)",
  usage: USAGE,
  run: (args, io) => runPredictions(parsePredictionsArgs(args), io),
};
