import type { AggregationName, Span } from './ast';
import { lexPql, type PqlToken } from './PqlLexer';
import { isAggregationName, isWindowUnit, type WINDOW_UNITS } from './pqlVocabulary';

/**
 * One markdown paragraph per PQL word, for hover and completion documentation. Kept next to the
 * grammar so that the editor explains exactly the language the parser accepts.
 */

const WINDOW_NOTE =
  'With a window `(start, end[, unit])` it reads the rows whose time is in `(t + start, t + end]` ' +
  'relative to the anchor time t (left-open, right-closed; the unit defaults to days, `-INF` starts at the ' +
  'beginning of history). Without a window it is static.';

export const PQL_AGGREGATION_DOCS: Record<AggregationName, string> = {
  SUM: `**SUM(table.column, start, end[, unit])**: the sum of a numeric column over the window. ${WINDOW_NOTE} An empty window sums to 0, so entities with no rows still get a label (add a past-activity \`WHERE\` to skip inactive ones).\n\nExample: \`PREDICT SUM(orders.amount, 0, 30, days) FOR EACH users.user_id\``,
  AVG: `**AVG(table.column, start, end[, unit])**: the mean of a numeric column over the window. ${WINDOW_NOTE} An empty window has no average, so entities without rows get no label.\n\nExample: \`PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId\``,
  MIN: `**MIN(table.column, start, end[, unit])**: the smallest value in the window. ${WINDOW_NOTE} Entities with no rows in the window get no label.\n\nExample: \`PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId\``,
  MAX: `**MAX(table.column, start, end[, unit])**: the largest value in the window. ${WINDOW_NOTE} Entities with no rows in the window get no label.`,
  COUNT: `**COUNT(table.*, start, end[, unit])**: the number of rows in the window (\`table.*\` counts rows; \`table.column\` counts non-null values). ${WINDOW_NOTE} An empty window counts 0.\n\nExample: \`PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH users.user_id\` (churn)`,
  COUNT_DISTINCT: `**COUNT_DISTINCT(table.column, start, end[, unit])**: the number of distinct values in the window. ${WINDOW_NOTE}`,
  FIRST: `**FIRST(table.column, start, end[, unit])**: the value of the earliest row in the window. ${WINDOW_NOTE} Not supported on foreign keys (use LIST_DISTINCT).`,
  LAST: `**LAST(table.column, start, end[, unit])**: the value of the latest row in the window. ${WINDOW_NOTE} Not supported on foreign keys (use LIST_DISTINCT).`,
  LIST_DISTINCT: `**LIST_DISTINCT(table.column, start, end[, unit])**: the set of distinct values in the window, a multicategorical target. Follow it with \`RANK TOP k\` (recommend the k most likely, e.g. items: link prediction) or \`CLASSIFY\` (one yes/no per class). ${WINDOW_NOTE} Without a window it is only allowed on a foreign key with RANK TOP k, in a graph without time columns.\n\nExample: \`PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 10 FOR EACH users.user_id\``,
};

