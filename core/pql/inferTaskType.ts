import type { Dtype } from '../spec/SpecModel';
import type { ColumnRef, PredictiveQuery, TaskType } from './ast';
import type { PqlGraphView } from './PqlGraphView';
import { columnStype } from './pqlGraphLookup';
import { formatColumnName } from './pqlNames';

/**
 * The task a query defines (Kumo's task-type inference), which fixes the model's loss, its metrics and
 * the shape of its predictions (a binary model writes TRUE_PROB and needs a threshold), and why.
 * A target that takes a column's value (a static column, FIRST/LAST of one) is binary classification when
 * the column is boolean, or an integer or string column holding exactly two values (docs.kumo.ai/docs/task-types:
 * `PREDICT fraud_reports.is_fraud` is binary); the count of values comes from the data tier.
 */

/** What the data tier knows of the target column's values. */
export interface TargetClasses {
  /** Distinct non-null values. */
  count: number;
  /** A HyperLogLog estimate (large sources) rather than an exact count. */
  approximate: boolean;
  /** Smallest and largest non-null value, as text. */
  min?: string;
  max?: string;
}

/** What decided the task type. */
export type TaskTypeBasis = 'query' | 'declared-type' | 'column-type' | 'data' | 'unknown-type' | 'training-job';

export interface TaskTypeInference {
  taskType: TaskType;
  /** One sentence saying why, for hover and `relgraph validate --format json`. */
  reason: string;
  basis: TaskTypeBasis;
  /**
   * The target column's values decide between binary classification and the task given here, and they
   * have not been read (no data tier, or the source is unreadable). Threshold rules wait for the data.
   */
  dependsOnData: boolean;
  /** Binary classification of a two-valued column: the value that counts as true (the larger one). */
  positiveClass?: string;
  /** Both values of a two-valued column, smaller first. */
  classes?: [string, string];
}

export function inferTaskType(query: PredictiveQuery, graph: PqlGraphView, classes?: TargetClasses): TaskType {
  return explainTaskType(query, graph, classes).taskType;
}

const INTEGER_DTYPES: readonly Dtype[] = ['int', 'byte', 'int16', 'int32', 'int64'];

/** The column whose values a target takes (`PREDICT users.churned`, `LAST(orders.status, 0, 30)`), if any. */
export function valueTargetColumn(query: PredictiveQuery): ColumnRef | undefined {
  const target = query.target;
  if (target.kind === 'column') return target;
  if (target.kind === 'aggregation' && (target.fn === 'FIRST' || target.fn === 'LAST')) return target.column;
  return undefined;
}

export function explainTaskType(
  query: PredictiveQuery,
  graph: PqlGraphView,
  classes?: TargetClasses,
): TaskTypeInference {
  const fixed = (taskType: TaskType, reason: string): TaskTypeInference => ({
    taskType,
    reason,
    basis: 'query',
    dependsOnData: false,
  });
  const problemType = query.problem?.type;
  if (query.problem?.forecastTimeframes !== undefined) {
    return fixed(
      'forecasting',
      `FORECAST ${query.problem.forecastTimeframes} TIMEFRAMES predicts a number for each coming window`,
    );
  }
  const target = query.target;
  if (target.kind !== 'aggregation' && target.kind !== 'column') {
    return fixed('binary_classification', 'the target is a condition, true or false for each entity');
  }
  if (target.kind === 'aggregation' && target.fn === 'LIST_DISTINCT') {
    if (problemType !== 'RANK') {
      return fixed('multilabel_classification', 'LIST_DISTINCT with CLASSIFY predicts yes or no for every class');
    }
    return target.window
      ? fixed('temporal_link_prediction', 'LIST_DISTINCT with RANK TOP k over a window recommends the rows to come')
      : fixed('static_link_prediction', 'LIST_DISTINCT with RANK TOP k and no window predicts missing links');
  }
  const ref = valueTargetColumn(query);
  if (!ref) {
    return fixed(
      'regression',
      `${target.kind === 'aggregation' ? target.fn : 'the aggregation'} over a window is a number`,
    );
  }
  return columnTaskType(ref, query, graph, classes);
}

