import type { Aggregation, Condition, PredictiveQuery, Span } from './ast';
import type { PqlGraphView, PqlIssue } from './PqlGraphView';
import { isForeignKey } from './pqlGraphLookup';
import { isTemporalQuery, queryTables } from './queryAnalysis';
import { formatColumnName } from './pqlNames';

/**
 * Time-window rules (Kumo's TimeRangeValidator): the target looks forward, the entity filter looks back,
 * ASSUMING is a forward-looking temporal condition, windows need a time column, and a static query
 * stays static. Each clause is checked under its own permissions; aggregation filters relax them.
 */
interface Scope {
  clause: 'target' | 'entity-filter' | 'assuming';
  allowFuture: boolean;
  allowPast: boolean;
  allowStatic: boolean;
  allowTemporal: boolean;
  /** The aggregation is the label itself (`PREDICT LIST_DISTINCT(...) RANK TOP k`), not part of a condition. */
  isLabel: boolean;
}

export function checkTimeRules(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  const issues: PqlIssue[] = [];
  const temporal = isTemporalQuery(query);
  const visitor = new WindowVisitor(query, graph, issues);
  const target = query.target;
  const targetScope: Scope = {
    clause: 'target',
    allowFuture: true,
    allowPast: false,
    allowStatic: !temporal,
    allowTemporal: true,
    isLabel: target.kind === 'aggregation',
  };
  if (target.kind === 'aggregation') visitor.aggregation(target, targetScope);
  else if (target.kind !== 'column') visitor.condition(target, targetScope);

  if (query.entityFilter) {
    visitor.condition(query.entityFilter, {
      clause: 'entity-filter',
      allowFuture: false,
      allowPast: true,
      allowStatic: true,
      allowTemporal: temporal,
      isLabel: false,
    });
  }
  if (!temporal) {
    issues.push(...staticQueryIssues(query, graph));
  } else if (query.assuming) {
    visitor.condition(query.assuming, {
      clause: 'assuming',
      allowFuture: true,
      allowPast: false,
      allowStatic: false,
      allowTemporal: true,
      isLabel: false,
    });
  }
  return issues;
}

/** A static query (no target window) has no anchor time: no ASSUMING, and a warning when the split will be random. */
function staticQueryIssues(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  const issues: PqlIssue[] = [];
  if (query.assuming) {
    const start = query.assumingSpan?.start ?? query.assuming.span.start;
    issues.push({
      code: 'pql-assuming-not-temporal',
      message:
        'ASSUMING is only allowed when the target has a time window (a temporal query); ' +
        'this target is static, so remove ASSUMING or give the target a window such as SUM(orders.amount, 0, 30, days)',
      span: { start, end: query.assuming.span.end },
    });
  }
  const entity = graph.tables.get(query.entity.table);
  if (entity && !entity.timeColumn) {
    const timed = queryTables(query).filter(
      (name) => name !== query.entity.table && graph.tables.get(name)?.timeColumn,
    );
    if (timed.length > 0) {
      issues.push({
        code: 'pql-static-query-leakage',
        message:
          `the entity table '${query.entity.table}' has no time column but ${timed.map((t) => `'${t}'`).join(', ')} ` +
          `${timed.length === 1 ? 'does' : 'do'}: the train/validation/test split will be random and may leak future ` +
          `information; give '${query.entity.table}' a time column (when each prediction would have been made)`,
        span: query.entity.span,
      });
    }
  }
  return issues;
}

class WindowVisitor {
  constructor(
    private readonly query: PredictiveQuery,
    private readonly graph: PqlGraphView,
    private readonly issues: PqlIssue[],
  ) {}

  condition(condition: Condition, scope: Scope): void {
    const inner = { ...scope, isLabel: false };
    switch (condition.kind) {
      case 'and':
      case 'or':
        this.condition(condition.left, inner);
        this.condition(condition.right, inner);
        return;
      case 'not':
        this.condition(condition.operand, inner);
        return;
    }
    if (condition.left.kind === 'aggregation') {
      // A windowless aggregation is reported as needing a window, which is the whole fix, never also as static.
      this.aggregation(condition.left, inner);
    } else if (!scope.allowStatic) {
      this.staticCondition(condition.span, scope);
    }
  }