export const PQL_KEYWORD_DOCS: Record<string, string> = {
  PREDICT:
    '**PREDICT target**: starts a predictive query. The target is a condition (binary classification, e.g. `COUNT(orders.*, 0, 30, days) > 0`), an aggregation over a future window (regression, or link prediction with LIST_DISTINCT), or a column of the entity table (static: the rows whose value is NULL are the ones to predict).',
  'FOR EACH':
    "**FOR EACH table.primary_key**: the entity a prediction is made for, one per row of the entity table. It must be that table's primary key. `FOR table.pk = 42` or `FOR table.pk IN (1, 2)` limits the query to given entities.",
  FOR: '**FOR table.primary_key = value** / **IN (values)**: predicts only for the listed entities (same meaning as FOR EACH otherwise).',
  WHERE:
    '**WHERE condition**: after FOR EACH, filters the entities (e.g. only active ones: `WHERE COUNT(orders.*, -90, 0, days) > 0`); its windows may only look back (end ≤ 0). Inside an aggregation, `AGG(table.column WHERE condition, ...)` filters the rows being aggregated.',
  ASSUMING:
    '**ASSUMING condition**: a what-if: trains and predicts as if the condition held over a future window, e.g. `ASSUMING COUNT(notifications.*, 0, 7, days) > 2`. Only for temporal queries; every condition must aggregate over a window starting at 0 or later.',
  CLASSIFY:
    '**CLASSIFY**: after a multicategorical target (LIST_DISTINCT or a multicategorical column), predicts a yes/no for every class (multilabel classification).',
  RANK: '**RANK TOP k**: after a multicategorical target, returns the k most likely classes per entity, best first (link prediction for LIST_DISTINCT of a foreign key, multilabel ranking otherwise).',
  TOP: '**TOP k**: how many classes RANK returns per entity (k ≥ 1). A prediction spec’s `num_classes_to_return` overrides it at prediction time.',
  FORECAST:
    '**FORECAST n TIMEFRAMES**: predicts a numerical windowed target for n consecutive windows (1 ≤ n ≤ 10000), e.g. `PREDICT SUM(orders.amount, 0, 7, days) FORECAST 12 TIMEFRAMES`.',
  TIMEFRAMES: '**TIMEFRAMES**: ends `FORECAST n TIMEFRAMES`: n consecutive windows of the target’s length.',
  AND: '**AND**: both conditions hold. Binds tighter than OR: `a OR b AND c` means `a OR (b AND c)`.',
  OR: '**OR**: at least one condition holds. Binds looser than AND; use parentheses to group.',
  NOT: '**NOT condition**: negates the condition that follows.',
  TRUE: '**true**: the boolean constant.',
  FALSE: '**false**: the boolean constant.',
  NULL: '**NULL**: a missing value; test it with `IS NULL` / `IS NOT NULL`.',
  '-INF':
    '**-INF** (or `-INFINITY`): as a window start, the beginning of history: `COUNT(orders.*, -INF, 0, days)` counts every past order. Not allowed in a target window.',
};

export const PQL_OPERATOR_DOCS: Record<string, string> = {
  '=': '**=**: equal to the constant.',
  '!=': '**!=**: not equal to the constant.',
  '<': '**<**: less than the constant.',
  '<=': '**<=**: less than or equal to the constant.',
  '>': '**>**: greater than the constant.',
  '>=': '**>=**: greater than or equal to the constant.',
  IN: "**IN (values)**: equal to one of the listed constants, e.g. `users.country IN ('US', 'CA')`.",
  'IS IN': '**IS IN (values)**: the same as IN.',
  IS: '**IS**: the same as `=`; used as `IS NULL`.',
  'IS NOT': '**IS NOT**: the same as `!=`; used as `IS NOT NULL`.',
  LIKE: "**LIKE 'pattern'**: SQL pattern match (`%` any run of characters, `_` one character).",
  'NOT LIKE': "**NOT LIKE 'pattern'**: does not match the SQL pattern.",
  CONTAINS: "**CONTAINS 'text'**: the string contains the text.",
  'NOT CONTAINS': "**NOT CONTAINS 'text'**: the string does not contain the text.",
  'STARTS WITH': "**STARTS WITH 'text'**: the string begins with the text.",
  'ENDS WITH': "**ENDS WITH 'text'**: the string ends with the text.",
};

export const PQL_TIME_UNIT_DOCS: Record<(typeof WINDOW_UNITS)[number], string> = {
  days: '**days**: window offsets count days (the default when no unit is written).',
  hours: '**hours**: window offsets count hours.',
  minutes: '**minutes**: window offsets count minutes.',
  months: '**months**: window offsets count calendar months (Jan 31 + 1 month = Feb 28/29).',
};

/** What is under the cursor in a query, for hover, go-to-definition and completion. */
export type PqlTokenAt =
  | { kind: 'keyword'; word: string; span: Span; doc: string }
  | { kind: 'aggregation'; name: AggregationName; span: Span; doc: string }
  | { kind: 'operator'; operator: string; span: Span; doc: string }
  | { kind: 'time-unit'; unit: string; span: Span; doc: string }
  | { kind: 'table'; table: string; span: Span }
  /** `tableSpan`: the table part of the same `table.column`, back-quotes included. */
  | { kind: 'column'; table: string; column: string; span: Span; tableSpan: Span }
  | { kind: 'constant'; text: string; span: Span }
  | { kind: 'word'; text: string; span: Span };

