import type { AggregationName, Condition } from '../../core/pql/ast';
import { formatCondition } from '../../core/pql/queryAnalysis';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import {
  FEATURE_PLAN_VERSION,
  type FeatureDef,
  type FeatureGroup,
  type FeaturePlan,
  type PathStep,
} from './FeaturePlan';
import type { LoadedColumn, LoadedGraph, LoadedTable } from './GraphTables';
import { pathName, relationalPaths } from './relationalPaths';

/** How many features to derive; run modes pick larger settings (see featurePlanOptionsForRunMode). */
export interface FeaturePlanOptions {
  /** Finite windows (days) for counts and means; "all history" is always added. */
  windowsDays: number[];
  /** Windows for sum/min/max and category counts (a subset keeps the feature count in check). */
  statWindowsDays: number[];
  /** Frequent values kept per categorical column. */
  maxCategories: number;
  /** Path length: 1 = neighbours only, 2 = neighbours of neighbours. */
  maxHops: number;
  /** Vocabularies only look at rows up to this ISO time (the last training anchor), never at later rows. */
  vocabularyCutoff?: string;
  /** Columns never used as features (a static target column, which would leak the label). */
  exclude?: { table: string; column: string }[];
  /** The query's target aggregations: their history up to the anchor becomes features (see TargetHistory). */
  targetHistory?: TargetHistory[];
  /** Temporal queries: the anchor's month and day of year (what happens next is often seasonal). */
  anchorCalendar?: boolean;
}

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

/**
 * Derives the feature plan for an entity table from the graph's structure and column types, and
 * from the data only for the category vocabularies (most frequent values). Nothing is specific to a
 * dataset: the same rules apply to every table, path and column.
 */
export async function deriveFeaturePlan(
  session: DuckDbSession,
  graph: LoadedGraph,
  entityTable: string,
  options: FeaturePlanOptions,
  signal?: AbortSignal,
): Promise<FeaturePlan> {
  const entity = graph.tables.get(entityTable);
  if (!entity) throw new Error(`entity table '${entityTable}' is not in the graph`);
  if (!entity.primaryKey) throw new Error(`entity table '${entityTable}' has no primary key`);
  const vocabularies = new VocabularyReader(session, options, signal);
  const excluded = new Set((options.exclude ?? []).map((c) => `${c.table}\u0000${c.column}`));
  const isExcluded = (table: string, col: string) => excluded.has(`${table}\u0000${col}`);
  const groups: FeatureGroup[] = [];

  groups.push({ kind: 'row', path: [], features: await rowFeatures(graph, entity, 0, '', vocabularies, isExcluded) });
  if (options.anchorCalendar) {
    groups.push({
      kind: 'anchor',
      path: [],
      features: [
        { name: 'anchor.month', kind: 'numeric', op: 'anchor_month', step: 0 },
        { name: 'anchor.day_of_year', kind: 'numeric', op: 'anchor_day_of_year', step: 0 },
      ],
    });
  }
  const paths = relationalPaths(graph, entityTable, options.maxHops);
  for (const path of paths) {
    const name = pathName(path, paths);
    const tables = [entity, ...path.map((s) => graph.tables.get(s.table)!)];
    const last = tables[tables.length - 1];
    if (path.every((s) => s.direction === 'parent')) {
      const features = await rowFeatures(graph, last, path.length, name, vocabularies, isExcluded, path);
      if (features.length > 0) groups.push({ kind: 'row', path, features });
      continue;
    }
    const eventStep = deepestTimedStep(tables);
    const features = await aggregateFeatures(graph, tables, path, eventStep, name, options, vocabularies, isExcluded);
    if (path.length === 1)
      features.push(...targetHistoryFeatures(path[0].table, name, eventStep !== undefined, options, features));
    if (features.length > 0)
      groups.push({ kind: 'aggregate', path, ...(eventStep !== undefined ? { eventStep } : {}), features });
  }
  for (const path of paths) {
    groups.push(...(await latestParentGroups(graph, path, pathName(path, paths), options, vocabularies, isExcluded)));
  }
  return { version: FEATURE_PLAN_VERSION, entityTable, entityKey: entity.primaryKey, groups };
}

/**
 * For a path child C -> dimension parent P (a parent without time column: a team, a store), the
 * recent activity of the parent the entity is with now (its latest C row's P): every timed child S
 * of P aggregated over finite windows. Pooling all of P's rows estimates what P brings (a team's
 * reliability, a store's traffic) better than the entity's own few rows.
 */
