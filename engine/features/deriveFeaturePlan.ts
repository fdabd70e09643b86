import type { DuckDbSession } from '../../data/DuckDbSession';
import {
  FEATURE_PLAN_VERSION,
  type FeatureDef,
  type FeatureGroup,
  type FeaturePlan,
  type PathStep,
} from './FeaturePlan';
import type { LoadedGraph, LoadedTable } from './GraphTables';
import { latestParentGroups } from './latestParentFeatures';
import { pathName, relationalPaths } from './relationalPaths';
import { targetHistoryFeatures, type TargetHistory } from './targetHistoryFeatures';
import { isDimensionKey, VocabularyReader } from './vocabularies';

/** How many features to derive; run modes pick larger settings (see engine/training/trainingPresets). */
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

function deepestTimedStep(tables: LoadedTable[]): number | undefined {
  for (let i = tables.length - 1; i >= 1; i--) if (tables[i].timeColumn) return i;
  return undefined;
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
