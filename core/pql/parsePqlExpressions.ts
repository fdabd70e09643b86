import {
  AGGREGATIONS,
  type Aggregation,
  type AggregationName,
  type ColumnRef,
  type Comparison,
  type Condition,
  type Constant,
  type RelOp,
  type Span,
  type TimeWindow,
} from './ast';
import { closestMatch } from '../text/didYouMean';
import type { PqlToken } from './PqlLexer';
import { describeToken, type PqlTokenCursor } from './PqlTokenCursor';
import {
  UNSUPPORTED_UNITS,
  WINDOW_UNITS,
  aggregationAlias,
  isAggregationName,
  isReservedWord,
  isWindowUnit,
} from './pqlVocabulary';
import { formatColumnName } from './pqlNames';

/** The grammar below the query level: conditions, comparisons, aggregations with windows, columns and constants. */

const OPERATOR_LIST = '=, !=, <, <=, >, >=, IN, IS, LIKE, NOT LIKE, CONTAINS, NOT CONTAINS, STARTS WITH, ENDS WITH';

export function spanOf(first: { span: Span }, last: { span: Span }): Span {
  return { start: first.span.start, end: last.span.end };
}

/** `cond OR cond ...`, optionally continuing from an already parsed first comparison. */
export function parseCondition(cursor: PqlTokenCursor, first?: Condition): Condition {
  const terms = [parseAndChain(cursor, first)];
  while (cursor.atWord('OR')) {
    cursor.next();
    terms.push(parseAndChain(cursor));
  }
  return balanced('or', terms);
}

function parseAndChain(cursor: PqlTokenCursor, first?: Condition): Condition {
  const terms = [first ?? parseUnary(cursor)];
  while (cursor.atWord('AND')) {
    cursor.next();
    terms.push(parseUnary(cursor));
  }
  return balanced('and', terms);
}

/**
 * AND and OR are associative, so a chain is built as a balanced tree: walkers then recurse
 * log(n) deep even for a generated query with thousands of terms.
 */
function balanced(kind: 'and' | 'or', terms: Condition[]): Condition {
  if (terms.length === 1) return terms[0];
  const middle = terms.length >> 1;
  const left = balanced(kind, terms.slice(0, middle));
  const right = balanced(kind, terms.slice(middle));
  return { kind, left, right, span: spanOf(left, right) };
}

function parseUnary(cursor: PqlTokenCursor): Condition {
  const token = cursor.peek();
  if (cursor.atWord('NOT')) {
    cursor.next();
    const operand = cursor.nested(() => parseUnary(cursor));
    return { kind: 'not', operand, span: spanOf(token, operand) };
  }
  if (token.kind === '(') {
    cursor.next();
    const inner = cursor.nested(() => parseCondition(cursor));
    const close = cursor.peek();
    if (close.kind !== ')') {
      cursor.failAt(
        close,
        `expected ')' to close the '(' at character ${token.span.start + 1}, found ${describeToken(close)}`,
      );
    }
    cursor.next();
    // The parentheses belong to the condition's text, so diagnostics on it underline them too.
    return { ...inner, span: spanOf(token, close) };
  }
  return finishComparison(cursor, parseOperand(cursor, 'in a condition'));
}

/** A column or an aggregation: what a comparison compares and what a target may be on its own. */
export function parseOperand(cursor: PqlTokenCursor, where: string): Aggregation | ColumnRef {
  const token = cursor.peek();
  if (token.kind === 'column') return parseColumnRef(cursor, where);
  if (token.kind === 'word') {
    if (cursor.peek(1).kind === '(') {
      if (isAggregationName(token.upper)) return parseAggregation(cursor);
      const meant = aggregationAlias(token.upper) ?? closestMatch(token.upper, AGGREGATIONS);
      cursor.failAt(
        token,
        `unknown aggregation '${token.text}'${meant ? ` (did you mean ${meant}?)` : ''}: use one of ${AGGREGATIONS.join(', ')}`,
      );
    }
    if (isAggregationName(token.upper)) {
      cursor.failAt(cursor.peek(1), `expected '(' after ${token.upper}, e.g. ${exampleAggregation(token.upper)}`);
    }
    if (isReservedWord(token.upper)) {
      cursor.failAt(
        token,
        `expected a column (table.column) or an aggregation such as COUNT(orders.*, 0, 30, days) ${where}, found the keyword ${token.upper}`,
      );
    }
    cursor.failAt(
      token,
      `expected table.column ${where}, found '${token.text}': name a column with its table, e.g. users.age`,
    );
  }
  return cursor.failAt(
    token,
    `expected a column (table.column) or an aggregation such as COUNT(orders.*, 0, 30, days) ${where}, found ${describeToken(token)}`,
  );
}

function exampleAggregation(fn: string): string {
  return fn === 'COUNT' ? 'COUNT(orders.*, 0, 30, days)' : `${fn}(orders.amount, 0, 30, days)`;
}