async function latestParentGroups(
  graph: LoadedGraph,
  path: PathStep[],
  prefix: string,
  options: FeaturePlanOptions,
  vocabularies: VocabularyReader,
  isExcluded: (table: string, col: string) => boolean,
): Promise<FeatureGroup[]> {
  if (path.length !== 2 || path[0].direction !== 'child' || path[1].direction !== 'parent') return [];
  const child = graph.tables.get(path[0].table);
  const parent = graph.tables.get(path[1].table);
  if (!child?.timeColumn || !parent || parent.timeColumn || !parent.primaryKey) return [];
  const groups: FeatureGroup[] = [];
  for (const edge of graph.edges.filter((e) => e.dstTable === parent.name)) {
    const events = graph.tables.get(edge.srcTable);
    if (!events?.timeColumn) continue;
    const fullPath: PathStep[] = [...path, { table: events.name, direction: 'child', fkey: edge.fkey }];
    const base = `${prefix}(latest)>${events.name}${events.name === child.name && edge.fkey !== path[1].fkey ? `(${edge.fkey})` : ''}`;
    const features: FeatureDef[] = [];
    const add = (f: Omit<FeatureDef, 'step'>) => features.push({ ...f, step: 3 });
    for (const w of options.windowsDays)
      add({ name: `${base}.count_${w}d`, kind: 'numeric', op: 'count', windowDays: w });
    for (const col of events.columns) {
      if (isExcluded(events.name, col.name) || col.name === events.primaryKey || col.name === edge.fkey) continue;
      if (col.name === events.timeColumn || col.name === events.endTimeColumn) continue;
      if (col.stype === 'numerical') {
        for (const w of options.windowsDays) {
          add({ name: `${base}.${col.name}.mean_${w}d`, kind: 'numeric', op: 'mean', column: col.name, windowDays: w });
        }
      } else if (col.stype === 'categorical' || isDimensionKey(graph, events.name, col.name)) {
        for (const category of await vocabularies.read(events, col)) {
          for (const w of options.statWindowsDays) {
            const name = `${base}.${col.name}=${category}.share_${w}d`;
            add({ name, kind: 'numeric', op: 'category_share', column: col.name, windowDays: w, category });
          }
        }
      }
    }
    groups.push({ kind: 'aggregate', path: fullPath, eventStep: 3, through: 'latest', features });
  }
  return groups;
}

function deepestTimedStep(tables: LoadedTable[]): number | undefined {
  for (let i = tables.length - 1; i >= 1; i--) if (tables[i].timeColumn) return i;
  return undefined;
}

/** Foreign keys of a table, by column. */
function foreignKeys(graph: LoadedGraph, table: string): Map<string, string> {
  return new Map(graph.edges.filter((e) => e.srcTable === table).map((e) => [e.fkey, e.dstTable]));
}

/**
 * A foreign key to a table without a time column points at a dimension (a status, a country, a
 * team): its values behave like categories. A key to a timed table (an order, a race) identifies
 * one event and would only make noise as a category.
 */
function isDimensionKey(graph: LoadedGraph, table: string, col: string): boolean {
  const target = foreignKeys(graph, table).get(col);
  return !!target && !graph.tables.get(target)?.timeColumn;
}

async function rowFeatures(
  graph: LoadedGraph,
  table: LoadedTable,
  step: number,
  prefix: string,
  vocabularies: VocabularyReader,
  isExcluded: (table: string, col: string) => boolean,
  path: PathStep[] = [],
): Promise<FeatureDef[]> {
  const features: FeatureDef[] = [];
  const name = (col: string, what: string) => `${prefix ? `${prefix}.` : ''}${col}${what ? `.${what}` : ''}`;
  const joinKeys = new Set(path.length > 0 ? [path[path.length - 1].fkey] : []);
  for (const col of table.columns) {
    if (isExcluded(table.name, col.name) || col.name === table.primaryKey || joinKeys.has(col.name)) continue;
    if (col.name === table.timeColumn || col.name === table.endTimeColumn || col.stype === 'timestamp') {
      features.push({ name: name(col.name, 'days_since'), kind: 'numeric', op: 'days_since', step, column: col.name });
    } else if (col.stype === 'numerical') {
      features.push({ name: name(col.name, ''), kind: 'numeric', op: 'value', step, column: col.name });
    } else if (col.stype === 'categorical' || (step === 0 && isDimensionKey(graph, table.name, col.name))) {
      const vocabulary = await vocabularies.read(table, col);
      if (vocabulary.length > 0) {
        features.push({
          name: name(col.name, 'category'),
          kind: 'categorical',
          op: 'category_code',
          step,
          column: col.name,
          vocabulary,
        });
      }
    }
  }
  return features;
}

