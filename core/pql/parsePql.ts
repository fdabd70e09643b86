import type { Condition, PqlParseResult, PredictiveQuery, ProblemSpec, Span, Target } from './ast';
import { lexPql } from './PqlLexer';
import { PqlSyntaxFailure, PqlTokenCursor, describeToken } from './PqlTokenCursor';
import {
  atComparisonOperator,
  finishComparison,
  parseColumnRef,
  parseCondition,
  parseConstant,
  parseOperand,
  parseOperator,
  spanOf,
} from './parsePqlExpressions';
import { formatColumnName } from './pqlNames';

/**
 * Parses a predictive query (Kumo's PQL grammar) into the AST of ./ast. Never throws: the first syntax
 * error is returned with the span of the offending token and a message naming what was expected.
 */
export function parsePql(text: string): PqlParseResult {
  try {
    return { query: parseQuery(new PqlTokenCursor(lexPql(text))), errors: [] };
  } catch (error) {
    if (error instanceof PqlSyntaxFailure) return { errors: [error.error] };
    // A bug here must not take the language server down with it; report it where the user will see it.
    const message = error instanceof Error ? error.message : String(error);
    return {
      errors: [
        {
          message: `Internal error while parsing the query (please report): ${message}.`,
          span: { start: 0, end: text.length },
        },
      ],
    };
  }
}

function parseQuery(cursor: PqlTokenCursor): PredictiveQuery {
  const first = cursor.peek();
  if (first.kind === 'eof') {
    cursor.failAt(first, 'empty query: write PREDICT <target> FOR EACH <table>.<primary key>');
  }
  if (!cursor.atWord('PREDICT')) {
    cursor.failAt(first, `a predictive query starts with PREDICT, found ${describeToken(first)}`);
  }
  cursor.next();
  if (cursor.peek().kind === 'eof' || cursor.atWord('FOR')) {
    cursor.failAt(
      cursor.peek(),
      'expected the target after PREDICT, e.g. COUNT(orders.*, 0, 30, days) > 0 or users.age',
    );
  }
  const target = parseTarget(cursor);
  const problem = parseProblemSpec(cursor);
  const forToken = cursor.peek();
  if (!cursor.atWord('FOR')) failBeforeForEach(cursor, problem);
  cursor.next();
  const forEachSpan = cursor.atWord('EACH') ? spanOf(forToken, cursor.next()) : forToken.span;
  const entity = parseColumnRef(cursor, "after FOR EACH (the entity table's primary key, e.g. users.user_id)");
  let entityValues: PredictiveQuery['entityValues'];
  if (atComparisonOperator(cursor)) {
    const { op, opSpan } = parseOperator(cursor);
    entityValues = { op, opSpan, value: parseConstant(cursor, op) };
  }
  let entityFilter: Condition | undefined;
  let whereSpan: Span | undefined;
  if (cursor.atWord('WHERE')) {
    whereSpan = cursor.next().span;
    entityFilter = parseCondition(cursor);
  }
  let assuming: Condition | undefined;
  let assumingSpan: Span | undefined;
  if (cursor.atWord('ASSUMING')) {
    assumingSpan = cursor.next().span;
    assuming = parseCondition(cursor);
  }
  const rest = cursor.peek();
  if (rest.kind !== 'eof')
    failTrailing(cursor, { where: whereSpan !== undefined, assuming: assumingSpan !== undefined });
  const last = assuming ?? entityFilter ?? entityValues?.value ?? entity;
  return {
    target,
    problem,
    entity,
    entityValues,
    entityFilter,
    assuming,
    span: spanOf(first, last),
    forEachSpan,
    whereSpan,
    assumingSpan,
  };
}

/** The target: a condition (binary), an aggregation or a column. */
function parseTarget(cursor: PqlTokenCursor): Target {
  if (cursor.peek().kind === '(' || cursor.atWord('NOT')) return parseCondition(cursor);
  const operand = parseOperand(cursor, 'after PREDICT');
  if (atComparisonOperator(cursor)) return parseCondition(cursor, finishComparison(cursor, operand));
  if (cursor.atWord('AND') || cursor.atWord('OR')) {
    const shown =
      operand.kind === 'aggregation' ? `${operand.fn}(...)` : formatColumnName(operand.table, operand.column);
    cursor.failAt(
      cursor.peek(),
      `expected a comparison operator after ${shown}: ${cursor.peek().text.toUpperCase()} joins conditions such as ${shown} > 0`,
    );
  }
  return operand;
}

