import * as fs from 'node:fs';
import { DuckDbSession } from '../../data/DuckDbSession';
import { sqlString } from '../../data/sourceScan';
import type { JobArtifact, JobRecord } from '../../core/jobs/JobRecord';
import { resolveOutputTargets, type DestinationRequest } from './OutputTarget';
import { writeOutputAtomically, type WrittenOutput } from './writeOutputAtomically';

/** The artifact of one output type of a DONE batch-prediction job; errors say what is wrong. */
export function predictionArtifact(record: JobRecord, outputType: 'predictions' | 'embeddings'): JobArtifact {
  if (record.kind !== 'batch_prediction')
    throw new Error(`${record.id} is a ${record.kind} job, not a batch prediction`);
  if (record.status !== 'DONE') {
    throw new Error(
      `${record.id} is ${record.status}${record.error ? ` (${record.error.message})` : ''}: it has no outputs`,
    );
  }
  const artifact = record.artifacts.find((a) => a.type === outputType);
  if (!artifact) {
    const types = record.artifacts.map((a) => a.type).join(', ') || 'none';
    throw new Error(`${record.id} wrote no ${outputType} (its outputs: ${types})`);
  }
  const missing = artifact.files.filter((f) => !fs.existsSync(f));
  if (missing.length > 0)
    throw new Error(`the ${outputType} of ${record.id} were moved or deleted: ${missing[0]} is missing`);
  return artifact;
}

/** A DuckDB scan of all of an artifact's files (the parts together, like Kumo's predictions_df). */
export function artifactScanSql(artifact: JobArtifact): string {
  const list = `[${artifact.files.map(sqlString).join(', ')}]`;
  return artifact.format === 'csv' ? `read_csv(${list}, header = true, auto_detect = true)` : `read_parquet(${list})`;
}

export interface OutputRows {
  columns: string[];
  rows: Record<string, unknown>[];
  /** Rows in the whole artifact. */
  total: number;
}

/**
 * The first `limit` rows (all when undefined) of an artifact, all its parts together in the order a
 * single-file output has (entity, anchor; multiclass: best class first).
 */
export async function readArtifactRows(artifact: JobArtifact, limit?: number): Promise<OutputRows> {
  const session = await DuckDbSession.open({ threads: 1 });
  try {
    const scan = artifactScanSql(artifact);
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

/** The row order of every prediction output, from its columns. */
function outputOrder(columns: readonly string[]): string {
  const order = ['ENTITY', ...(columns.includes('ANCHOR_TIMESTAMP') ? ['ANCHOR_TIMESTAMP'] : [])];
  if (columns.includes('CLASS')) order.push('SCORE DESC', 'CLASS');
  return order.join(', ');
}

/**
 * Kumo's `export`: writes one output type of a finished job to another destination (local only),
 * with the same naming (`<name>_<type>`), formats and `{{PARTITION}}` layout as `predict`.
 * `partitions` defaults to the job's worker count.
 */
export async function exportPredictionArtifact(
  record: JobRecord,
  outputType: 'predictions' | 'embeddings',
  destination: Omit<DestinationRequest, 'outputTypes' | 'defaultDir' | 'defaultName'> & { path: string },
  options: { partitions?: number; signal?: AbortSignal } = {},
): Promise<WrittenOutput> {
  const artifact = predictionArtifact(record, outputType);
  const [target] = resolveOutputTargets({
    ...destination,
    outputTypes: [outputType],
    defaultDir: destination.baseDir,
    defaultName: record.spec.name,
  });
  const session = await DuckDbSession.open();
  try {
    const scan = artifactScanSql(artifact);
    const columns = (await session.rows(`DESCRIBE SELECT * FROM ${scan}`)).map((d) => String(d.column_name));
    const summaryWorkers = Number((record.summary as { num_workers?: number } | undefined)?.num_workers ?? 1);
    return await writeOutputAtomically(session, `SELECT * FROM ${scan}`, target, {
      partitions: options.partitions ?? summaryWorkers,
      partitionKey: 'ENTITY',
      orderBy: outputOrder(columns),
      signal: options.signal,
    });
  } finally {
    session.close();
  }
}
