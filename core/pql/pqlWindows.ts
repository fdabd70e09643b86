import type { TimeUnit, TimeWindow } from './ast';

/**
 * Window arithmetic: a window `(start, end, unit)` at anchor time t covers `(t + start, t + end]`
 * (left-open, right-closed). Dates are handled in UTC so that results never depend on the machine's zone.
 */

const MILLISECONDS_PER_UNIT: Record<Exclude<TimeUnit, 'months'>, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** Average Gregorian month, for the rare places that need a window's length as a number of days. */
const DAYS_PER_MONTH = 365.2425 / 12;

/**
 * `anchor + offset units`. Months are calendar months that keep the day of month and clamp it to the
 * target month's last day (Jan 31 + 1 month = Feb 28/29), as pandas' DateOffset and DuckDB's interval
 * arithmetic do, so local windows match what the engine's SQL selects.
 */
export function addWindowOffset(anchor: Date, offset: number, unit: TimeUnit): Date {
  if (unit !== 'months') return new Date(anchor.getTime() + offset * MILLISECONDS_PER_UNIT[unit]);
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + offset;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = new Date(anchor.getTime());
  shifted.setUTCFullYear(year, month, Math.min(anchor.getUTCDate(), lastDay));
  return shifted;
}

/**
 * The instants a window selects at `anchor`: rows with `after < time <= upTo`. `after` is undefined for
 * a `-INF` start (all history).
 */
export function windowBounds(window: TimeWindow, anchor: Date): { after?: Date; upTo: Date } {
  return {
    after: window.start === -Infinity ? undefined : addWindowOffset(anchor, window.start, window.unit),
    upTo: addWindowOffset(anchor, window.end, window.unit),
  };
}

/** One unit in days (months as the average Gregorian month). */
export function timeUnitInDays(unit: TimeUnit): number {
  return unit === 'months' ? DAYS_PER_MONTH : MILLISECONDS_PER_UNIT[unit] / MILLISECONDS_PER_UNIT.days;
}

/** The window's length in days (Infinity for a `-INF` start). */
export function windowLengthInDays(window: TimeWindow): number {
  return (window.end - window.start) * timeUnitInDays(window.unit);
}
