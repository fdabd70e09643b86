import { dateProblem, MAX_CLASSES_PER_ENTITY, MAX_SPAN_DAYS, MAX_WINDOW_OFFSET } from '../spec/numericLimits';
import type { Aggregation, Condition, Constant, PredictiveQuery, Span, Target, TimeWindow } from './ast';
import type { PqlIssue } from './PqlGraphView';

/**
 * The numbers of a query, bounded to what the engine can run (docs/pql.md, "Numbers"): window offsets are
 * exact integers within 100 years in their unit, numeric constants are finite (`1e400` is not) and exact when
 * written as integers, date constants exist and lie in the supported range, and `TOP k` returns at most
 * MAX_CLASSES_PER_ENTITY items. Needs no graph: each issue sits on the number itself.
 */
export function checkQueryNumbers(query: PredictiveQuery, text: string): PqlIssue[] {
  const issues: PqlIssue[] = [];
  const written = (span: Span) => text.slice(span.start, span.end);
  const visitAggregation = (aggregation: Aggregation) => {
    if (aggregation.window) issues.push(...windowIssues(aggregation.window, written));
    if (aggregation.filter) visitCondition(aggregation.filter);
  };
  const visitCondition = (condition: Condition): void => {
    switch (condition.kind) {
      case 'comparison':
        if (condition.left.kind === 'aggregation') visitAggregation(condition.left);
        issues.push(...constantIssues(condition.right, written));
        return;
      case 'not':
        visitCondition(condition.operand);
        return;
      default:
        visitCondition(condition.left);
        visitCondition(condition.right);
    }
  };
  const visitTarget = (target: Target) => {
    if (target.kind === 'aggregation') visitAggregation(target);
    else if (target.kind !== 'column') visitCondition(target);
  };
  visitTarget(query.target);
  if (query.entityValues) issues.push(...constantIssues(query.entityValues.value, written));
  if (query.entityFilter) visitCondition(query.entityFilter);
  if (query.assuming) visitCondition(query.assuming);
  const topK = query.problem?.topK;
  if (topK !== undefined && topK > MAX_CLASSES_PER_ENTITY) {
    const span = query.problem?.topKSpan ?? query.problem?.span ?? query.span;
    issues.push({
      code: 'pql-top-k-out-of-range',
      message: `TOP returns at most ${MAX_CLASSES_PER_ENTITY} items per entity, not ${written(span)}`,
      span,
    });
  }
  return issues.sort((a, b) => a.span.start - b.span.start);
}

function windowIssues(window: TimeWindow, written: (span: Span) => string): PqlIssue[] {
  const max = MAX_WINDOW_OFFSET[window.unit];
  const inDays = window.unit === 'days' ? '' : `${MAX_SPAN_DAYS.toLocaleString('en-US')} days, `;
  const limit = `${max.toLocaleString('en-US')} ${window.unit} (${inDays}100 years)`;
  const issues: PqlIssue[] = [];
  const check = (value: number, span: Span, which: 'start' | 'end') => {
    if (which === 'start' && value === -Infinity) return;
    if (Number.isSafeInteger(value) && Math.abs(value) <= max) return;
    const hint = which === 'start' && value < 0 ? '; write -INF to start at the beginning of the data' : '';
    issues.push({
      code: 'number-out-of-range',
      message: `the window ${which} ${written(span)} is beyond the longest window Relgraph runs: ${limit} either way of the anchor time${hint}`,
      span,
    });
  };
  check(window.start, window.startSpan, 'start');
  check(window.end, window.endSpan, 'end');
  return issues;
}

function constantIssues(constant: Constant, written: (span: Span) => string): PqlIssue[] {
  switch (constant.type) {
    case 'array':
      return constant.items.flatMap((item) => constantIssues(item, written));
    case 'date': {
      const problem = dateProblem(constant.value);
      return problem
        ? [{ code: 'number-out-of-range', message: `${written(constant.span)}: ${problem}`, span: constant.span }]
        : [];
    }
    case 'number': {
      const text = written(constant.span);
      if (!Number.isFinite(constant.value)) {
        return [
          {
            code: 'number-out-of-range',
            message: `${text} is too large to be a number: numbers go up to about 1.8e308`,
            span: constant.span,
          },
        ];
      }
      if (constant.integer && !Number.isSafeInteger(constant.value)) {
        return [
          {
            code: 'number-out-of-range',
            message:
              `${text} has more digits than a number holds exactly (whole numbers are exact up to ${Number.MAX_SAFE_INTEGER}): ` +
              `it would be compared as ${String(constant.value)}. Write it in scientific notation (e.g. ${constant.value.toExponential(3)}) if an approximate value is meant, or quote it if the column holds text`,
            span: constant.span,
          },
        ];
      }
      return [];
    }
    default:
      return [];
  }
}
