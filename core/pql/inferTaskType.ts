import type { PredictiveQuery, TaskType } from './ast';
import type { PqlGraphView } from './PqlGraphView';
import { targetStype } from './pqlGraphLookup';

/**
 * The task a query defines (Kumo's task-type inference), which fixes the model's loss, its metrics and
 * the shape of its predictions. A column whose type is unknown counts as categorical unless its dtype
 * is numeric (targetStype already falls back from dtype to Kumo's default stype).
 */
export function inferTaskType(query: PredictiveQuery, graph: PqlGraphView): TaskType {
  const problemType = query.problem?.type;
  if (query.problem?.forecastTimeframes !== undefined) return 'forecasting';
  const target = query.target;
  if (target.kind !== 'aggregation' && target.kind !== 'column') return 'binary_classification';
  if (target.kind === 'aggregation' && target.fn === 'LIST_DISTINCT') {
    if (problemType !== 'RANK') return 'multilabel_classification';
    return target.window ? 'temporal_link_prediction' : 'static_link_prediction';
  }
  switch (targetStype(query, graph)) {
    case 'numerical':
      return 'regression';
    case 'multicategorical':
      return problemType === 'RANK' ? 'multilabel_ranking' : 'multilabel_classification';
    default:
      return 'multiclass_classification';
  }
}
