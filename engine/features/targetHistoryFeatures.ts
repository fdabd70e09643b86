import type { AggregationName, Condition } from '../../core/pql/ast';
import { formatCondition } from '../../core/pql/queryAnalysis';
import type { FeatureDef } from './FeaturePlan';

/**
 * A target aggregation replayed over the past: the same aggregation (and filter) over windows that
 * end at the anchor, and the target's comparison applied to single rows, counted. For
 * `COUNT(results.* WHERE results.statusId != 1, 0, 30) > 0` that is the driver's past non-finishes
 * and their share of all results; for `MIN(qualifying.position, 0, 30) <= 3`, past top-3 sessions.
 * Only for fact tables that are direct children of the entity table.
 */
export interface TargetHistory {
  table: string;
  /** `*` for COUNT(t.*). */
  column: string;
  fn: AggregationName;
  filter?: Condition;
  /** `t.c op constant` for a target `AGG(t.c ...) op constant`. */
  rowCondition?: Condition;
  /** The target window in days: its values a year before the anchor become features too. */
  window?: { startDays: number; endDays: number };
}

/** How far back the seasonal copy of the target window lies. */
const SEASON_DAYS = 365;

const SPAN = { start: 0, end: 0 };

/** Features replaying the query's target over the past, for the direct child table `table` (path step 1). */
export function targetHistoryFeatures(
  table: string,
  prefix: string,
  timed: boolean,
  options: { windowsDays: number[]; targetHistory?: TargetHistory[] },
  existing: FeatureDef[],
): FeatureDef[] {
  const windows: (number | undefined)[] = timed ? [...options.windowsDays, undefined] : [undefined];
  const suffix = (w: number | undefined) => (w === undefined ? 'all' : `${w}d`);
  const names = new Set(existing.map((f) => f.name));
  const features: FeatureDef[] = [];
  const add = (f: Omit<FeatureDef, 'step' | 'kind'>) => {
    if (names.has(f.name)) return;
    names.add(f.name);
    features.push({ ...f, step: 1, kind: 'numeric' });
  };
  for (const target of options.targetHistory ?? []) {
    if (target.table !== table) continue;
    const label = (condition: Condition) => `${prefix}[${formatCondition(condition)}]`;
    const rowFilters: Condition[] = [];
    if (target.filter) rowFilters.push(target.filter);
    if (target.rowCondition) {
      rowFilters.push(
        target.filter
          ? { kind: 'and', left: target.filter, right: target.rowCondition, span: SPAN }
          : target.rowCondition,
      );
    }
    const season = timed && target.window && target.window.endDays <= SEASON_DAYS ? target.window : undefined;
    if (season) {
      // The same window a year earlier: how the target looked last season.
      const windowDays = season.endDays - season.startDays;
      const lagDays = SEASON_DAYS - season.endDays;
      add({ name: `${prefix}.count_lag${SEASON_DAYS}d`, op: 'count', windowDays, lagDays });
      for (const filter of rowFilters)
        add({ name: `${label(filter)}.count_lag${SEASON_DAYS}d`, op: 'count', windowDays, lagDays, filter });
    }
    for (const filter of rowFilters) {
      for (const w of windows) {
        add({ name: `${label(filter)}.count_${suffix(w)}`, op: 'count', windowDays: w, filter });
        add({ name: `${label(filter)}.share_${suffix(w)}`, op: 'share', windowDays: w, filter });
      }
      if (timed) add({ name: `${label(filter)}.days_since_last`, op: 'days_since_last', filter });
    }
    const op = { SUM: 'sum', AVG: 'mean', MIN: 'min', MAX: 'max' }[target.fn as string] as FeatureDef['op'] | undefined;
    if (op && target.column !== '*') {
      const base = target.filter ? `${label(target.filter)}.${target.column}` : `${prefix}.${target.column}`;
      const filter = target.filter ? { filter: target.filter } : {};
      for (const w of windows)
        add({ name: `${base}.${op}_${suffix(w)}`, op, column: target.column, windowDays: w, ...filter });
      if (season) {
        const windowDays = season.endDays - season.startDays;
        const lagDays = SEASON_DAYS - season.endDays;
        add({ name: `${base}.${op}_lag${SEASON_DAYS}d`, op, column: target.column, windowDays, lagDays, ...filter });
      }
    }
  }
  return features;
}
