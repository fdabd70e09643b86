import type { TaskType } from '../pql/ast';
import { DTYPES, STYPES, type Dtype, type Stype } from '../spec/SpecModel';
import type { TrainingGraphMetadata, TrainingTableMetadata } from '../spec/TrainingGraphMetadata';
import { KUMO_JOB_PREFIX } from '../jobs/JobRef';

/**
 * What `relgraph kumo pull kumo:<id>` caches of a Kumo training job: its predictive query and the graph
 * it was trained on (graph-key table names, keys, time columns, columns with dtype and stype, edges, and
 * where each table's rows came from). Stored as `<workspace>/.relgraph/kumo/<training job id>.json`;
 * validation of `training_job: kumo:<id>` reads it exactly like a local training job's metadata.
 *
 * A public format (docs/kumo.md): fields are only ever added; `formatVersion` changes only on an
 * incompatible change. A workspace is untrusted input, so every read goes through parseKumoTrainingGraph.
 */
export interface KumoTrainingGraph {
  formatVersion: 1;
  /** Kumo's own id, without the `kumo:` prefix. */
  jobId: string;
  /** The Kumo deployment it was pulled from (host only: never a key). */
  kumoHost?: string;
  /** ISO-8601 UTC: when Relgraph pulled it. */
  pulledAt: string;
  /** ISO-8601 UTC: the training job's last change Kumo reported at pull time (freshness check). */
  jobUpdatedAt?: string;
  /** The training job's status at pull time. */
  jobStatus?: string;
  query: string;
  taskType: TaskType;
  tables: KumoTrainingTable[];
  edges: { srcTable: string; fkey: string; dstTable: string }[];
}

export interface KumoTrainingTable extends TrainingTableMetadata {
  /** Where Kumo read the table from, when the SDK says. */
  source?: { connector?: string; connectorType?: string; table?: string };
}

export const KUMO_CACHE_FORMAT_VERSION = 1;

const TASK_TYPES: readonly TaskType[] = [
  'binary_classification',
  'multiclass_classification',
  'multilabel_classification',
  'multilabel_ranking',
  'regression',
  'temporal_link_prediction',
  'static_link_prediction',
  'forecasting',
];

/** Kumo job ids as Relgraph stores them: safe in a file name and a URL path segment. */
const KUMO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME_LIMIT = 1024;

export function isKumoJobId(id: string): boolean {
  return KUMO_ID.test(id);
}

export function isTaskType(value: unknown): value is TaskType {
  return typeof value === 'string' && (TASK_TYPES as readonly string[]).includes(value);
}

type Parsed = { graph: KumoTrainingGraph } | { problem: string };

/**
 * Checks an untrusted value (a cache file, the pull script's output) field by field and returns a clean
 * copy, or what is wrong with it. Unknown fields are dropped.
 */
