import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../../core/host/SpecHost';
import { parseJobRef } from '../../core/jobs/JobRef';
import { isValidJobId } from '../../core/jobs/jobIds';
import { jobFiles, jobsDirOf } from '../../core/jobs/jobPaths';
import { readJobRecordFile } from '../../core/jobs/readJobRecordFile';
import type { PredictiveQuery, TaskType } from '../../core/pql/ast';
import { parsePql } from '../../core/pql/parsePql';
import type { ScaffoldTrainingGraph, ScaffoldTrainingRef } from '../../core/scaffold/ScaffoldModel';
import {
  trainingGraphFromJob,
  trainingGraphFromKumo,
  trainingGraphFromSpec,
  type TrainingColumns,
} from '../../core/scaffold/scaffoldTrainingGraph';
import { DTYPES, STYPES, type GraphSpec, type TableSpec } from '../../core/spec/SpecModel';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import { validateSpecFile } from '../../core/validation/validateSpec';
import { columnTypes } from '../columnTypes';
import type { DataValidator } from '../DataValidator';
import { readTrainingJobMetadata } from '../jobs/readTrainingJobMetadata';
import { findWorkspace } from '../jobs/jobWorkspace';
import { readKumoTrainingGraph } from '../kumo/kumoTrainingGraphCache';
import { SCAFFOLD_TYPE_RULES } from './scaffoldTypeRules';

/** `--from` names no usable training graph: the CLI reports it as bad usage. */
export class ScaffoldInputError extends Error {
  override readonly name = 'ScaffoldInputError';
}

/** A model's training side, whatever named it: what both scaffolds start from. */
export interface ScaffoldTraining {
  ref: ScaffoldTrainingRef;
  graph: ScaffoldTrainingGraph;
  query?: PredictiveQuery;
  taskType?: TaskType;
  /** The target's data would decide the task type, and it could not be read: why `taskType` is a guess. */
  taskTypeUndecided?: string;
  /** A Kumo model: the SDK kind of each connector its training tables came from, by connector name. */
  kumo?: { connectorTypes: Map<string, string> };
}

export interface LoadScaffoldTrainingOptions {
  host: SpecHost;
  validator: DataValidator;
  /** Relative `--from` paths resolve against it. */
  cwd: string;
  /** Where a local job id is looked up: the job store of this file's (or folder's) workspace. */
  jobWorkspaceOf: string;
  signal?: AbortSignal;
}

/**
 * The training graph named by `--from`: a `*.training.yaml` file (its graph, with the columns and types
 * the training data has), a finished local training job (the graph it recorded), or `kumo:<id>`, a Kumo
 * training job whose graph `relgraph kumo pull` cached.
 */
export async function loadScaffoldTraining(
  from: string,
  options: LoadScaffoldTrainingOptions,
): Promise<ScaffoldTraining> {
  const specPath = path.resolve(options.cwd, from);
  if (/\.ya?ml$/i.test(from) || isFile(specPath)) return fromSpec(specPath, from, options);
  const ref = parseJobRef(from);
  if (ref?.backend === 'kumo') return fromKumo(ref.id, options);
  if (!ref) throw new ScaffoldInputError(`'${from}' is neither a training spec file nor a training job id`);
  const job = wellFormed(readTrainingJobMetadata(ref.id, options.jobWorkspaceOf));
  if (!job) throw new ScaffoldInputError(whyNoTrainingJob(from, ref.id, options.jobWorkspaceOf));
  const specGraph = job.specPath ? trainingSpecGraph(job.specPath, options.host) : undefined;
  return {
    ref: { kind: 'local-job', id: job.jobId },
    graph: trainingGraphFromJob(job, SCAFFOLD_TYPE_RULES, specGraph),
    query: parsePql(job.query).query,
    taskType: job.taskType,
  };
}

async function fromSpec(
  specPath: string,
  from: string,
  options: LoadScaffoldTrainingOptions,
): Promise<ScaffoldTraining> {
  if (!isFile(specPath)) throw new ScaffoldInputError(`no such training spec: ${from}`);
  const validation = validateSpecFile(specPath, options.host);
  if (validation.spec?.kind !== 'training') {
    throw new ScaffoldInputError(
      `${from} is not a training spec (kind: training): --from names the model's training spec or job`,
    );
  }
  const graph = validation.graph;
  if (!graph || graph.tables.length === 0) {
    const why = validation.diagnostics.find((d) => d.severity === 'error')?.message ?? 'it has no tables';
    throw new ScaffoldInputError(`the training graph of ${from} cannot be read: ${why}`);
  }
  const columns = new Map<string, TrainingColumns>();
  for (const table of graph.tables) columns.set(table.name, await trainingColumns(graph, table, options));
  const graphName = path.basename(graph.path);
  const label = graph.path === specPath ? path.basename(specPath) : `${path.basename(specPath)} (graph ${graphName})`;
  // A two-valued target makes a binary model: the training data decides, as `relgraph validate` does.
  const task = await options.validator.taskType(validation, options.signal);
  return {
    ref: { kind: 'spec', path: specPath },
    graph: trainingGraphFromSpec(graph, label, (t) => columns.get(t.name)!),
    query: validation.query,
    taskType: task?.taskType ?? validation.taskType,
    ...(task?.dependsOnData ? { taskTypeUndecided: task.reason } : {}),
  };
}

