import * as path from 'node:path';
import { toTrainingGraphMetadata, type KumoTrainingGraph } from '../kumo/KumoTrainingGraph';
import type { GraphSpec, TableSpec } from '../spec/SpecModel';
import type { TrainingGraphMetadata } from '../spec/TrainingGraphMetadata';
import { foreignKeysOf, roleOf } from './candidateFit';
import type {
  ModelColumn,
  ScaffoldColumnOverride,
  ScaffoldTrainingGraph,
  ScaffoldTrainingTable,
  ScaffoldTypeRules,
} from './ScaffoldModel';

/** What the data tier read of a training table's source: the columns the model uses, or why it could not. */
export type TrainingColumns = { columns: ModelColumn[] } | { problem: string };

/**
 * The training graph of a training spec. `columnsOf` gives each table's columns as the model saw them
 * (the data tier reads them from the training sources, with the spec's overrides applied).
 */
export function trainingGraphFromSpec(
  graph: GraphSpec,
  label: string,
  columnsOf: (table: TableSpec) => TrainingColumns,
): ScaffoldTrainingGraph {
  return {
    label,
    tables: graph.tables.map((table) => {
      const read = columnsOf(table);
      return {
        ...keysOf(table),
        overrides: overridesOf(table),
        sourceNames: sourceNamesOf(table.source?.value),
        ...('columns' in read ? { columns: read.columns } : { columnsUnknown: read.problem }),
      };
    }),
    edges: graph.edges.map((e) => ({ srcTable: e.srcTable.value, fkey: e.fkey.value, dstTable: e.dstTable.value })),
  };
}

/**
 * The training graph a local training job recorded: its tables, keys, edges and the columns with the
 * types the model was trained on. When the job's training spec is still there (`specGraph`), its
 * sources' names and its column overrides are used as written. Every column whose recorded stype
 * differs from what Kumo's rules infer for its dtype gets an stype override too (the engine may have
 * typed a low-cardinality string as categorical), so the new graph reads each column as the model did;
 * a physical dtype override cannot be told apart from the data, so only the spec can bring one.
 */
export function trainingGraphFromJob(
  job: TrainingGraphMetadata,
  rules: ScaffoldTypeRules,
  specGraph?: GraphSpec,
): ScaffoldTrainingGraph {
  const edges = job.edges.map((e) => ({ srcTable: e.srcTable, fkey: e.fkey, dstTable: e.dstTable }));
  const spec = job.specPath ? ` (${path.basename(job.specPath)})` : '';
  return {
    label: `training job ${job.jobId}${spec}`,
    tables: job.tables.map((t): ScaffoldTrainingTable => {
      const specTable = specGraph?.tables.find((s) => s.name === t.name);
      const table: ScaffoldTrainingTable = {
        name: t.name,
        ...(t.primaryKey ? { primaryKey: t.primaryKey } : {}),
        ...(t.timeColumn ? { timeColumn: t.timeColumn } : {}),
        ...(t.endTimeColumn ? { endTimeColumn: t.endTimeColumn } : {}),
        overrides: [],
        sourceNames: sourceNamesOf(specTable?.source?.value),
        columns: t.columns.map((c) => ({ name: c.name, dtype: c.dtype, stype: c.stype })),
      };
      // The spec's overrides as written (dtype and exclude included), then an stype override for every
      // column the model typed otherwise than the data checks would infer: validation then agrees.
      const written = specTable ? overridesOf(specTable) : [];
      const foreignKeys = foreignKeysOf(t.name, edges);
      const implied = t.columns
        .filter((c) => !written.some((o) => o.name === c.name))
        .filter((c) => c.stype !== rules.inferredStype(c.dtype, roleOf(table, c.name, foreignKeys)))
        .map((c) => ({ name: c.name, stype: c.stype }));
      table.overrides = [...written, ...implied];
      return table;
    }),
    edges,
  };
}

/**
 * The training graph of a Kumo training job as `relgraph kumo pull` cached it: the graph of the job's
 * recorded columns and types (an stype override wherever Kumo typed a column otherwise than its dtype
 * implies, as for a local job), and each table's connector table as the source name to match.
 */
export function trainingGraphFromKumo(graph: KumoTrainingGraph, rules: ScaffoldTypeRules): ScaffoldTrainingGraph {
  const fromJob = trainingGraphFromJob(toTrainingGraphMetadata(graph), rules);
  return {
    ...fromJob,
    label: `Kumo training job kumo:${graph.jobId} (pulled ${graph.pulledAt.slice(0, 10)})`,
    tables: fromJob.tables.map((table) => {
      const source = graph.tables.find((t) => t.name === table.name)?.source;
      return {
        ...table,
        sourceNames: source?.table ? [source.table] : [],
        ...(source?.connector && source.table
          ? { connectorSource: { connector: source.connector, table: source.table } }
          : {}),
      };
    }),
  };
}

function keysOf(table: TableSpec): Pick<ScaffoldTrainingTable, 'name' | 'primaryKey' | 'timeColumn' | 'endTimeColumn'> {
  return {
    name: table.name,
    ...(table.primaryKey ? { primaryKey: table.primaryKey.value } : {}),
    ...(table.timeColumn ? { timeColumn: table.timeColumn.value } : {}),
    ...(table.endTimeColumn ? { endTimeColumn: table.endTimeColumn.value } : {}),
  };
}

function overridesOf(table: TableSpec): ScaffoldColumnOverride[] {
  return table.columns.map((c) => ({
    name: c.name,
    ...(c.stype ? { stype: c.stype.value } : {}),
    ...(c.dtype ? { dtype: c.dtype.value } : {}),
    ...(c.exclude ? { exclude: true } : {}),
  }));
}

const GLOB = /[*?[{]/;
/** A segment that only says "every file (of this type)": `*`, `**`, `*.parquet`. */
const ANY_FILE = /^\*{1,2}(\.[A-Za-z0-9.]+)?$/;

/**
 * The name a training source is known by: its file name (`races.csv`), a folder's name (`standings/`
 * -> `standings`), or for a folder of parts the folder's (`results/*.parquet` -> `results`). A glob
 * that names files by pattern (`results_*.csv`) has no one name.
 */
export function sourceNamesOf(source: string | undefined): string[] {
  if (!source) return [];
  const segments = source.split(/[\\/]/).filter((s) => s.length > 0 && s !== '.' && s !== '..');
  for (let i = segments.length - 1; i >= 0; i--) {
    if (!GLOB.test(segments[i])) return [segments[i]];
    if (!ANY_FILE.test(segments[i])) return [];
  }
  return [];
}