  private staticCondition(span: Span, scope: Scope): void {
    if (scope.clause === 'assuming') {
      this.report(
        'pql-assuming-not-temporal',
        span,
        'ASSUMING conditions must aggregate over a future window, e.g. COUNT(notifications.*, 0, 7, days) > 2; a condition on a column alone is static',
      );
    } else {
      this.report(
        'pql-target-mixes-static-temporal',
        span,
        'the target mixes a static condition with time-windowed aggregations: Kumo does not support this; make every part of the target a windowed aggregation, or move this condition to FOR EACH ... WHERE',
      );
    }
  }

  aggregation(aggregation: Aggregation, scope: Scope): void {
    if (aggregation.filter) {
      // Inside a filter, looking back and static conditions are fine ("count next week's orders of items advertised last week").
      this.condition(aggregation.filter, { ...scope, allowPast: true, allowStatic: true, isLabel: false });
    }
    const window = aggregation.window;
    if (!window) {
      this.windowlessAggregation(aggregation, scope);
      return;
    }
    if (!scope.allowTemporal) {
      this.report(
        'pql-temporal-in-static-query',
        window.span,
        'this query is static (its target has no time window), so aggregations elsewhere may not have one either: give the target a window, or drop this condition',
      );
      return;
    }
    const table = this.graph.tables.get(aggregation.column.table);
    if (table && !table.timeColumn) {
      this.report(
        'pql-no-time-column',
        window.span,
        `a time window needs a time column, and table '${aggregation.column.table}' has none: set its time_column in the graph, or remove the window to make the query static`,
      );
      return;
    }
    if (!scope.allowFuture && window.end > 0) {
      this.report(
        'pql-filter-looks-ahead',
        window.endSpan,
        `the entity filter may only look at the past: the window must end at 0 or earlier (it ends at ${window.end}), e.g. ${aggregation.fn}(..., -30, 0, ${window.unit}); for future scenarios use ASSUMING`,
      );
    }
    if (!scope.allowPast && window.start < 0) {
      const start = window.start === -Infinity ? '-INF' : String(window.start);
      if (scope.clause === 'assuming') {
        this.report(
          'pql-assuming-not-temporal',
          window.startSpan,
          `ASSUMING describes the future: its window must start at 0 or later, not ${start}`,
        );
      } else {
        this.report(
          'pql-target-looks-back',
          window.startSpan,
          `the target must look forward from the anchor time: its window must start at 0 or later, not ${start} (past activity belongs in FOR EACH ... WHERE)`,
        );
      }
    }
  }

  /** Only `LIST_DISTINCT(foreign key) RANK TOP k` as the whole target may aggregate without a window. */
  private windowlessAggregation(aggregation: Aggregation, scope: Scope): void {
    const column = formatColumnName(aggregation.column.table, aggregation.column.column);
    const example = `${aggregation.fn}(${column}, ${scope.clause === 'entity-filter' ? '-30, 0' : '0, 30'}, days)`;
    if (!scope.allowTemporal) {
      this.report(
        'pql-aggregation-needs-window',
        aggregation.span,
        `${aggregation.fn}(${column}) cannot be used in a static query: aggregations need a time window, and windows are only allowed when the target has one`,
      );
      return;
    }
    if (aggregation.fn !== 'LIST_DISTINCT' || !scope.isLabel) {
      this.report(
        'pql-aggregation-needs-window',
        aggregation.span,
        `${aggregation.fn}(${column}) needs a time window, e.g. ${example}: only a LIST_DISTINCT(foreign key) RANK TOP k target may aggregate without one`,
      );
      return;
    }
    if (this.query.problem?.type === 'CLASSIFY') {
      this.report(
        'pql-aggregation-needs-window',
        aggregation.span,
        `LIST_DISTINCT without a time window only works with RANK TOP k: add a window, e.g. ${example}, or use RANK`,
      );
      return;
    }
    const table = this.graph.tables.get(aggregation.column.table);
    if (table && aggregation.column.column !== '*' && !isForeignKey(table, aggregation.column.column)) {
      this.report(
        'pql-aggregation-needs-window',
        aggregation.span,
        `LIST_DISTINCT without a time window only works on a foreign key, and ${column} is not one: add a window, e.g. ${example}, or list a foreign-key column`,
      );
    }
  }

  private report(code: PqlIssue['code'], span: Span, message: string): void {
    this.issues.push({ code, message, span });
  }
}