function columnTaskType(
  ref: ColumnRef,
  query: PredictiveQuery,
  graph: PqlGraphView,
  classes: TargetClasses | undefined,
): TaskTypeInference {
  const name = formatColumnName(ref.table, ref.column);
  const table = graph.tables.get(ref.table);
  const declared = table?.declaredColumns?.get(ref.column);
  const dtype = declared?.dtype ?? table?.columns?.get(ref.column)?.dtype;
  const stype = table && ref.column !== '*' ? columnStype(table, ref.column) : undefined;
  const typeBasis: TaskTypeBasis = declared?.stype || declared?.dtype ? 'declared-type' : 'column-type';
  const described = `${name} is ${stype ?? 'of unknown type'}${dtype ? ` (${dtype})` : ''}`;

  if (stype === 'multicategorical') {
    return {
      taskType: query.problem?.type === 'RANK' ? 'multilabel_ranking' : 'multilabel_classification',
      reason: `${described}: a set of classes per entity`,
      basis: typeBasis,
      dependsOnData: false,
    };
  }
  if (dtype === 'bool') {
    return {
      taskType: 'binary_classification',
      reason: `${name} is a boolean column: true or false for each entity`,
      basis: typeBasis,
      dependsOnData: false,
      positiveClass: 'true',
      classes: ['false', 'true'],
    };
  }
  if (declared?.stype === 'numerical') {
    return {
      taskType: 'regression',
      reason: `${name} is declared numerical in the graph, so its value is predicted as a number`,
      basis: 'declared-type',
      dependsOnData: false,
    };
  }
  const twoValued = dtype === undefined || INTEGER_DTYPES.includes(dtype) || dtype === 'string';
  const fallback = stype === 'numerical' ? 'regression' : 'multiclass_classification';
  if (twoValued && classes) {
    const pair = twoClasses(classes, dtype);
    const estimate = classes.approximate ? 'about ' : '';
    if (pair) {
      // Values as a query would write them: 'yes', but 1.
      const shown = pair.map((value) => (dtype === 'string' ? `'${value.replace(/'/g, "\\'")}'` : value));
      return {
        taskType: 'binary_classification',
        reason:
          `${name} holds two values in the data (${shown[0]} and ${shown[1]}), so each entity gets true or false; ` +
          `true means ${name} = ${shown[1]}${classes.approximate ? ' (the source is large: the count is an estimate)' : ''}`,
        basis: 'data',
        dependsOnData: false,
        positiveClass: pair[1],
        classes: pair,
      };
    }
    return {
      taskType: fallback,
      reason:
        fallback === 'regression'
          ? `${described} with ${estimate}${classes.count} distinct values in the data: predicted as a number`
          : `${described} with ${estimate}${classes.count} distinct values in the data: one class each`,
      basis: 'data',
      dependsOnData: false,
    };
  }
  if (stype === undefined && dtype === undefined) {
    return {
      taskType: fallback,
      reason: `the type of ${name} is not known without its data, so it counts as categorical; two values would make it binary`,
      basis: 'unknown-type',
      dependsOnData: true,
    };
  }
  const kind = fallback === 'regression' ? 'predicted as a number' : 'one class per value';
  return {
    taskType: fallback,
    reason: twoValued
      ? `${described}: ${kind}, unless its data holds exactly two values (then binary classification)`
      : `${described}: ${kind}`,
    basis: typeBasis,
    dependsOnData: twoValued,
  };
}

/**
 * The two values of a two-valued column, smaller first. An integer column whose smallest and largest values
 * are adjacent holds exactly two, whatever a distinct-count estimate says.
 */
function twoClasses(classes: TargetClasses, dtype: Dtype | undefined): [string, string] | undefined {
  const { min, max } = classes;
  if (min === undefined || max === undefined || min === max) return undefined;
  if (dtype && INTEGER_DTYPES.includes(dtype)) {
    const low = Number(min);
    const high = Number(max);
    if (Number.isSafeInteger(low) && Number.isSafeInteger(high) && high - low === 1) return [min, max];
  }
  return classes.count === 2 ? [min, max] : undefined;
}
