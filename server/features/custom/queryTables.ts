import type { Condition, PredictiveQuery, Target } from '../../../core/pql/ast';

/** The tables a query's target reads: `COUNT(orders.* WHERE orders.x > 1, 0, 30)` -> orders. */
export function targetTables(query: PredictiveQuery): string[] {
  const tables = new Set<string>();
  const visit = (node: Target | Condition): void => {
    switch (node.kind) {
      case 'column':
        tables.add(node.table);
        return;
      case 'aggregation':
        tables.add(node.column.table);
        return;
      case 'comparison':
        visit(node.left);
        return;
      case 'not':
        visit(node.operand);
        return;
      default:
        visit(node.left);
        visit(node.right);
    }
  };
  visit(query.target);
  return [...tables];
}
