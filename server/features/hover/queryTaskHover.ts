import { explainTaskType, valueTargetColumn, type TaskTypeInference } from '../../../core/pql/inferTaskType';
import {
  aggregationsFor,
  columnKindOf,
  describeColumnKind,
  listAggregations,
  type ColumnKind,
} from '../../../core/pql/pqlColumnKinds';
import type { PqlGraphView } from '../../../core/pql/PqlGraphView';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import { graphViewOfSpec } from '../../../core/validation/queryRules';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import type { TableProfile } from '../../../data/TableProfile';
import type { TableDataService } from '../../data/TableDataService';
import { findTable } from '../specLookup';

/**
 * What hover says about a query as a whole (its task type, and why) and about a column inside it (the
 * aggregations that fit it). Both read the data when the profile is at hand, as `relgraph validate` does.
 */

const TASK_LABELS: Record<TaskTypeInference['taskType'], string> = {
  binary_classification: 'binary classification',
  multiclass_classification: 'multiclass classification',
  multilabel_classification: 'multilabel classification',
  multilabel_ranking: 'multilabel ranking',
  regression: 'regression',
  temporal_link_prediction: 'temporal link prediction',
  static_link_prediction: 'static link prediction',
  forecasting: 'forecasting',
};

/** The task type of a training spec's query, decided with the target column's values when they matter and are read. */
export async function queryTaskType(
  validation: SpecValidation,
  tableData: TableDataService,
): Promise<TaskTypeInference | undefined> {
  const inference = validation.taskTypeInference;
  const query = validation.query;
  const graph = validation.graph;
  if (!inference?.dependsOnData || !query || !graph) return inference;
  const ref = valueTargetColumn(query);
  const table = ref ? findTable(graph, ref.table) : undefined;
  const profile = table ? await tableData.profileOf(table, graph) : undefined;
  const column = profile?.columns.find((c) => c.name === ref?.column);
  if (!ref || !profile || !column) return inference;
  return explainTaskType(query, viewWithProfile(graph, profile), {
    count: column.distinctCount,
    approximate: column.distinctApproximate,
    min: column.min,
    max: column.max,
  });
}

export function taskMarkdown(task: TaskTypeInference): string {
  const lines = [`**Task:** ${TASK_LABELS[task.taskType]} (\`${task.taskType}\`): ${task.reason}.`];
  if (task.taskType === 'binary_classification') {
    lines.push(
      'Predictions carry `TRUE_PROB`; a prediction spec needs `binary_classification_threshold` to turn it into `TARGET_PRED`.',
    );
  }
  if (task.dependsOnData) lines.push('_Decided without the data: its values could still make it binary._');
  return lines.join('\n\n');
}

/** `Aggregations: COUNT, FIRST and LAST · Kumo warns on MIN and MAX`, for a column of this kind. */
export function aggregationsMarkdown(kind: ColumnKind): string {
  const { allowed, discouraged } = aggregationsFor(kind);
  const parts = [`Aggregations for ${describeColumnKind(kind)}: ${listAggregations(allowed) || 'none'}`];
  if (discouraged.length > 0) parts.push(`Kumo warns on ${listAggregations(discouraged)}`);
  return parts.join(' · ');
}

/** The column's kind from its profile (types with `columns:` overrides applied) or, without data, the graph spec. */
export function columnKindFor(graph: GraphSpec, table: string, column: string, profile?: TableProfile): ColumnKind {
  const view = profile ? viewWithProfile(graph, profile) : graphViewOfSpec(graph);
  const tableView = view.tables.get(table);
  return tableView ? columnKindOf(tableView, column) : {};
}

function viewWithProfile(graph: GraphSpec, profile: TableProfile): PqlGraphView {
  const view = graphViewOfSpec(graph);
  const table = view.tables.get(profile.table);
  if (table) table.columns = new Map(profile.columns.map((c) => [c.name, { dtype: c.dtype, stype: c.stype }]));
  return view;
}
