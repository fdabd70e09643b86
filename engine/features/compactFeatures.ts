import type { AggregationName, Condition } from '../../core/pql/ast';
import { formatCondition } from '../../core/pql/queryAnalysis';
import { isKeyLike } from './columnRoles';
import type { FeatureDef, FeatureGroup, PathStep } from './FeaturePlan';
import type { LoadedGraph } from './GraphTables';

/**
 * The compact feature families: the query's own target replayed over the past, first for the entity
 * itself (`target_history`), then for every row of the entity's current parent (`current_parent`: the
 * team of the driver's latest result, the store of the customer's latest order). A few dozen dense
 * features that say most of what the wide aggregates say, in a form both the trees and a linear
 * model read well. For `COUNT(results.* WHERE results.statusId != 1, 0, 30) > 0` that is the driver's
 * past non-finish rate over several windows and over the last 1, 3, 5 and 10 races, how long since the
 * last one, whether it is rising, and the same rate for the driver's current team.
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

export interface CompactFeatureOptions {
  /** Finite windows (days) of the entity's own history; "all history" is added. */
  historyWindowsDays: number[];
  /** How many of the latest events the last-K features look at. */
  lastK: number[];
  /** MIN / MAX targets: the mean of the k best values in the past year. */
  bestK: number[];
  /** Windows (days) of the current parent's rows. */
  parentWindowsDays: number[];
  targetHistory?: TargetHistory[];
}

/** How far back the seasonal copy of the target window lies. */
const SEASON_DAYS = 365;
/** best_k_mean looks at the past year: recent form, as the naive baselines do. */
const BEST_K_WINDOW_DAYS = 365;
/** trend compares the latest TREND_RECENT_K events with the latest TREND_BASE_K. */
const TREND_RECENT_K = 3;
const TREND_BASE_K = 10;
const SPAN = { start: 0, end: 0 };
const AGGREGATE_OPS: Partial<Record<AggregationName, FeatureDef['op']>> = {
  SUM: 'sum',
  AVG: 'mean',
  MIN: 'min',
  MAX: 'max',
};

/**
 * The entity's own target history over the fact table `path[0]` (a timed direct child of the entity):
 * for each row filter of the target (its WHERE filter, and the target's comparison applied to single
 * rows), counts and shares in windows, the share over the last K events, days since the last match
 * and the trend; for the target column, its aggregate in windows, over the last K events, the best k
 * values (MIN / MAX targets) and the trend; the fact table's other numeric columns over the last K
 * events; the target window a year before. Undefined when the query replays nothing over this table.
 */