export function parseColumnRef(cursor: PqlTokenCursor, where: string): ColumnRef {
  const token = cursor.peek();
  if (token.kind !== 'column') {
    return cursor.failAt(token, `expected table.column ${where}, found ${describeToken(token)}`);
  }
  if (token.column === '') {
    cursor.failSpan(
      token.span,
      `expected a column name right after '${token.table}.' (no spaces), e.g. ${token.table}.id`,
    );
  }
  cursor.next();
  return {
    kind: 'column',
    table: token.table,
    column: token.column,
    span: token.span,
    tableSpan: token.tableSpan,
    columnSpan: token.columnSpan,
  };
}

function parseAggregation(cursor: PqlTokenCursor): Aggregation {
  const fnToken = cursor.next() as PqlToken & { kind: 'word' };
  const fn = fnToken.upper as AggregationName;
  cursor.next(); // '(' (checked by the caller)
  const columnToken = cursor.peek();
  if (columnToken.kind !== 'column') {
    cursor.failAt(
      columnToken,
      `expected the column to aggregate after ${fn}(, e.g. ${exampleAggregation(fn)}, found ${describeToken(columnToken)}`,
    );
  }
  const column = parseColumnRef(cursor, `in ${fn}(...)`);
  let filter: Condition | undefined;
  if (cursor.atWord('WHERE')) {
    cursor.next();
    filter = cursor.nested(() => parseCondition(cursor));
  }
  const window = cursor.peek().kind === ',' ? parseWindow(cursor, fn) : undefined;
  const close = cursor.peek();
  if (close.kind !== ')') {
    const expected = window
      ? `')' to close ${fn}(`
      : filter
        ? `AND, OR, ',' (a window such as , 0, 30, days) or ')' after the WHERE condition in ${fn}(...)`
        : `',' (a window such as , 0, 30, days), WHERE or ')' after ${formatColumnName(column.table, column.column)} in ${fn}(...)`;
    cursor.failAt(close, `expected ${expected}, found ${describeToken(close)}`);
  }
  cursor.next();
  return { kind: 'aggregation', fn, fnSpan: fnToken.span, column, filter, window, span: spanOf(fnToken, close) };
}

function parseWindow(cursor: PqlTokenCursor, fn: string): TimeWindow {
  cursor.next(); // ','
  const startToken = cursor.peek();
  let start: number;
  if (startToken.kind === 'neg-inf') {
    start = -Infinity;
  } else if (startToken.kind === 'number' && startToken.integer) {
    start = startToken.value;
  } else {
    return cursor.failAt(
      startToken,
      `expected the window start (a whole number of units, or -INF) in ${fn}(...), found ${describeToken(startToken)}`,
    );
  }
  cursor.next();
  const comma = cursor.peek();
  if (comma.kind !== ',') {
    cursor.failAt(comma, `a window needs a start and an end: write ${fn}(..., ${startToken.text}, 30, days)`);
  }
  cursor.next();
  const endToken = cursor.peek();
  if (endToken.kind === 'neg-inf')
    cursor.failAt(endToken, '-INF can only start a window; the end must be a whole number');
  if (endToken.kind !== 'number' || !endToken.integer) {
    return cursor.failAt(
      endToken,
      `expected the window end (a whole number of units) in ${fn}(...), found ${describeToken(endToken)}`,
    );
  }
  cursor.next();
  let unit: TimeWindow['unit'] = 'days';
  let unitSpan: Span | undefined;
  let last: PqlToken = endToken;
  if (cursor.peek().kind === ',') {
    cursor.next();
    const unitToken = cursor.peek();
    if (unitToken.kind !== 'word') {
      return cursor.failAt(
        unitToken,
        `expected a time unit (${WINDOW_UNITS.join(', ')}), found ${describeToken(unitToken)}`,
      );
    }
    const lower = unitToken.text.toLowerCase();
    if (!isWindowUnit(lower)) {
      if (Object.prototype.hasOwnProperty.call(UNSUPPORTED_UNITS, lower)) {
        cursor.failAt(unitToken, `PQL has no '${unitToken.text}' unit: ${UNSUPPORTED_UNITS[lower]}`);
      }
      const meant = closestMatch(lower, WINDOW_UNITS);
      cursor.failAt(
        unitToken,
        `unknown time unit '${unitToken.text}'${meant ? ` (did you mean ${meant}?)` : ''}: use ${WINDOW_UNITS.join(', ')}`,
      );
    }
    unit = lower;
    unitSpan = unitToken.span;
    last = cursor.next();
  }
  const end = endToken.value;
  const span = spanOf(startToken, last);
  if (!(end > start)) {
    cursor.failSpan(span, `the window (${start}, ${end}] is empty: its end must be greater than its start`);
  }
  return {
    start,
    end,
    unit,
    unitExplicit: unitSpan !== undefined,
    span,
    startSpan: startToken.span,
    endSpan: endToken.span,
    unitSpan,
  };
}

