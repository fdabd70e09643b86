import { DIAGNOSTIC_CODES } from '../../core/diagnostics/DiagnosticCodes';
import type { PredictiveQuery } from '../../core/pql/ast';
import { explainTaskType, valueTargetColumn, type TaskTypeInference } from '../../core/pql/inferTaskType';
import { checkColumnKinds } from '../../core/pql/pqlColumnKindRules';
import type { PqlGraphView } from '../../core/pql/PqlGraphView';
import { queryTables } from '../../core/pql/queryAnalysis';
import type { GraphSpec } from '../../core/spec/SpecModel';
import { checkTaskTypeSettings } from '../../core/validation/predictionRules';
import { graphViewOfSpec } from '../../core/validation/queryRules';
import { columnTypes } from '../columnTypes';
import type { DataCheckContext } from './DataCheckContext';
import { rangeWithin } from './DiagnosticSink';
import { loadTable, profileTable } from './tableChecks';

/**
 * What the query's types look like once the sources are read: the column-kind rule with the types the
 * data has (a column the graph declares nothing about is typed by its source), and the task type with
 * the target column's values (two classes make it binary). Static validation used what the spec says.
 */

/** The graph as PQL checks see it, with every column the query's tables' sources have, typed. */
async function typedGraphView(ctx: DataCheckContext, graph: GraphSpec, query: PredictiveQuery): Promise<PqlGraphView> {
  const view = graphViewOfSpec(graph);
  for (const name of queryTables(query)) {
    const spec = graph.tables.find((t) => t.name === name);
    const table = view.tables.get(name);
    if (!spec || !table) continue;
    const state = await loadTable(ctx, graph, spec);
    if (!state.columns) continue;
    const foreignKeys = ctx.foreignKeysOf(graph, name);
    table.columns = new Map(
      state.columns.map((column) => {
        const types = columnTypes(spec, column, foreignKeys);
        return [column.name, { dtype: types.dtype, stype: types.stype }];
      }),
    );
  }
  return view;
}

/** `pql-aggregation-*-mismatch` found with the sources' types, for a training spec's query (once: not where the static tier found it). */
export async function checkQueryColumnKinds(
  ctx: DataCheckContext,
  graph: GraphSpec,
  query: PredictiveQuery,
): Promise<void> {
  if (ctx.v.spec?.kind !== 'training') return; // a prediction spec's training query is checked in its own file
  const view = await typedGraphView(ctx, graph, query);
  for (const issue of checkColumnKinds(query, view)) {
    const location = ctx.queryLocation(issue.span);
    if (!location) continue;
    // The static tier saw the declared types; the data can only turn its warning into an error.
    const known = ctx.v.diagnostics.find(
      (d) =>
        d.code.startsWith('pql-aggregation-') && location.path === ctx.v.path && rangeWithin(location.range, d.range),
    );
    if (known && (known.code === issue.code || DIAGNOSTIC_CODES[issue.code] !== 'error')) continue;
    ctx.sink.add(issue.code, `${issue.message.replace(/\.$/, '')} (types as read from the data).`, location);
  }
}

/**
 * The task type once the target column's values are known: for a training spec, or a prediction spec whose
 * model is a training spec file (a local job's task type is already fixed). Undefined when the data
 * cannot be read; the static inference when the data would not change it.
 */
export async function taskTypeWithData(ctx: DataCheckContext): Promise<TaskTypeInference | undefined> {
  const v = ctx.v;
  const inference = v.taskTypeInference;
  if (!inference?.dependsOnData || !v.query) return inference;
  const graph = v.spec?.kind === 'prediction' ? v.trainingGraph : v.graph;
  const ref = valueTargetColumn(v.query);
  const spec = graph?.tables.find((t) => t.name === ref?.table);
  if (!graph || !ref || !spec) return inference;
  const state = await loadTable(ctx, graph, spec);
  if (!state.columns?.some((c) => c.name === ref.column)) return inference;
  const profile = await profileTable(ctx, state);
  const column = profile?.columns.find((c) => c.name === ref.column);
  if (!column) return inference;
  const view = await typedGraphView(ctx, graph, v.query);
  return explainTaskType(v.query, view, {
    count: column.distinctCount,
    approximate: column.distinctApproximate,
    min: column.min,
    max: column.max,
  });
}

/** For a prediction spec whose task type waited for the data: the threshold and class-count rules, now. */
export async function checkPredictionSettingsWithData(ctx: DataCheckContext): Promise<TaskTypeInference | undefined> {
  const task = await taskTypeWithData(ctx);
  const prediction = ctx.v.prediction;
  if (!prediction || !ctx.v.taskTypeInference?.dependsOnData || !task || task.dependsOnData) return task;
  for (const d of checkTaskTypeSettings(prediction, task.taskType)) {
    ctx.sink.add(d.code, `${d.message} (${task.reason}.)`, { path: ctx.v.path, range: d.range });
  }
  return task;
}
