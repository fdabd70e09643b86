import type { Condition, PredictiveQuery, Target } from '../../core/pql/ast';
import type { TargetHistory } from '../features/deriveFeaturePlan';

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
        if (node.window) found.push({ table: node.column.table, column: node.column.column, fn: node.fn, filter: node.filter });
        return;
      case 'comparison': {
        const left = node.left;
        if (left.kind === 'aggregation' && left.window && left.column.column !== '*' && left.fn !== 'COUNT') {
          const rowCondition: Condition = { kind: 'comparison', left: left.column, op: node.op, opSpan: node.opSpan, right: node.right, span: node.span };
          found.push({ table: left.column.table, column: left.column.column, fn: left.fn, filter: left.filter, rowCondition });
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
