import type { Aggregation, Condition, PredictiveQuery, Target } from '../../core/pql/ast';
import { timeUnitInDays } from '../../core/pql/queryAnalysis';
import type { TargetHistory } from '../features/compactFeatures';

/**
 * The target aggregations of a temporal query, as TargetHistory feature requests: each windowed
 * aggregation with its filter, plus, for a comparison `AGG(t.c ...) op constant`, the comparison on
 * single rows (`t.c op constant`). Static queries have no history to replay.
 */
export function targetHistoryOf(query: PredictiveQuery): TargetHistory[] {
  const found: TargetHistory[] = [];
  const visit = (node: Target | Condition): void => {
    switch (node.kind) {
      case 'aggregation':
        if (node.window)
          found.push({
            table: node.column.table,
            column: node.column.column,
            fn: node.fn,
            filter: node.filter,
            window: windowDays(node),
          });
        return;
      case 'comparison': {
        const left = node.left;
        if (left.kind === 'aggregation' && left.window && left.column.column !== '*' && left.fn !== 'COUNT') {
          const rowCondition: Condition = {
            kind: 'comparison',
            left: left.column,
            op: node.op,
            opSpan: node.opSpan,
            right: node.right,
            span: node.span,
          };
          found.push({
            table: left.column.table,
            column: left.column.column,
            fn: left.fn,
            filter: left.filter,
            rowCondition,
            window: windowDays(left),
          });
        } else visit(left);
        return;
      }
      case 'not':
        visit(node.operand);
        return;
      case 'and':
      case 'or':
        visit(node.left);
        visit(node.right);
        return;
      default:
        return;
    }
  };
  visit(query.target);
  return found;
}

function windowDays(aggregation: Aggregation): { startDays: number; endDays: number } | undefined {
  const window = aggregation.window;
  if (!window || window.start === -Infinity) return undefined;
  const unit = timeUnitInDays(window.unit);
  return { startDays: window.start * unit, endDays: window.end * unit };
}
