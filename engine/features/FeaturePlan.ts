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
export const FEATURE_PLAN_VERSION = 1;

export interface FeaturePlan {
  version: typeof FEATURE_PLAN_VERSION;
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
  features: FeatureDef[];
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
  | 'share';

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
  if (plan.version !== FEATURE_PLAN_VERSION) {
    throw new Error(`feature plan version ${String(plan.version)} is not supported (expected ${FEATURE_PLAN_VERSION})`);
  }
  if (typeof plan.entityTable !== 'string' || typeof plan.entityKey !== 'string' || !Array.isArray(plan.groups)) {
    throw new Error('the feature plan lacks entityTable, entityKey or groups');
  }
}
