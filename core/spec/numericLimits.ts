import type { TimeUnit } from '../pql/ast';

/**
 * The numbers a spec or a query may hold, bounded to what the engine can run (docs/spec-format.md, "Numeric
 * limits"). `schemas/*.json` repeats the spec-side maxima (a test keeps them equal); every bound is reported
 * at the number with `number-out-of-range` or a `schema` error, before anything reaches SQL or date math.
 */

/**
 * The longest time span a window or a step may cover: 100 years. Business histories fit (and `-INF` starts a
 * window at the beginning of all data); an anchor plus or minus this stays inside every date type on the way
 * (JavaScript Date, DuckDB TIMESTAMP, pandas Timestamp in Kumo).
 */
export const MAX_SPAN_DAYS = 36_525;

/** The largest window offset per unit: MAX_SPAN_DAYS in that unit, rounded down (months: 100 years). */
export const MAX_WINDOW_OFFSET: Readonly<Record<TimeUnit, number>> = {
  seconds: MAX_SPAN_DAYS * 86_400,
  minutes: MAX_SPAN_DAYS * 1_440,
  hours: MAX_SPAN_DAYS * 24,
  days: MAX_SPAN_DAYS,
  weeks: Math.floor(MAX_SPAN_DAYS / 7),
  months: 1_200,
};

/** `train.timeframe_step`: days between anchors, at most MAX_SPAN_DAYS. */
export const MAX_TIMEFRAME_STEP_DAYS = MAX_SPAN_DAYS;

/** `RANK TOP k` and `num_classes_to_return`: classes or items returned per entity. */
export const MAX_CLASSES_PER_ENTITY = 1_000;

/**
 * Dates (anchor times, training-table times, PQL date constants) lie in the range of a pandas Timestamp,
 * which Kumo uses for anchor times (nanoseconds since the epoch in 64 bits: 1677-09-21 to 2262-04-11),
 * rounded in to whole years.
 */
export const EARLIEST_DATE = { year: 1678, text: '1678-01-01' } as const;
export const LATEST_DATE = { year: 2261, text: '2261-12-31' } as const;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const DATE_PARTS = /^(\d{4,})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?/;

/**
 * Why a date as written (`2010-01-31`, `2010-01-31 12:00:00`, with an optional zone) cannot be an instant the
 * engine runs at, or undefined when it can. Text that is not date-shaped is the schema's or the parser's to report.
 */
export function dateProblem(text: string): string | undefined {
  const match = DATE_PARTS.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map((part) => (part === undefined ? undefined : Number(part)));
  const year = y as number;
  const month = mo as number;
  const day = d as number;
  if (month < 1 || month > 12) return `month ${month} does not exist (months run from 1 to 12)`;
  const days = new Date(Date.UTC(2000, month, 0)).getUTCDate(); // a leap year: February has 29
  const daysInMonth = month === 2 && !isLeapYear(year) ? 28 : days;
  if (day < 1 || day > daysInMonth) {
    return `day ${day} does not exist in ${MONTH_NAMES[month - 1]} ${year} (it has ${daysInMonth} days)`;
  }
  if (h !== undefined && h > 23) return `hour ${h} does not exist (hours run from 0 to 23)`;
  if (mi !== undefined && mi > 59) return `minute ${mi} does not exist (minutes run from 0 to 59)`;
  if (s !== undefined && s > 59) return `second ${s} does not exist (seconds run from 0 to 59)`;
  if (year < EARLIEST_DATE.year || year > LATEST_DATE.year) {
    return `the year ${year} is outside the dates Relgraph runs at (${EARLIEST_DATE.text} to ${LATEST_DATE.text})`;
  }
  return undefined;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