async function aggregateFeatures(
  graph: LoadedGraph,
  tables: LoadedTable[],
  path: PathStep[],
  eventStep: number | undefined,
  prefix: string,
  options: FeaturePlanOptions,
  vocabularies: VocabularyReader,
  isExcluded: (table: string, col: string) => boolean,
): Promise<FeatureDef[]> {
  const step = tables.length - 1;
  const table = tables[step];
  const timed = eventStep !== undefined;
  const lastIsParent = path[path.length - 1].direction === 'parent';
  const windows: (number | undefined)[] = timed ? [...options.windowsDays, undefined] : [undefined];
  const statWindows: (number | undefined)[] = timed ? [...options.statWindowsDays, undefined] : [undefined];
  // A parent reached through a child repeats the child's rows: counts and recency would only copy the child's.
  const parentWindows = timed ? [options.windowsDays[options.windowsDays.length - 1], undefined] : [undefined];
  const features: FeatureDef[] = [];
  const suffix = (w: number | undefined) => (w === undefined ? 'all' : `${w}d`);
  const add = (f: Omit<FeatureDef, 'step'>) => features.push({ ...f, step });

  if (!lastIsParent) {
    for (const w of windows) add({ name: `${prefix}.count_${suffix(w)}`, kind: 'numeric', op: 'count', windowDays: w });
    if (timed && eventStep === step) {
      add({ name: `${prefix}.days_since_last`, kind: 'numeric', op: 'days_since_last' });
      add({ name: `${prefix}.days_since_first`, kind: 'numeric', op: 'days_since_first' });
    }
  }
  const joinKeys = new Set([path[path.length - 1].fkey]);
  for (const col of table.columns) {
    if (isExcluded(table.name, col.name) || col.name === table.primaryKey || joinKeys.has(col.name)) continue;
    if (col.name === table.timeColumn || col.name === table.endTimeColumn) continue;
    const base = `${prefix}.${col.name}`;
    if (col.stype === 'numerical') {
      for (const w of lastIsParent ? parentWindows : windows) {
        add({ name: `${base}.mean_${suffix(w)}`, kind: 'numeric', op: 'mean', column: col.name, windowDays: w });
      }
      if (!lastIsParent) {
        for (const w of statWindows) {
          for (const op of ['sum', 'min', 'max'] as const) {
            add({ name: `${base}.${op}_${suffix(w)}`, kind: 'numeric', op, column: col.name, windowDays: w });
          }
        }
        if (timed) add({ name: `${base}.last`, kind: 'numeric', op: 'last', column: col.name });
      }
    } else if (col.stype === 'categorical' || isDimensionKey(graph, table.name, col.name)) {
      const vocabulary = await vocabularies.read(table, col);
      if (vocabulary.length === 0) continue;
      for (const category of vocabulary) {
        for (const w of lastIsParent ? parentWindows : statWindows) {
          const name = `${base}=${category}`;
          add({
            name: `${name}.count_${suffix(w)}`,
            kind: 'numeric',
            op: 'category_count',
            column: col.name,
            windowDays: w,
            category,
          });
          add({
            name: `${name}.share_${suffix(w)}`,
            kind: 'numeric',
            op: 'category_share',
            column: col.name,
            windowDays: w,
            category,
          });
        }
      }
      if (timed && !lastIsParent) {
        add({ name: `${base}.last`, kind: 'categorical', op: 'last_category', column: col.name, vocabulary });
      }
    }
  }
  return features;
}

/** Reads (and caches) a column's most frequent values, as DuckDB prints them. */
class VocabularyReader {
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly session: DuckDbSession,
    private readonly options: FeaturePlanOptions,
    private readonly signal?: AbortSignal,
  ) {}

  async read(table: LoadedTable, col: LoadedColumn): Promise<string[]> {
    const key = `${table.name}\u0000${col.name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const value = `CAST(${sqlIdent(col.name)} AS VARCHAR)`;
    const conditions = [`${sqlIdent(col.name)} IS NOT NULL`];
    if (this.options.vocabularyCutoff && table.timeColumn) {
      conditions.push(
        `${sqlIdent(table.timeColumn)} <= CAST(${sqlString(this.options.vocabularyCutoff)} AS TIMESTAMP)`,
      );
    }
    // Ties in frequency are broken by value, so the vocabulary (and the model) is the same on every run.
    const rows = await this.session.rows(
      `SELECT ${value} AS v, count(*) AS n FROM ${sqlIdent(table.relation)} WHERE ${conditions.join(' AND ')} ` +
        `GROUP BY v HAVING count(*) >= 2 ORDER BY n DESC, v LIMIT ${this.options.maxCategories}`,
      this.signal,
    );
    const vocabulary = rows.map((r) => String(r.v));
    this.cache.set(key, vocabulary);
    return vocabulary;
  }
}

const SPAN = { start: 0, end: 0 };

function targetHistoryFeatures(
  table: string,
  prefix: string,
  timed: boolean,
  options: FeaturePlanOptions,
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