export function parseKumoTrainingGraph(value: unknown): Parsed {
  if (!isObject(value)) return { problem: 'not a JSON object' };
  if (value.formatVersion !== KUMO_CACHE_FORMAT_VERSION)
    return { problem: `formatVersion ${JSON.stringify(value.formatVersion)} is not ${KUMO_CACHE_FORMAT_VERSION}` };
  if (typeof value.jobId !== 'string' || !isKumoJobId(value.jobId)) return { problem: 'jobId is not a Kumo job id' };
  if (typeof value.query !== 'string' || value.query.length === 0 || value.query.length > 100_000)
    return { problem: 'query is missing' };
  if (!isTaskType(value.taskType)) return { problem: `taskType ${JSON.stringify(value.taskType)} is unknown` };
  if (!isInstant(value.pulledAt)) return { problem: 'pulledAt is not an ISO-8601 instant' };
  if (!Array.isArray(value.tables) || value.tables.length === 0 || value.tables.length > 10_000)
    return { problem: 'tables is not a non-empty list' };
  const tables: KumoTrainingTable[] = [];
  for (const [i, raw] of value.tables.entries()) {
    const table = parseTable(raw);
    if (typeof table === 'string') return { problem: `tables[${i}]: ${table}` };
    tables.push(table);
  }
  if (new Set(tables.map((t) => t.name)).size !== tables.length) return { problem: 'two tables share a name' };
  if (!Array.isArray(value.edges) || value.edges.length > 100_000) return { problem: 'edges is not a list' };
  const edges: KumoTrainingGraph['edges'] = [];
  for (const [i, raw] of value.edges.entries()) {
    if (!isObject(raw) || !isName(raw.srcTable) || !isName(raw.fkey) || !isName(raw.dstTable))
      return { problem: `edges[${i}] needs srcTable, fkey and dstTable` };
    edges.push({ srcTable: raw.srcTable, fkey: raw.fkey, dstTable: raw.dstTable });
  }
  const graph: KumoTrainingGraph = {
    formatVersion: 1,
    jobId: value.jobId,
    pulledAt: value.pulledAt,
    query: value.query,
    taskType: value.taskType,
    tables,
    edges,
  };
  if (typeof value.kumoHost === 'string' && value.kumoHost.length <= NAME_LIMIT) graph.kumoHost = value.kumoHost;
  if (isInstant(value.jobUpdatedAt)) graph.jobUpdatedAt = value.jobUpdatedAt;
  if (typeof value.jobStatus === 'string' && /^[A-Z_]{1,32}$/.test(value.jobStatus)) graph.jobStatus = value.jobStatus;
  return { graph };
}

function parseTable(raw: unknown): KumoTrainingTable | string {
  if (!isObject(raw) || !isName(raw.name)) return 'needs a name';
  const table: KumoTrainingTable = { name: raw.name, columns: [] };
  for (const key of ['primaryKey', 'timeColumn', 'endTimeColumn'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (!isName(v)) return `${key} is not a column name`;
    table[key] = v;
  }
  if (!Array.isArray(raw.columns)) return 'columns is not a list';
  for (const column of raw.columns) {
    if (!isObject(column) || !isName(column.name)) return 'a column needs a name';
    if (!(DTYPES as readonly unknown[]).includes(column.dtype)) return `column '${column.name}' has no known dtype`;
    if (!(STYPES as readonly unknown[]).includes(column.stype)) return `column '${column.name}' has no known stype`;
    table.columns.push({ name: column.name, dtype: column.dtype as Dtype, stype: column.stype as Stype });
  }
  if (isObject(raw.source)) {
    const source: NonNullable<KumoTrainingTable['source']> = {};
    for (const key of ['connector', 'connectorType', 'table'] as const) {
      if (isName(raw.source[key])) source[key] = raw.source[key] as string;
    }
    table.source = source;
  }
  return table;
}

/** The shape validation compares an inference graph against, like a local training job's metadata. */
export function toTrainingGraphMetadata(graph: KumoTrainingGraph): TrainingGraphMetadata {
  return {
    jobId: `${KUMO_JOB_PREFIX}${graph.jobId}`,
    query: graph.query,
    taskType: graph.taskType,
    tables: graph.tables.map((t) => ({
      name: t.name,
      primaryKey: t.primaryKey,
      timeColumn: t.timeColumn,
      endTimeColumn: t.endTimeColumn,
      columns: t.columns.map((c) => ({ ...c })),
    })),
    edges: graph.edges.map((e) => ({ ...e })),
  };
}

/**
 * Whether a cached graph must be pulled again: Kumo changed the job after the pull (a job pulled while
 * it was still running, or re-run). Without the job's last-change time the cache is trusted.
 */
export function isCacheStale(graph: KumoTrainingGraph, jobUpdatedAt: string | undefined): boolean {
  if (!jobUpdatedAt) return false;
  const changed = Date.parse(jobUpdatedAt);
  if (Number.isNaN(changed)) return false;
  const known = graph.jobUpdatedAt ? Date.parse(graph.jobUpdatedAt) : Date.parse(graph.pulledAt);
  return changed > known;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= NAME_LIMIT;
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && !Number.isNaN(Date.parse(value));
}
