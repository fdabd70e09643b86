import type { Aggregation, ColumnRef, Condition, PredictiveQuery, Target } from './ast';

export { formatCondition, formatPql } from './formatPql';
export { addWindowOffset, timeUnitInDays, windowBounds, windowLengthInDays } from './pqlWindows';

/** Facts about a parsed query that the engine, the checker and the language server all ask for. */

/** Which clause of the query a column reference is in. */
export type ColumnRefRole = 'target' | 'entity' | 'entity-filter' | 'assuming';

export interface ColumnRefContext {
  role: ColumnRefRole;
  /** The aggregation whose column this is (`orders.amount` in `SUM(orders.amount, ...)`). */
  aggregatedBy?: Aggregation;
  /** The aggregation whose `WHERE` filter the reference is inside, if any (the innermost one). */
  inFilterOf?: Aggregation;
}

export function entityTable(query: PredictiveQuery): string {
  return query.entity.table;
}

/**
 * The leaves of the target, outside any aggregation's WHERE filter (those are conditions, not the label): its
 * aggregations and the plain columns it reads, in the order they are written.
 */
function targetLeaves(query: PredictiveQuery): (Aggregation | ColumnRef)[] {
  const found: (Aggregation | ColumnRef)[] = [];
  const visit = (node: Target): void => {
    switch (node.kind) {
      case 'aggregation':
      case 'column':
        found.push(node);
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
  return found;
}

/** The target's aggregations, outside any aggregation's WHERE filter (those are conditions, not the label). */
export function targetAggregations(query: PredictiveQuery): Aggregation[] {
  return targetLeaves(query).filter((leaf): leaf is Aggregation => leaf.kind === 'aggregation');
}

/** The tables a query's target reads: `COUNT(orders.* WHERE orders.x > 1, 0, 30)` -> orders. */
export function targetTables(query: PredictiveQuery): string[] {
  const tables = targetLeaves(query).map((leaf) => (leaf.kind === 'aggregation' ? leaf.column.table : leaf.table));
  return [...new Set(tables)];
}

/** Whether the query is temporal: its target aggregates over a time window (`PREDICT SUM(t.c, 0, 30) ...`). */
export function isTemporalQuery(query: PredictiveQuery): boolean {
  return targetAggregations(query).some((aggregation) => aggregation.window !== undefined);
}

/**
 * Tables whose rows the target's windowed aggregations read. Kumo's default anchor time for batch
 * prediction is the latest timestamp among these (the "fact table of the target formula").
 */
export function targetFactTables(query: PredictiveQuery): string[] {
  const tables = targetAggregations(query)
    .filter((aggregation) => aggregation.window !== undefined)
    .map((aggregation) => aggregation.column.table);
  return [...new Set(tables)];
}

/** The column of a static column target (`PREDICT users.age FOR EACH ...`), whose null rows are the ones to predict. */
export function staticTargetColumn(query: PredictiveQuery): ColumnRef | undefined {
  return query.target.kind === 'column' ? query.target : undefined;
}

/** Calls `visit` for every column reference in the query, in source order, with the clause it belongs to. */
export function walkColumnRefs(
  query: PredictiveQuery,
  visit: (ref: ColumnRef, context: ColumnRefContext) => void,
): void {
  walkTarget(query.target, { role: 'target' }, visit);
  visit(query.entity, { role: 'entity' });
  if (query.entityFilter) walkCondition(query.entityFilter, { role: 'entity-filter' }, visit);
  if (query.assuming) walkCondition(query.assuming, { role: 'assuming' }, visit);
}

type RefVisitor = (ref: ColumnRef, context: ColumnRefContext) => void;

function walkTarget(node: Target, context: ColumnRefContext, visit: RefVisitor): void {
  if (node.kind === 'column') visit(node, context);
  else if (node.kind === 'aggregation') walkAggregation(node, context, visit);
  else walkCondition(node, context, visit);
}

function walkAggregation(aggregation: Aggregation, context: ColumnRefContext, visit: RefVisitor): void {
  visit(aggregation.column, { ...context, aggregatedBy: aggregation });
  if (aggregation.filter) walkCondition(aggregation.filter, { role: context.role, inFilterOf: aggregation }, visit);
}

/** Visits the column references of a condition (used for a filter's tables and for completion). */
export function walkCondition(condition: Condition, context: ColumnRefContext, visit: RefVisitor): void {
  switch (condition.kind) {
    case 'comparison':
      if (condition.left.kind === 'column') visit(condition.left, context);
      else walkAggregation(condition.left, context, visit);
      return;
    case 'not':
      walkCondition(condition.operand, context, visit);
      return;
    default:
      walkCondition(condition.left, context, visit);
      walkCondition(condition.right, context, visit);
  }
}

/** Every table the query names, in order of first appearance. */
export function queryTables(query: PredictiveQuery): string[] {
  const tables = new Set<string>();
  walkColumnRefs(query, (ref) => tables.add(ref.table));
  return [...tables];
}