/**
 * A Kumo training job, from the copy `relgraph kumo pull` cached in the workspace (the nearest folder
 * above `jobWorkspaceOf` with `.relgraph/`). Like validation, this works offline from the copy; without
 * one, the message says the command that pulls it.
 */
function fromKumo(id: string, options: LoadScaffoldTrainingOptions): ScaffoldTraining {
  const workspace = findWorkspace(options.jobWorkspaceOf);
  const read = readKumoTrainingGraph(workspace, id);
  if (read.state === 'missing') {
    throw new ScaffoldInputError(
      `the training graph of kumo:${id} is not pulled into this workspace (${workspace}): run 'relgraph kumo pull kumo:${id}' first (it needs KUMO_API_URL, KUMO_API_KEY and Kumo's Python SDK)`,
    );
  }
  if (read.state === 'unreadable') {
    throw new ScaffoldInputError(
      `the pulled training graph of kumo:${id} (${read.path}) is unreadable (${read.problem}): pull it again with 'relgraph kumo pull kumo:${id} --force'`,
    );
  }
  const graph = read.graph;
  const connectorTypes = new Map<string, string>();
  for (const table of graph.tables) {
    if (table.source?.connector && table.source.connectorType)
      connectorTypes.set(table.source.connector, table.source.connectorType);
  }
  return {
    ref: { kind: 'kumo', id },
    graph: trainingGraphFromKumo(graph, SCAFFOLD_TYPE_RULES),
    query: parsePql(graph.query).query,
    taskType: graph.taskType,
    kumo: { connectorTypes },
  };
}

/** The columns of a training table as the model saw them: its source's columns, typed as validation types them. */
async function trainingColumns(
  graph: GraphSpec,
  table: TableSpec,
  options: LoadScaffoldTrainingOptions,
): Promise<TrainingColumns> {
  if (!table.sourcePath) return { problem: 'it has no source' };
  const schema = await options.validator.sourceSchema(table.sourcePath, options.signal);
  if ('error' in schema) return { problem: `${table.source?.value}: ${schema.error}` };
  const foreignKeys = new Set(graph.edges.filter((e) => e.srcTable.value === table.name).map((e) => e.fkey.value));
  return {
    columns: schema.value
      .map((c) => columnTypes(table, c, foreignKeys))
      .filter((c) => !c.excluded)
      .map((c) => ({ name: c.name, dtype: c.dtype, stype: c.stype })),
  };
}

/** The graph of the training spec a job was launched from, if it is still there. */
function trainingSpecGraph(specPath: string, host: SpecHost): GraphSpec | undefined {
  const validation = validateSpecFile(specPath, host);
  return validation.spec?.kind === 'training' ? validation.graph : undefined;
}

const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const optionalName = (value: unknown) => (isName(value) ? value : undefined);

/**
 * A job record is workspace content, so possibly hand-edited or hostile: only well-formed tables,
 * columns (with known dtypes and stypes) and edges are kept, and a record without tables is no job.
 */
function wellFormed(job: TrainingGraphMetadata | undefined): TrainingGraphMetadata | undefined {
  if (!job || !Array.isArray(job.tables) || typeof job.query !== 'string') return undefined;
  const tables = job.tables
    .filter((t) => t && isName(t.name))
    .map((t) => ({
      name: t.name,
      primaryKey: optionalName(t.primaryKey),
      timeColumn: optionalName(t.timeColumn),
      endTimeColumn: optionalName(t.endTimeColumn),
      columns: (Array.isArray(t.columns) ? t.columns : []).filter(
        (c) => c && isName(c.name) && DTYPES.includes(c.dtype) && STYPES.includes(c.stype),
      ),
    }));
  const edges = (Array.isArray(job.edges) ? job.edges : []).filter(
    (e) => e && isName(e.srcTable) && isName(e.fkey) && isName(e.dstTable),
  );
  return tables.length === 0 ? undefined : { ...job, tables, edges };
}

/** Why a local job id names no training graph: no such record, or one that holds none Relgraph can read. */
function whyNoTrainingJob(from: string, jobId: string, jobWorkspaceOf: string): string {
  const file = jobFiles(jobsDirOf(findWorkspace(jobWorkspaceOf)), jobId).record;
  const read = isValidJobId(jobId) ? readJobRecordFile(fs, path.resolve(file)) : undefined;
  if (!read || (!read.ok && 'missing' in read)) {
    return `no finished local training job '${from}' in this workspace (relgraph jobs list shows them), and no file of that name`;
  }
  if (!read.ok) return `the record of job '${from}' cannot be read: ${read.reason} (relgraph jobs show ${from})`;
  if (read.record.kind !== 'training' || read.record.status !== 'DONE') {
    return `job '${from}' is not a finished training job (${read.record.kind}, ${read.record.status}): --from names a DONE training job`;
  }
  return `the record of job '${from}' holds no training graph Relgraph can read (summary.training_graph is malformed): train again, or scaffold --from its training spec`;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
