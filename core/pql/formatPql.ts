import type {
  Aggregation,
  ColumnRef,
  Condition,
  Constant,
  PredictiveQuery,
  ProblemSpec,
  Target,
  TimeWindow,
} from './ast';
import { formatColumnName } from './pqlNames';

/**
 * Canonical PQL text for a query: upper-case keywords, single spaces, the window unit always written,
 * parentheses only where precedence needs them. Parsing the output gives back the same query.
 */
export function formatPql(query: PredictiveQuery): string {
  const parts = ['PREDICT', formatTarget(query.target)];
  if (query.problem) parts.push(formatProblem(query.problem));
  parts.push('FOR EACH', formatColumn(query.entity));
  if (query.entityValues) parts.push(query.entityValues.op, formatConstant(query.entityValues.value));
  if (query.entityFilter) parts.push('WHERE', formatCondition(query.entityFilter));
  if (query.assuming) parts.push('ASSUMING', formatCondition(query.assuming));
  return parts.join(' ');
}

function formatTarget(target: Target): string {
  if (target.kind === 'column') return formatColumn(target);
  if (target.kind === 'aggregation') return formatAggregation(target);
  return formatCondition(target);
}

function formatProblem(problem: ProblemSpec): string {
  if (problem.forecastTimeframes !== undefined) return `FORECAST ${problem.forecastTimeframes} TIMEFRAMES`;
  const words: string[] = [];
  if (problem.type) words.push(problem.type);
  if (problem.topK !== undefined) words.push('TOP', String(problem.topK));
  return words.join(' ');
}

function formatColumn(ref: ColumnRef): string {
  return formatColumnName(ref.table, ref.column);
}

function formatAggregation(aggregation: Aggregation): string {
  let inner = formatColumn(aggregation.column);
  if (aggregation.filter) inner += ` WHERE ${formatCondition(aggregation.filter)}`;
  if (aggregation.window) inner += `, ${formatWindow(aggregation.window)}`;
  return `${aggregation.fn}(${inner})`;
}

function formatWindow(window: TimeWindow): string {
  const start = window.start === -Infinity ? '-INF' : String(window.start);
  return `${start}, ${window.end}, ${window.unit}`;
}

const PRECEDENCE: Record<Condition['kind'], number> = { or: 1, and: 2, not: 3, comparison: 4 };

/** A condition as PQL text (the WHERE or ASSUMING part), e.g. for "move this filter" suggestions. */
export function formatCondition(condition: Condition): string {
  return formatWithin(condition, 0);
}

function formatWithin(condition: Condition, parentPrecedence: number): string {
  const own = PRECEDENCE[condition.kind];
  let text: string;
  switch (condition.kind) {
    case 'comparison': {
      const left = condition.left.kind === 'column' ? formatColumn(condition.left) : formatAggregation(condition.left);
      text = `${left} ${condition.op} ${formatConstant(condition.right)}`;
      break;
    }
    case 'not':
      text = `NOT ${formatWithin(condition.operand, own)}`;
      break;
    default:
      // Same-operator children need no parentheses (AND and OR are associative).
      text = `${formatWithin(condition.left, own - 0.5)} ${condition.kind.toUpperCase()} ${formatWithin(condition.right, own - 0.5)}`;
  }
  return own < parentPrecedence ? `(${text})` : text;
}

export function formatConstant(constant: Constant): string {
  switch (constant.type) {
    case 'string':
      return `'${escapeString(constant.value)}'`;
    case 'number':
      // Integers print in full (never 1e+21); a decimal that happens to be whole stays a decimal: 2.0, not 2.
      if (!Number.isInteger(constant.value)) return String(constant.value);
      if (constant.integer) return BigInt(constant.value).toString();
      return Math.abs(constant.value) < 1e21 ? `${constant.value}.0` : String(constant.value);
    case 'boolean':
      return constant.value ? 'true' : 'false';
    case 'null':
      return 'NULL';
    case 'date':
      return constant.value;
    case 'array':
      return `(${constant.items.map(formatConstant).join(', ')})`;
  }
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** Escapes a string so that the lexer reads back exactly `value` (control characters as \uXXXX). */
function escapeString(value: string): string {
  let escaped = '';
  for (const ch of value) {
    const named = NAMED_ESCAPES[ch];
    if (named) escaped += named;
    else if (ch.charCodeAt(0) < 0x20) escaped += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else escaped += ch;
  }
  return escaped;
}
