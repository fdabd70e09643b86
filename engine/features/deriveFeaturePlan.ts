import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import { isKeyLike } from './columnRoles';
import {
  currentParentGroups,
  targetHistoryGroup,
  type CompactFeatureOptions,
  type TargetHistory,
} from './compactFeatures';
import {
  FEATURE_PLAN_VERSION,
  type FeatureDef,
  type FeatureGroup,
  type FeaturePlan,
  type PathStep,
} from './FeaturePlan';
import type { LoadedColumn, LoadedGraph, LoadedTable } from './GraphTables';
import { latestParentGroups } from './latestParentFeatures';
import { pathName, relationalPaths } from './relationalPaths';
import { isDimensionKey, VocabularyReader } from './vocabularies';

/** How many features to derive; run modes pick larger settings (see engine/training/trainingPresets). */
export interface FeaturePlanOptions {
  /** Finite windows (days) of the wide aggregates (counts, means); "all history" is always added. */
  windowsDays: number[];
  /** Windows for sum/min/max and category counts (a subset keeps the feature count in check). */
  statWindowsDays: number[];
  /** Frequent values kept per categorical column. */
  maxCategories: number;
  /**
   * Per-value counts and shares only for categorical columns with at most this many distinct values; more
   * diverse columns (names, cities) would add dozens of sparse features each and only give their latest value.
   */
  maxShareCardinality: number;
  /** Path length: 1 = neighbours only, 2 = neighbours of neighbours. */
  maxHops: number;
  /** The wide families (parents, aggregates over every path, the latest parent's activity); false: compact only. */
  wide: boolean;
  /** The compact families (target history, current parent); see compactFeatures. */
  compact: Omit<CompactFeatureOptions, 'targetHistory'>;
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
 * Derives the feature plan for an entity table from the graph's structure and column types, and
 * from the data only for the category vocabularies (most frequent values). Nothing is specific to a
 * dataset: the same rules apply to every table, path and column. Families come compact first (the
 * entity's own columns, its target history, its current parent's), then the wide ones; a name is
 * never derived twice, so a wide feature that repeats a compact one is left out.
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
  const context: DeriveContext = {
    graph,
    options,
    vocabularies: new VocabularyReader(session, options, signal),
    excluded: new Set((options.exclude ?? []).map((c) => `${c.table}\u0000${c.column}`)),
  };
  const groups = new GroupList();
  groups.add({ kind: 'row', family: 'entity', path: [], features: await rowFeatures(context, entity, 0, '') });

  const paths = relationalPaths(graph, entityTable, options.maxHops);
  const compact = { ...options.compact, targetHistory: options.targetHistory };
  for (const path of paths) groups.add(targetHistoryGroup(graph, path, pathName(path, paths), compact));
  const isAffiliation = (fact: string, entityKey: string, parentKey: string) =>
    keepsParent(session, graph, fact, entityKey, parentKey, options.vocabularyCutoff, signal);
  for (const path of paths) {
    groups.addAll(await currentParentGroups(graph, path, pathName(path, paths), compact, isAffiliation));
  }
  if (options.anchorCalendar) {
    groups.add({
      kind: 'anchor',
      family: 'anchor',
      path: [],
      features: [
        { name: 'anchor.month', kind: 'numeric', op: 'anchor_month', step: 0 },
        { name: 'anchor.day_of_year', kind: 'numeric', op: 'anchor_day_of_year', step: 0 },
      ],
    });
  }
  if (!options.wide) return plan(entity, groups.list);

  for (const path of paths) {
    const name = pathName(path, paths);
    const tables = [entity, ...path.map((s) => graph.tables.get(s.table)!)];
    const last = tables[tables.length - 1];
    if (path.every((s) => s.direction === 'parent')) {
      groups.add({
        kind: 'row',
        family: 'parents',
        path,
        features: await rowFeatures(context, last, path.length, name, path),
      });
      continue;
    }
    const eventStep = deepestTimedStep(tables);
    groups.add({
      kind: 'aggregate',
      family: 'aggregates',
      path,
      ...(eventStep !== undefined ? { eventStep } : {}),
      features: await aggregateFeatures(context, tables, path, eventStep, name),
    });
  }
  for (const path of paths) {
    groups.addAll(
      await latestParentGroups(
        graph,
        path,
        pathName(path, paths),
        options,
        (table, col) => shareVocabulary(context, table, col),
        (table, col) => isUsable(context, table, col),
        isAffiliation,
      ),
    );
  }
  return plan(entity, groups.list);
}

/** Entities keep the parent from one fact row to their next at least this often for it to be "current". */
const AFFILIATION_STICKINESS = 0.5;

/**
 * Whether an entity's consecutive rows of `fact` mostly share the parent key (rows up to the cutoff): a
 * team a driver drives for, a store a customer returns to; not a per-event attribute such as a status.
 */