/**
 * The token at `offset` (character offset into the query). A token ending exactly at the offset also
 * counts, so that the cursor just after `users.ag` still finds the column being typed. Works on
 * incomplete and invalid text: it only lexes.
 */
export function pqlTokenAt(text: string, offset: number): PqlTokenAt | undefined {
  const tokens = lexPql(text);
  let index = tokens.findIndex((t) => t.kind !== 'eof' && t.span.start <= offset && offset < t.span.end);
  if (index < 0) index = tokens.findIndex((t) => t.kind !== 'eof' && t.span.end === offset);
  if (index < 0) return undefined;
  const token = tokens[index];
  switch (token.kind) {
    case 'column':
      // On the table name or the dot: the table; from the first character after the dot: the column.
      if (offset <= token.tableSpan.end) return { kind: 'table', table: token.table, span: token.tableSpan };
      return {
        kind: 'column',
        table: token.table,
        column: token.column,
        span: token.columnSpan,
        tableSpan: token.tableSpan,
      };
    case 'word':
      return wordAt(tokens, index);
    case 'operator':
      return { kind: 'operator', operator: token.op, span: token.span, doc: PQL_OPERATOR_DOCS[token.op] };
    case 'neg-inf':
      return { kind: 'keyword', word: '-INF', span: token.span, doc: PQL_KEYWORD_DOCS['-INF'] };
    case 'number':
    case 'string':
    case 'date':
    case 'time':
      return { kind: 'constant', text: token.text, span: token.span };
    default:
      return undefined;
  }
}

/** Multi-word operators and `FOR EACH` read as one unit whichever of their words the cursor is on. */
const PHRASES: string[][] = [
  ['IS', 'NOT'],
  ['IS', 'IN'],
  ['NOT', 'LIKE'],
  ['NOT', 'CONTAINS'],
  ['STARTS', 'WITH'],
  ['ENDS', 'WITH'],
  ['FOR', 'EACH'],
];

function wordAt(tokens: PqlToken[], index: number): PqlTokenAt {
  const token = tokens[index] as PqlToken & { kind: 'word' };
  const upperAt = (i: number) => {
    const t = tokens[i];
    return t?.kind === 'word' ? t.upper : undefined;
  };
  for (const [first, second] of PHRASES) {
    const start =
      upperAt(index) === first && upperAt(index + 1) === second
        ? index
        : upperAt(index - 1) === first && upperAt(index) === second
          ? index - 1
          : -1;
    if (start < 0) continue;
    const phrase = `${first} ${second}`;
    const span = { start: tokens[start].span.start, end: tokens[start + 1].span.end };
    if (phrase === 'FOR EACH') return { kind: 'keyword', word: phrase, span, doc: PQL_KEYWORD_DOCS[phrase] };
    return { kind: 'operator', operator: phrase, span, doc: PQL_OPERATOR_DOCS[phrase] };
  }
  const upper = token.upper;
  if (isAggregationName(upper))
    return { kind: 'aggregation', name: upper, span: token.span, doc: PQL_AGGREGATION_DOCS[upper] };
  if (Object.prototype.hasOwnProperty.call(PQL_OPERATOR_DOCS, upper)) {
    return { kind: 'operator', operator: upper, span: token.span, doc: PQL_OPERATOR_DOCS[upper] };
  }
  if (Object.prototype.hasOwnProperty.call(PQL_KEYWORD_DOCS, upper)) {
    return { kind: 'keyword', word: upper, span: token.span, doc: PQL_KEYWORD_DOCS[upper] };
  }
  const lower = token.text.toLowerCase();
  if (isWindowUnit(lower) && tokens[index - 1]?.kind === ',') {
    return { kind: 'time-unit', unit: lower, span: token.span, doc: PQL_TIME_UNIT_DOCS[lower] };
  }
  return { kind: 'word', text: token.text, span: token.span };
}
