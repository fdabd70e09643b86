import type { Aggregation, ColumnRef, Condition, Constant, TimeUnit, TimeWindow } from '../core/pql/ast';
import { sqlString } from './sourceScan';

/**
 * PQL conditions and windows as DuckDB SQL, shared by the data checks (entity filters at an anchor) and the
 * engine (labels, eligibility, features), so both read a query the same way, with Kumo's semantics:
 * - a window `(start, end, unit)` at anchor t selects rows with t + start < time <= t + end;
 * - COUNT / COUNT_DISTINCT / SUM of an empty window are 0, every other aggregation is NULL (undefined);
 * - `= NULL` / `!= NULL` are IS NULL / IS NOT NULL; a comparison with an undefined side is NULL, which a
 *   filter treats as false and a label treats as "no label".
 * Spec text only ever reaches SQL as quoted identifiers and string literals.
 */

/** DuckDB interval of n units (n may be negative). */
export function intervalSql(n: number, unit: TimeUnit): string {
  // Validation reports these (number-out-of-range); a query that skipped it must fail here, not in DuckDB.
  if (!Number.isSafeInteger(n)) throw new Error(`window offset ${n} ${unit} is not a whole number the engine can run`);
  const fn = {
    seconds: 'to_seconds',
    minutes: 'to_minutes',
    hours: 'to_hours',
    days: 'to_days',
    weeks: 'to_weeks',
    months: 'to_months',
  }[unit];
  return `${fn}(${Math.trunc(n)})`;
}

/** The window as a condition on `time`, relative to the anchor expression. */
export function windowConditionSql(window: TimeWindow | undefined, time: string, anchor: string): string {
  // A static aggregation inside a temporal query sees all history up to the anchor: (-INF, 0].
  if (!window) return `${time} <= ${anchor}`;
  const upper = `${time} <= ${anchor} + ${intervalSql(window.end, window.unit)}`;
  if (window.start === -Infinity) return upper;
  return `${time} > ${anchor} + ${intervalSql(window.start, window.unit)} AND ${upper}`;
}

/** Aggregations whose value over no rows is 0 rather than undefined. */
export function isZeroWhenEmpty(aggregation: Aggregation): boolean {
  return aggregation.fn === 'COUNT' || aggregation.fn === 'COUNT_DISTINCT' || aggregation.fn === 'SUM';
}

export function constantSql(constant: Constant): string {
  switch (constant.type) {
    case 'string':
      return sqlString(constant.value);
    case 'number':
      if (!Number.isFinite(constant.value)) throw new Error(`the constant ${constant.value} is not a finite number`);
      return String(constant.value);
    case 'boolean':
      return constant.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'date':
      return `CAST(${sqlString(constant.value)} AS TIMESTAMP)`;
    case 'array':
      return `(${constant.items.map(constantSql).join(', ')})`;
  }
}

/**
 * `left op constant`. String operators compare the text form, so they also work on numeric columns;
 * IN with a one-value constant (not an array) means equality.
 */
export function comparisonSql(left: string, op: string, right: Constant): string {
  if (right.type === 'null') {
    if (op === '=') return `(${left} IS NULL)`;
    if (op === '!=') return `(${left} IS NOT NULL)`;
    throw new Error(`'${op} NULL' is not a valid comparison: use = NULL or != NULL (IS NULL / IS NOT NULL)`);
  }
  const value = constantSql(right);
  const text = `CAST(${left} AS VARCHAR)`;
  switch (op) {
    case 'IN':
      return right.type === 'array' ? `(${left} IN ${value})` : `(${left} = ${value})`;
    case 'LIKE':
      return `(${text} LIKE ${value})`;
    case 'NOT LIKE':
      return `(${text} NOT LIKE ${value})`;
    case 'STARTS WITH':
      return `starts_with(${text}, ${value})`;
    case 'ENDS WITH':
      return `ends_with(${text}, ${value})`;
    case 'CONTAINS':
      return `contains(${text}, ${value})`;
    case 'NOT CONTAINS':
      return `(NOT contains(${text}, ${value}))`;
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `(${left} ${op} ${value})`;
    default:
      throw new Error(`unsupported operator '${op}'`);
  }
}

/** SQL of a condition; `operand` turns each column reference or aggregation into an expression. */
export function conditionSql(condition: Condition, operand: (left: Aggregation | ColumnRef) => string): string {
  switch (condition.kind) {
    case 'comparison':
      return comparisonSql(operand(condition.left), condition.op, condition.right);
    case 'not':
      return `(NOT ${conditionSql(condition.operand, operand)})`;
    case 'and':
      return `(${conditionSql(condition.left, operand)} AND ${conditionSql(condition.right, operand)})`;
    case 'or':
      return `(${conditionSql(condition.left, operand)} OR ${conditionSql(condition.right, operand)})`;
  }
}