async function keepsParent(
  session: DuckDbSession,
  graph: LoadedGraph,
  factName: string,
  entityKey: string,
  parentKey: string,
  cutoff: string | undefined,
  signal?: AbortSignal,
): Promise<boolean> {
  const fact = graph.tables.get(factName);
  if (!fact?.timeColumn) return false;
  const time = sqlIdent(fact.timeColumn);
  const order = fact.primaryKey ? `${time}, ${sqlIdent(fact.primaryKey)}` : time;
  const where = cutoff ? `WHERE ${time} <= CAST(${sqlString(cutoff)} AS TIMESTAMP)` : '';
  const [row] = await session.rows(
    `SELECT avg(CASE WHEN v = previous THEN 1.0 ELSE 0.0 END) AS kept FROM (SELECT ${sqlIdent(parentKey)} AS v, ` +
      `lag(${sqlIdent(parentKey)}) OVER (PARTITION BY ${sqlIdent(entityKey)} ORDER BY ${order}) AS previous ` +
      `FROM ${sqlIdent(fact.relation)} ${where}) WHERE previous IS NOT NULL AND v IS NOT NULL`,
    signal,
  );
  return row.kept !== null && Number(row.kept) >= AFFILIATION_STICKINESS;
}

function plan(entity: LoadedTable, groups: FeatureGroup[]): FeaturePlan {
  return { version: FEATURE_PLAN_VERSION, entityTable: entity.name, entityKey: entity.primaryKey!, groups };
}

interface DeriveContext {
  graph: LoadedGraph;
  options: FeaturePlanOptions;
  vocabularies: VocabularyReader;
  excluded: Set<string>;
}

/** Groups in plan order; a feature whose name an earlier group already has is dropped, empty groups too. */
class GroupList {
  readonly list: FeatureGroup[] = [];
  private readonly names = new Set<string>();

  add(group: FeatureGroup | undefined): void {
    if (!group) return;
    const features = group.features.filter((f) => !this.names.has(f.name));
    if (features.length === 0) return;
    for (const f of features) this.names.add(f.name);
    this.list.push({ ...group, features });
  }

  addAll(groups: FeatureGroup[]): void {
    for (const group of groups) this.add(group);
  }
}

function isUsable(context: DeriveContext, table: LoadedTable, col: LoadedColumn): boolean {
  return !context.excluded.has(`${table.name}\u0000${col.name}`) && col.name !== table.primaryKey;
}

/** A column read as categories: categorical stype, a key to a dimension table, or a key to a table not in the graph. */
function isCategoryLike(context: DeriveContext, table: LoadedTable, col: LoadedColumn): boolean {
  if (col.stype === 'categorical') return true;
  if (!isKeyLike(context.graph, table, col)) return false;
  const target = context.graph.edges.find((e) => e.srcTable === table.name && e.fkey === col.name)?.dstTable;
  return target === undefined ? col.name !== table.primaryKey : isDimensionKey(context.graph, table.name, col.name);
}

/** The vocabulary for per-value counts and shares: empty when the column has too many distinct values. */
async function shareVocabulary(context: DeriveContext, table: LoadedTable, col: LoadedColumn): Promise<string[]> {
  if (!isCategoryLike(context, table, col)) return [];
  const vocabulary = await context.vocabularies.describe(table, col);
  return vocabulary.distinctCount <= context.options.maxShareCardinality ? vocabulary.values : [];
}

function deepestTimedStep(tables: LoadedTable[]): number | undefined {
  for (let i = tables.length - 1; i >= 1; i--) if (tables[i].timeColumn) return i;
  return undefined;
}

async function rowFeatures(
  context: DeriveContext,
  table: LoadedTable,
  step: number,
  prefix: string,
  path: PathStep[] = [],
): Promise<FeatureDef[]> {
  const features: FeatureDef[] = [];
  const name = (col: string, what: string) => `${prefix ? `${prefix}.` : ''}${col}${what ? `.${what}` : ''}`;
  const joinKeys = new Set(path.length > 0 ? [path[path.length - 1].fkey] : []);
  for (const col of table.columns) {
    if (!isUsable(context, table, col) || joinKeys.has(col.name)) continue;
    if (col.name === table.timeColumn || col.name === table.endTimeColumn || col.stype === 'timestamp') {
      features.push({ name: name(col.name, 'days_since'), kind: 'numeric', op: 'days_since', step, column: col.name });
    } else if (col.stype === 'numerical' && !isKeyLike(context.graph, table, col)) {
      features.push({ name: name(col.name, ''), kind: 'numeric', op: 'value', step, column: col.name });
    } else if (col.stype === 'categorical' || (step === 0 && isCategoryLike(context, table, col))) {
      const vocabulary = await context.vocabularies.read(table, col);
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
  context: DeriveContext,
  tables: LoadedTable[],
  path: PathStep[],
  eventStep: number | undefined,
  prefix: string,
): Promise<FeatureDef[]> {
  const { options, graph } = context;
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
    if (!isUsable(context, table, col) || joinKeys.has(col.name)) continue;
    if (col.name === table.timeColumn || col.name === table.endTimeColumn) continue;
    const base = `${prefix}.${col.name}`;
    if (col.stype === 'numerical' && !isKeyLike(graph, table, col)) {
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
    } else if (isCategoryLike(context, table, col)) {
      for (const category of await shareVocabulary(context, table, col)) {
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
        const vocabulary = await context.vocabularies.read(table, col);
        if (vocabulary.length > 0) {
          add({ name: `${base}.last`, kind: 'categorical', op: 'last_category', column: col.name, vocabulary });
        }
      }
    }
  }
  return features;
}
