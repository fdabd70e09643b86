import type { TrainingGraphMetadata, TrainingTableMetadata } from '../spec/TrainingGraphMetadata';
import type { JobRecord } from './JobRecord';

/**
 * The training graph a DONE training job learned from (`summary.training_graph`), which validation of a
 * prediction spec with `training_job: trainingjob-...` compares against; undefined for any other record,
 * or when the summary does not have the shape the engine writes (records are untrusted input).
 */
export function trainingGraphOfRecord(record: JobRecord): TrainingGraphMetadata | undefined {
  if (record.kind !== 'training' || record.status !== 'DONE') return undefined;
  const graph = record.summary?.training_graph;
  if (!isObject(graph) || typeof graph.query !== 'string' || typeof graph.taskType !== 'string') return undefined;
  if (!Array.isArray(graph.tables) || !graph.tables.every(isTable)) return undefined;
  if (!Array.isArray(graph.edges) || !graph.edges.every(isEdge)) return undefined;
  const metadata = graph as unknown as TrainingGraphMetadata;
  return { ...metadata, jobId: record.id, specPath: record.spec.path };
}

function isTable(value: unknown): value is TrainingTableMetadata {
  return (
    isObject(value) &&
    typeof value.name === 'string' &&
    optionalString(value.primaryKey) &&
    optionalString(value.timeColumn) &&
    optionalString(value.endTimeColumn) &&
    Array.isArray(value.columns) &&
    value.columns.every(
      (c) => isObject(c) && typeof c.name === 'string' && typeof c.dtype === 'string' && typeof c.stype === 'string',
    )
  );
}

function isEdge(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.srcTable === 'string' &&
    typeof value.fkey === 'string' &&
    typeof value.dstTable === 'string'
  );
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
