import type { RelatedLocation } from '../../core/diagnostics/SpecDiagnostic';
import type { Dtype, GraphSpec, Stype, TableSpec } from '../../core/spec/SpecModel';
import { columnTypes } from '../columnTypes';
import { readNote } from '../TableProfiler';
import { dtypeFamily } from '../typeMapping';
import type { DataCheckContext } from './DataCheckContext';
import type { SpecLocation } from './DiagnosticSink';
import { columnTypeKnown } from './knownTypes';
import { loadTable, profileTable } from './tableChecks';

/** A column as the trained model saw it. */
interface TrainedColumn {
  name: string;
  dtype: Dtype;
  stype: Stype;
  location?: RelatedLocation;
  /** False when the training source cannot tell the column's type (see columnTypeKnown). */
  typeKnown: boolean;
}

/**
 * The inference graph against the training graph, column by column: `training-column-missing` (the
 * model reads a column the inference source lacks) and `training-column-type-changed` (its dtype family
 * or stype differs, so the model would read it differently). Only table names shared by both graphs
 * are compared; renamed or missing tables are static findings.
 */
export async function checkAgainstTrainingData(ctx: DataCheckContext, inference: GraphSpec): Promise<void> {
  const { trainingGraph, trainingJob } = ctx.v;
  if (ctx.v.spec?.kind !== 'prediction' || (!trainingGraph && !trainingJob)) return;
  for (const table of inference.tables) {
    // Key roles from both graphs, on both sides: a foreign key whose edge one graph lacks (or cannot read) is
    // reported as that edge (training-edge-missing, edge-not-in-training, the schema error on `edges:`), not as
    // its column changing stype between ID and numerical.
    const foreignKeys = new Set([...ctx.foreignKeysOf(inference, table.name), ...trainingForeignKeys(ctx, table.name)]);
    const trained = trainingGraph
      ? await columnsOfTrainingTable(ctx, trainingGraph, table.name, foreignKeys)
      : trainedColumnsOfJob(ctx, table.name);
    if (!trained) continue;
    const state = await loadTable(ctx, inference, table);
    if (!state.columns || !state.source) continue;
    // The statistics scan is shared with the table checks (and cached); it tells whether a CSV's types mean anything.
    const profile = await profileTable(ctx, state);
    const label = table.source?.value ?? state.source.pattern;
    const trainingLabel = trainingGraph ? 'the training graph' : `training job ${trainingJob?.jobId}`;
    for (const column of trained) {
      const current = state.columns.find((c) => c.name === column.name);
      const related = column.location ? [column.location] : [];
      if (!current) {
        ctx.sink.add(
          'training-column-missing',
          `Column '${column.name}' of table '${table.name}' is used by the model (${trainingLabel}) but the inference source '${label}' does not have it. Add the column (empty values are allowed) or retrain without it (${readNote(label, state.source)}).`,
          columnLocation(ctx, inference, table, column.name),
          { related, data: { table: table.name, column: column.name } },
        );
        continue;
      }
      // An empty source, or a column without values, has types that are unknown, not changed.
      if (!column.typeKnown || !columnTypeKnown(table, profile, column.name)) continue;
      const now = columnTypes(table, current, foreignKeys);
      const familyChanged = dtypeFamily(now.dtype) !== dtypeFamily(column.dtype);
      if (!familyChanged && now.stype === column.stype) continue;
      const fix = familyChanged
        ? `read it as ${column.dtype} again, e.g. \`columns: {${column.name}: {dtype: ${column.dtype}}}\``
        : `set \`stype: ${column.stype}\` for it under \`columns:\``;
      ctx.sink.add(
        'training-column-type-changed',
        `Column '${table.name}.${column.name}' was ${column.dtype} (${column.stype}) in ${trainingLabel} but is ${now.dtype} (${now.stype}) in the inference source (${current.duckDbType}), so the model would read it differently: ${fix} (${readNote(label, state.source)}).`,
        columnLocation(ctx, inference, table, column.name),
        {
          related,
          data: {
            table: table.name,
            column: column.name,
            training: { dtype: column.dtype, stype: column.stype },
            inference: { dtype: now.dtype, stype: now.stype },
          },
        },
      );
    }
  }
}

/** The column's `columns:` entry when it has one, else the table's source (the data is what differs). */
function columnLocation(ctx: DataCheckContext, graph: GraphSpec, table: TableSpec, column: string): SpecLocation {
  const override = table.columns.find((c) => c.name === column);
  return ctx.at(graph, override?.keyRange ?? table.source?.range ?? table.nameRange);
}

async function columnsOfTrainingTable(
  ctx: DataCheckContext,
  graph: GraphSpec,
  name: string,
  foreignKeys: ReadonlySet<string>,
): Promise<TrainedColumn[] | undefined> {
  const table = graph.tables.find((t) => t.name === name);
  if (!table) return undefined;
  const state = await loadTable(ctx, graph, table);
  if (!state.columns) return undefined; // an unreadable training source is reported where it is defined
  const profile = await profileTable(ctx, state);
  return state.columns
    .map((c) => columnTypes(table, c, foreignKeys))
    .filter((c) => !c.excluded)
    .map((c) => ({
      name: c.name,
      dtype: c.dtype,
      stype: c.stype,
      typeKnown: columnTypeKnown(table, profile, c.name),
      location: {
        path: graph.path,
        range: table.columns.find((o) => o.name === c.name)?.keyRange ?? table.nameRange,
        message: `training table '${name}'`,
      },
    }));
}

function trainedColumnsOfJob(ctx: DataCheckContext, name: string): TrainedColumn[] | undefined {
  return ctx.v.trainingJob?.tables.find((t) => t.name === name)?.columns.map((c) => ({ ...c, typeKnown: true }));
}

/** The foreign-key columns the model was trained with for a table: from the training graph or the job's edges. */
function trainingForeignKeys(ctx: DataCheckContext, name: string): string[] {
  const { trainingGraph, trainingJob } = ctx.v;
  if (trainingGraph) return [...ctx.foreignKeysOf(trainingGraph, name)];
  return (trainingJob?.edges ?? []).filter((e) => e.srcTable === name).map((e) => e.fkey);
}