/** `CLASSIFY` / `RANK` / `TOP k` / `FORECAST n TIMEFRAMES`, between the target and FOR EACH. */
function parseProblemSpec(cursor: PqlTokenCursor): ProblemSpec | undefined {
  const first = cursor.peek();
  if (cursor.atWord('FORECAST')) {
    cursor.next();
    const count = cursor.peek();
    if (count.kind !== 'number' || !count.integer) {
      cursor.failAt(count, `expected a whole number of timeframes after FORECAST, e.g. FORECAST 12 TIMEFRAMES`);
    }
    cursor.next();
    if (!cursor.atWord('TIMEFRAMES')) {
      cursor.failAt(cursor.peek(), `expected TIMEFRAMES after FORECAST ${count.text}`);
    }
    const last = cursor.next();
    return { forecastTimeframes: count.value, span: spanOf(first, last), forecastSpan: count.span };
  }
  let type: ProblemSpec['type'];
  let typeSpan: Span | undefined;
  if (cursor.atWord('CLASSIFY') || cursor.atWord('RANK')) {
    const keyword = cursor.next();
    type = keyword.text.toUpperCase() as ProblemSpec['type'];
    typeSpan = keyword.span;
  }
  let topK: number | undefined;
  let topKSpan: Span | undefined;
  let last = cursor.peek();
  if (cursor.atWord('TOP')) {
    cursor.next();
    const k = cursor.peek();
    if (k.kind !== 'number' || !k.integer) cursor.failAt(k, 'expected a whole number after TOP, e.g. RANK TOP 10');
    topK = k.value;
    topKSpan = k.span;
    last = cursor.next();
  } else if (typeSpan) {
    return { type, span: typeSpan, typeSpan };
  } else {
    return undefined;
  }
  return { type, topK, span: spanOf(first, last), typeSpan, topKSpan };
}

function failBeforeForEach(cursor: PqlTokenCursor, problem: ProblemSpec | undefined): never {
  const token = cursor.peek();
  if (token.kind === 'eof' || cursor.atWord('WHERE') || cursor.atWord('ASSUMING')) {
    cursor.failAt(token, 'missing FOR EACH <table>.<primary key> after the target');
  }
  if ((cursor.atWord('CLASSIFY') || cursor.atWord('RANK')) && problem?.topK !== undefined) {
    cursor.failAt(
      token,
      `write ${token.text.toUpperCase()} before TOP: ${token.text.toUpperCase()} TOP ${problem.topK}`,
    );
  }
  if (
    problem?.forecastTimeframes !== undefined &&
    (cursor.atWord('CLASSIFY') || cursor.atWord('RANK') || cursor.atWord('TOP'))
  ) {
    cursor.failAt(token, 'FORECAST cannot be combined with CLASSIFY, RANK or TOP');
  }
  const expected = problem ? 'FOR EACH' : 'CLASSIFY, RANK TOP k, FORECAST n TIMEFRAMES or FOR EACH';
  return cursor.failAt(token, `expected ${expected} after the target, found ${describeToken(token)}`);
}

function failTrailing(cursor: PqlTokenCursor, seen: { where: boolean; assuming: boolean }): never {
  const token = cursor.peek();
  if (cursor.atWord('WHERE')) {
    cursor.failAt(
      token,
      seen.assuming
        ? 'WHERE (the entity filter) must come before ASSUMING'
        : 'only one WHERE is allowed: combine the conditions with AND',
    );
  }
  if (cursor.atWord('ASSUMING')) cursor.failAt(token, 'only one ASSUMING is allowed: combine the conditions with AND');
  if (['CLASSIFY', 'RANK', 'TOP', 'FORECAST'].some((word) => cursor.atWord(word))) {
    cursor.failAt(token, `${token.text.toUpperCase()} belongs right after the target, before FOR EACH`);
  }
  if (cursor.atWord('FOR')) cursor.failAt(token, 'only one FOR EACH is allowed');
  const expected = seen.assuming
    ? 'AND, OR or the end of the query'
    : seen.where
      ? 'AND, OR, ASSUMING or the end of the query'
      : 'WHERE, ASSUMING or the end of the query';
  return cursor.failAt(token, `unexpected ${describeToken(token)}: expected ${expected}`);
}