export function targetHistoryGroup(
  graph: LoadedGraph,
  path: PathStep[],
  prefix: string,
  options: CompactFeatureOptions,
): FeatureGroup | undefined {
  const fact = graph.tables.get(path[0]?.table ?? '');
  if (path.length !== 1 || path[0].direction !== 'child' || !fact?.timeColumn) return undefined;
  const targets = (options.targetHistory ?? []).filter((t) => t.table === fact.name);
  if (targets.length === 0) return undefined;
  const features = new FeatureList(1);
  const windows: (number | undefined)[] = [...options.historyWindowsDays, undefined];
  const suffix = (w: number | undefined) => (w === undefined ? 'all' : `${w}d`);
  const label = (condition: Condition) => `${prefix}[${formatCondition(condition)}]`;
  for (const w of windows) features.add({ name: `${prefix}.count_${suffix(w)}`, op: 'count', windowDays: w });
  features.add({ name: `${prefix}.days_since_last`, op: 'days_since_last' });
  const targetColumns = new Set<string>();
  for (const target of targets) {
    const season = target.window && target.window.endDays <= SEASON_DAYS ? target.window : undefined;
    const lag = season
      ? { windowDays: season.endDays - season.startDays, lagDays: SEASON_DAYS - season.endDays }
      : undefined;
    if (lag) features.add({ name: `${prefix}.count_lag${SEASON_DAYS}d`, op: 'count', ...lag });
    for (const filter of rowFilters(target)) {
      const name = label(filter);
      for (const w of windows) {
        features.add({ name: `${name}.count_${suffix(w)}`, op: 'count', windowDays: w, filter });
        features.add({ name: `${name}.share_${suffix(w)}`, op: 'share', windowDays: w, filter });
      }
      for (const k of options.lastK)
        features.add({ name: `${name}.share_last${k}`, op: 'last_k_share', lastK: k, filter });
      features.add({ name: `${name}.days_since_last`, op: 'days_since_last', filter });
      features.add({ name: `${name}.trend`, op: 'trend', lastK: TREND_RECENT_K, trendBaseK: TREND_BASE_K, filter });
      if (lag) features.add({ name: `${name}.count_lag${SEASON_DAYS}d`, op: 'count', ...lag, filter });
    }
    const op = AGGREGATE_OPS[target.fn];
    if (!op || target.column === '*') continue;
    targetColumns.add(target.column);
    const base = target.filter ? `${label(target.filter)}.${target.column}` : `${prefix}.${target.column}`;
    const column = { column: target.column, ...(target.filter ? { filter: target.filter } : {}) };
    for (const w of windows) features.add({ name: `${base}.${op}_${suffix(w)}`, op, windowDays: w, ...column });
    for (const k of options.lastK)
      features.add({ name: `${base}.mean_last${k}`, op: 'last_k_mean', lastK: k, ...column });
    features.add({ name: `${base}.trend`, op: 'trend', lastK: TREND_RECENT_K, trendBaseK: TREND_BASE_K, ...column });
    if (target.fn === 'MIN' || target.fn === 'MAX') {
      const bestOrder = target.fn === 'MIN' ? 'min' : 'max';
      for (const k of options.bestK) {
        features.add({
          name: `${base}.best${k}_mean_${BEST_K_WINDOW_DAYS}d`,
          op: 'best_k_mean',
          bestK: k,
          bestOrder,
          windowDays: BEST_K_WINDOW_DAYS,
          ...column,
        });
      }
    }
    if (lag) features.add({ name: `${base}.${op}_lag${SEASON_DAYS}d`, op, ...lag, ...column });
  }
  // The fact table's other measurements over the latest events (a driver's recent grid slots and points).
  for (const col of fact.columns) {
    if (col.stype !== 'numerical' || targetColumns.has(col.name) || isKeyLike(graph, fact, col)) continue;
    if (col.name === fact.timeColumn || col.name === fact.endTimeColumn) continue;
    for (const k of options.lastK) {
      features.add({ name: `${prefix}.${col.name}.mean_last${k}`, op: 'last_k_mean', lastK: k, column: col.name });
    }
  }
  return { kind: 'aggregate', family: 'target_history', path, eventStep: 1, features: features.list };
}

/**
 * The target replayed over the entity's current parent: for each foreign key of the fact table to a
 * dimension parent (a table without time column: a team, a store) that entities stay with (`isAffiliation`:
 * consecutive fact rows of an entity mostly share it, as a driver's team does and a race's finishing
 * status does not), the parent of the entity's latest fact row as of the anchor, and over all of that parent's fact rows in the parent windows: row counts,
 * the shares of the target's row filters (the team's non-finish rate) and the target column's
 * aggregate (the team's mean finishing position), plus both over the parent's last K rows of the past
 * year. A foreign key the target's own filter reads (`statusId` in `statusId != 1`) is skipped: grouping
 * by it would only restate the label's definition.
 */