/** Whether a comparison operator starts at the cursor (`NOT` counts only when it begins `NOT LIKE` and kin). */
export function atComparisonOperator(cursor: PqlTokenCursor): boolean {
  const token = cursor.peek();
  if (token.kind === 'operator') return true;
  if (token.kind !== 'word') return false;
  if (['IN', 'IS', 'LIKE', 'CONTAINS', 'STARTS', 'ENDS'].includes(token.upper)) return true;
  return token.upper === 'NOT' && ['LIKE', 'CONTAINS', 'IN'].some((w) => cursor.atWord(w, 1));
}

export function finishComparison(cursor: PqlTokenCursor, left: Aggregation | ColumnRef): Comparison {
  if (!atComparisonOperator(cursor)) {
    const shown = left.kind === 'aggregation' ? `${left.fn}(...)` : formatColumnName(left.table, left.column);
    cursor.failAt(
      cursor.peek(),
      `expected a comparison operator (${OPERATOR_LIST}) after ${shown}, found ${describeToken(cursor.peek())}`,
    );
  }
  const { op, opSpan } = parseOperator(cursor);
  const right = parseConstant(cursor, op);
  return { kind: 'comparison', left, op, opSpan, right, span: spanOf(left, right) };
}

export function parseOperator(cursor: PqlTokenCursor): { op: RelOp; opSpan: Span } {
  const first = cursor.next();
  if (first.kind === 'operator') return { op: first.op, opSpan: first.span };
  const upper = first.kind === 'word' ? first.upper : '';
  const take = (op: RelOp) => ({ op, opSpan: spanOf(first, cursor.next()) });
  const noNotIn = 'PQL has no NOT IN: write NOT (table.column IN (...))';
  switch (upper) {
    case 'IS':
      if (cursor.atWord('NOT')) {
        if (cursor.atWord('IN', 1)) cursor.failSpan(spanOf(first, cursor.peek(1)), noNotIn);
        return take('!=');
      }
      if (cursor.atWord('IN')) return take('IN');
      return { op: '=', opSpan: first.span };
    case 'NOT':
      if (cursor.atWord('IN')) cursor.failSpan(spanOf(first, cursor.peek()), noNotIn);
      return take(cursor.atWord('LIKE') ? 'NOT LIKE' : 'NOT CONTAINS');
    case 'STARTS':
    case 'ENDS':
      if (!cursor.atWord('WITH')) cursor.failAt(cursor.peek(), `expected WITH after ${upper}`);
      return take(upper === 'STARTS' ? 'STARTS WITH' : 'ENDS WITH');
    default:
      return { op: upper as RelOp, opSpan: first.span };
  }
}

/** A constant: string, number, boolean, NULL, date (with optional time) or a parenthesised list. */
export function parseConstant(cursor: PqlTokenCursor, after: string): Constant {
  const token = cursor.next();
  switch (token.kind) {
    case 'string':
      return { kind: 'constant', type: 'string', value: token.value, span: token.span };
    case 'number':
      return { kind: 'constant', type: 'number', value: token.value, integer: token.integer, span: token.span };
    case 'date': {
      const time = cursor.peek();
      if (time.kind !== 'time') return { kind: 'constant', type: 'date', value: token.text, span: token.span };
      cursor.next();
      return { kind: 'constant', type: 'date', value: `${token.text} ${time.text}`, span: spanOf(token, time) };
    }
    case '(':
      return cursor.nested(() => parseList(cursor, token));
    case 'word':
      if (token.upper === 'TRUE' || token.upper === 'FALSE') {
        return { kind: 'constant', type: 'boolean', value: token.upper === 'TRUE', span: token.span };
      }
      if (token.upper === 'NULL') return { kind: 'constant', type: 'null', span: token.span };
      break;
    case 'time':
      cursor.failAt(token, `a time needs a date before it, e.g. 2024-01-15 ${token.text}`);
      break;
    case 'column':
      cursor.failAt(
        token,
        `PQL compares a column with a constant, not with another column: replace ${token.text} with a value`,
      );
      break;
    case 'neg-inf':
      cursor.failAt(token, '-INF is only valid as the start of a window');
  }
  return cursor.failAt(
    token,
    `expected a value after ${after}: a number, 'text', true, false, NULL, a date such as 2024-01-15, or a list such as ('a', 'b'); found ${describeToken(token)}`,
  );
}

function parseList(cursor: PqlTokenCursor, open: PqlToken): Constant {
  if (cursor.peek().kind === ')') cursor.failAt(cursor.peek(), 'a list needs at least one value, e.g. (1, 2)');
  const items: Constant[] = [parseConstant(cursor, "'('")];
  while (cursor.peek().kind === ',') {
    cursor.next();
    items.push(parseConstant(cursor, "','"));
  }
  const close = cursor.peek();
  if (close.kind !== ')') cursor.failAt(close, `expected ',' or ')' in the list, found ${describeToken(close)}`);
  cursor.next();
  return { kind: 'constant', type: 'array', items, span: spanOf(open, close) };
}
