import { AGGREGATIONS, type AggregationName, type TimeUnit } from './ast';

/**
 * The words PQL reserves. Keywords are matched case-insensitively (Kumo's own lexer takes all-lower or
 * all-upper spellings; we accept any casing so `Predict` is not a confusing error), names are not.
 */
export const CLAUSE_KEYWORDS = [
  'PREDICT',
  'CLASSIFY',
  'RANK',
  'TOP',
  'FORECAST',
  'TIMEFRAMES',
  'FOR',
  'EACH',
  'WHERE',
  'ASSUMING',
] as const;

export const LOGICAL_KEYWORDS = ['AND', 'OR', 'NOT'] as const;

/** Words that make up the word operators: `IN`, `IS NOT`, `NOT LIKE`, `STARTS WITH`, ... */
export const OPERATOR_WORDS = ['IN', 'IS', 'LIKE', 'CONTAINS', 'STARTS', 'ENDS', 'WITH'] as const;

export const CONSTANT_KEYWORDS = ['TRUE', 'FALSE', 'NULL'] as const;

/**
 * Units Kumo's PQL lexer accepts (kumo-pql grammar, TIME_UNIT). kumoapi's TimeUnit enum also lists
 * seconds and weeks, but the grammar rejects them, so we do too (with a conversion hint).
 */
export const WINDOW_UNITS = ['days', 'hours', 'minutes', 'months'] as const satisfies readonly TimeUnit[];

/** Units that appear in Kumo's enum but not in its grammar, with how to write them instead. */
export const UNSUPPORTED_UNITS: Record<string, string> = {
  weeks: 'multiply by 7 and use days (2 weeks = 14, days)',
  week: 'multiply by 7 and use days (2 weeks = 14, days)',
  seconds: 'use minutes or a larger unit',
  second: 'use minutes or a larger unit',
  years: 'use months (1 year = 12, months)',
  year: 'use months (1 year = 12, months)',
};

/** Spellings people carry over from SQL or pandas, mapped to the PQL aggregation they mean. */
const AGGREGATION_ALIASES: Record<string, AggregationName> = {
  AVERAGE: 'AVG',
  MEAN: 'AVG',
  TOTAL: 'SUM',
  DISTINCT_COUNT: 'COUNT_DISTINCT',
  COUNTDISTINCT: 'COUNT_DISTINCT',
  NUNIQUE: 'COUNT_DISTINCT',
  LIST: 'LIST_DISTINCT',
  DISTINCT: 'LIST_DISTINCT',
  LISTDISTINCT: 'LIST_DISTINCT',
  COLLECT_SET: 'LIST_DISTINCT',
  MINIMUM: 'MIN',
  MAXIMUM: 'MAX',
};

export function isAggregationName(upper: string): upper is AggregationName {
  return (AGGREGATIONS as readonly string[]).includes(upper);
}

export function aggregationAlias(upper: string): AggregationName | undefined {
  return Object.prototype.hasOwnProperty.call(AGGREGATION_ALIASES, upper) ? AGGREGATION_ALIASES[upper] : undefined;
}

export function isWindowUnit(lower: string): lower is (typeof WINDOW_UNITS)[number] {
  return (WINDOW_UNITS as readonly string[]).includes(lower);
}

const RESERVED = new Set<string>([
  ...CLAUSE_KEYWORDS,
  ...LOGICAL_KEYWORDS,
  ...OPERATOR_WORDS,
  ...CONSTANT_KEYWORDS,
  ...AGGREGATIONS,
]);

/** Whether an upper-cased word is a PQL keyword or aggregation name. */
export function isReservedWord(upper: string): boolean {
  return RESERVED.has(upper);
}