export async function currentParentGroups(
  graph: LoadedGraph,
  path: PathStep[],
  prefix: string,
  options: CompactFeatureOptions,
  isAffiliation: (fact: string, entityKey: string, parentKey: string) => Promise<boolean>,
): Promise<FeatureGroup[]> {
  const fact = graph.tables.get(path[0]?.table ?? '');
  if (path.length !== 1 || path[0].direction !== 'child' || !fact?.timeColumn) return [];
  const targets = (options.targetHistory ?? []).filter((t) => t.table === fact.name);
  const windows = options.parentWindowsDays.filter((w) => Number.isFinite(w) && w > 0);
  if (targets.length === 0 || windows.length === 0) return [];
  const longest = Math.max(...windows);
  const lastK = Math.max(...options.lastK);
  const readByTarget = new Set(targets.flatMap((t) => rowFilters(t).flatMap(columnsOf)));
  const groups: FeatureGroup[] = [];
  for (const edge of graph.edges.filter((e) => e.srcTable === fact.name && e.fkey !== path[0].fkey)) {
    const parent = graph.tables.get(edge.dstTable);
    if (!parent?.primaryKey || parent.timeColumn || readByTarget.has(edge.fkey)) continue;
    if (!(await isAffiliation(fact.name, path[0].fkey, edge.fkey))) continue;
    const fullPath: PathStep[] = [
      path[0],
      { table: parent.name, direction: 'parent', fkey: edge.fkey },
      { table: fact.name, direction: 'child', fkey: edge.fkey },
    ];
    const base = `${prefix}>${parent.name}(current)>${fact.name}`;
    const features = new FeatureList(3);
    for (const w of windows) features.add({ name: `${base}.count_${w}d`, op: 'count', windowDays: w });
    for (const target of targets) {
      for (const filter of rowFilters(target)) {
        const name = `${base}[${formatCondition(filter)}]`;
        for (const w of windows) features.add({ name: `${name}.share_${w}d`, op: 'share', windowDays: w, filter });
        features.add({ name: `${name}.share_last${lastK}`, op: 'last_k_share', lastK, windowDays: longest, filter });
      }
      const op = AGGREGATE_OPS[target.fn];
      if (!op || target.column === '*') continue;
      const name = target.filter
        ? `${base}[${formatCondition(target.filter)}].${target.column}`
        : `${base}.${target.column}`;
      const column = { column: target.column, ...(target.filter ? { filter: target.filter } : {}) };
      for (const w of windows) features.add({ name: `${name}.mean_${w}d`, op: 'mean', windowDays: w, ...column });
      features.add({ name: `${name}.mean_last${lastK}`, op: 'last_k_mean', lastK, windowDays: longest, ...column });
    }
    // The parent's other measurements (a team's grid slots and points) over its latest rows.
    for (const col of fact.columns) {
      if (col.stype !== 'numerical' || isKeyLike(graph, fact, col)) continue;
      const name = `${base}.${col.name}.mean_last${lastK}`;
      features.add({ name, op: 'last_k_mean', lastK, windowDays: longest, column: col.name });
    }
    groups.push({
      kind: 'aggregate',
      family: 'current_parent',
      path: fullPath,
      eventStep: 3,
      through: 'latest',
      features: features.list,
    });
  }
  return groups;
}

/** The target's row filters: its WHERE filter, and that filter with the target's comparison on single rows. */
function rowFilters(target: TargetHistory): Condition[] {
  const filters: Condition[] = [];
  if (target.filter) filters.push(target.filter);
  if (target.rowCondition) {
    filters.push(
      target.filter
        ? { kind: 'and', left: target.filter, right: target.rowCondition, span: SPAN }
        : target.rowCondition,
    );
  }
  return filters;
}

function columnsOf(condition: Condition): string[] {
  switch (condition.kind) {
    case 'comparison':
      return condition.left.kind === 'column' ? [condition.left.column] : [];
    case 'not':
      return columnsOf(condition.operand);
    case 'and':
    case 'or':
      return [...columnsOf(condition.left), ...columnsOf(condition.right)];
    default:
      return [];
  }
}

/** Numeric features at one path step, each name once (later duplicates are dropped). */
class FeatureList {
  readonly list: FeatureDef[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly step: number) {}

  add(feature: Omit<FeatureDef, 'step' | 'kind'>): void {
    if (this.names.has(feature.name)) return;
    this.names.add(feature.name);
    this.list.push({ ...feature, step: this.step, kind: 'numeric' });
  }
}
