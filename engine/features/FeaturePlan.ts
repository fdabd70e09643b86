import type { Condition } from '../../core/pql/ast';
import type { FeatureKind } from '../model/FeatureMatrix';

/**
 * A feature plan: exactly which features a model uses and how each is computed from the graph, as
 * plain JSON. Training derives it once from the graph and the data (deriveFeaturePlan) and stores it
 * in the model artifact; prediction hands the stored plan to buildFeatures, so both sides compute the
 * same features, in the same order, with the same category vocabularies.
 *
 * Every feature is read from the tables along a `path` that starts at the entity table. A path step
 * goes to a parent (many-to-one, through a foreign key of the current table) or to a child (one-to-
 * many, through the child's foreign key to the current table). A group whose path only goes to
 * parents yields one row per entity (attributes); a path with a child step is aggregated over the
 * rows it reaches, in time windows that end at the anchor.
 *
 * Time travel: at anchor t only rows whose time column is <= t are joined, at every step, so no
 * feature can see a row from after its anchor.
 */
export const FEATURE_PLAN_VERSION = 2;
/** Plans this engine builds: version 1 plans (before the compact families) use a subset of version 2's ops. */
const READABLE_PLAN_VERSIONS: readonly number[] = [1, 2];

export interface FeaturePlan {
  version: 1 | typeof FEATURE_PLAN_VERSION;
  entityTable: string;
  entityKey: string;
  groups: FeatureGroup[];
}

export interface PathStep {
  /** The table this step reaches. */
  table: string;
  /** `parent`: `fkey` is a column of the previous table; `child`: `fkey` is a column of `table`. */
  direction: 'parent' | 'child';
  fkey: string;
}

export interface FeatureGroup {
  /**
   * `row`: the entity and its parents (one row each); `aggregate`: the path has a child step;
   * `anchor`: the anchor time's calendar (month, day of year): seasonality of what happens next.
   */
  kind: 'row' | 'aggregate' | 'anchor';
  /** Empty for the entity's own columns. */
  path: PathStep[];
  /**
   * Aggregate groups: the step (0 = entity, i = path[i - 1]) whose time column dates an event for
   * windows, recency and "last"; absent when no table past the entity has a time column (static data).
   */
  eventStep?: number;
  /**
   * `latest`: a path child C -> parent P -> child S that follows only the parent of the entity's
   * latest C row as of the anchor (the driver's current team, the customer's current store) and
   * aggregates that parent's S rows in finite windows: the current parent's recent activity.
   */
  through?: 'latest';
  /** Which feature family the group belongs to (reports and importances by family); absent in version 1 plans. */
  family?: FeatureFamily;
  features: FeatureDef[];
}

/**
 * Feature families, most compact first (see docs/engine.md, "Features"):
 * - `entity`: the entity's own columns;
 * - `target_history`: the query's own target replayed over the entity's past (windows, last K events, best k,
 *   recency, trend) and its fact table's numeric columns over the last K events;
 * - `current_parent`: the same target replayed over every row of the entity's current parent (the parent of
 *   its latest fact row: the driver's current team);
 * - `parents`: attributes of the entity's parents (many-to-one paths);
 * - `aggregates`: windowed aggregates over every child path (the wide family);
 * - `latest_parent`: the current parent's recent activity in all its tables;
 * - `anchor`: the anchor's calendar.
 */
export type FeatureFamily =
  | 'entity'
  | 'target_history'
  | 'current_parent'
  | 'parents'
  | 'aggregates'
  | 'latest_parent'
  | 'anchor';

export const FEATURE_FAMILIES: readonly FeatureFamily[] = [
  'entity',
  'target_history',
  'current_parent',
  'parents',
  'aggregates',
  'latest_parent',
  'anchor',
];

/** The families whose features a linear model can read well (few, dense, monotone in the label). */
export const COMPACT_FAMILIES: ReadonlySet<FeatureFamily> = new Set(['target_history', 'current_parent']);

/** A group's family; version 1 plans have none, so it follows from the group's shape. */
export function familyOf(group: FeatureGroup): FeatureFamily {
  if (group.family) return group.family;
  if (group.kind === 'anchor') return 'anchor';
  if (group.kind === 'row') return group.path.length === 0 ? 'entity' : 'parents';
  return group.through === 'latest' ? 'latest_parent' : 'aggregates';
}

export type RowFeatureOp =
  /** The column's value (numbers, booleans). */
  | 'value'
  /** Days from the column's timestamp to the anchor (an age: date of birth, signup time). */
  | 'days_since'
  /** The category's index in `vocabulary`; any other value is `vocabulary.length`. */
  | 'category_code';

export type AggregateFeatureOp =
  | 'count'
  | 'mean'
  | 'sum'
  | 'min'
  | 'max'
  /** The value of the latest row (ties broken by primary key). */
  | 'last'
  | 'days_since_last'
  | 'days_since_first'
  /** Rows whose column equals `category`. */
  | 'category_count'
  /** category_count / count in the same window. */
  | 'category_share'
  /** Rows matching `filter` / all rows, in the window. */
  | 'share'
  /** Mean of `column` over the latest `lastK` rows (matching `filter`, if any) with a value. */
  | 'last_k_mean'
  /** Share of the latest `lastK` rows that match `filter`. */
  | 'last_k_share'
  /** Mean of the `bestK` smallest (`bestOrder: 'min'`) or largest values of `column` in the window. */
  | 'best_k_mean'
  /**
   * Recent change: the last_k_mean (with `column`) or last_k_share (with `filter` and no column) over the latest
   * `lastK` rows minus the same over the latest `trendBaseK` rows. Positive: the value has been rising.
   */
  | 'trend';

export type AnchorFeatureOp =
  | 'anchor_month'
  | 'anchor_day_of_year'
  /** category_code of the latest row's value. */
  | 'last_category';

export interface FeatureDef {
  /** Unique within the plan; readable: `results.positionOrder.mean_365d`. */
  name: string;
  kind: FeatureKind;
  op: RowFeatureOp | AggregateFeatureOp | AnchorFeatureOp;
  /** The step (0 = entity) whose table holds `column`. */
  step: number;
  column?: string;
  /** Window length in days ending at the anchor: `(t - windowDays, t]`; absent: all history up to t. */
  windowDays?: number;
  /** Shifts the window back: `(t - lagDays - windowDays, t - lagDays]` (the same window a year ago). */
  lagDays?: number;
  /** last_k_mean, last_k_share, trend: how many of the latest rows (ordered by time, then primary key). */
  lastK?: number;
  /** trend: the longer run of latest rows the recent `lastK` are compared with. */
  trendBaseK?: number;
  /** best_k_mean: how many of the best values, and whether the best are the smallest or the largest. */
  bestK?: number;
  bestOrder?: 'min' | 'max';
  /** category_count / category_share: the value, as DuckDB prints it (`CAST(column AS VARCHAR)`). */
  category?: string;
  /** category_code / last_category: the known values, most frequent first. */
  vocabulary?: string[];
  /**
   * Aggregates only over rows matching this PQL condition on the columns of the step's table (the
   * query's own target filter, e.g. `results.statusId != 1`), as parsed: plain JSON.
   */
  filter?: Condition;
}

/** The features of a plan in output order (group after group). */
export function planFeatures(plan: FeaturePlan): FeatureDef[] {
  return plan.groups.flatMap((g) => g.features);
}

/** Value a feature takes when its group joins no row (no events: counts are 0; anything else is missing). */
export function emptyValueOf(feature: FeatureDef): number {
  return feature.op === 'count' || feature.op === 'category_count' || feature.op === 'sum' ? 0 : Number.NaN;
}

/** The plan with only the named features (groups left empty are dropped): what pruning keeps. */
export function prunePlan(plan: FeaturePlan, keep: ReadonlySet<string>): FeaturePlan {
  const groups = plan.groups
    .map((group) => ({ ...group, features: group.features.filter((f) => keep.has(f.name)) }))
    .filter((group) => group.features.length > 0);
  return { ...plan, groups };
}

/** The tables the plan reads (entity table first), for checking that a prediction graph can serve it. */
export function planTables(plan: FeaturePlan): string[] {
  const tables = new Set<string>([plan.entityTable]);
  for (const group of plan.groups) for (const step of group.path) tables.add(step.table);
  return [...tables];
}

/** Throws a clear error when JSON claiming to be a plan is not one this engine can build. */
export function assertFeaturePlan(value: unknown): asserts value is FeaturePlan {
  const plan = value as Partial<FeaturePlan> | undefined;
  if (!plan || typeof plan !== 'object') throw new Error('the feature plan is missing');
  if (!READABLE_PLAN_VERSIONS.includes(plan.version as number)) {
    throw new Error(
      `feature plan version ${String(plan.version)} is not supported (this relgraph reads ${READABLE_PLAN_VERSIONS.join(', ')})`,
    );
  }
  if (typeof plan.entityTable !== 'string' || typeof plan.entityKey !== 'string' || !Array.isArray(plan.groups)) {
    throw new Error('the feature plan lacks entityTable, entityKey or groups');
  }
}
