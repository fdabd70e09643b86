import type { TaskType } from '../../core/pql/ast';

/**
 * The three RelBench rel-f1 driver tasks as Kumo writes them in PQL (kumo-semantics.md §3.5), with
 * RelBench's splits (relbench BaseTask._get_table, §5.1):
 * - train: anchors every delta back from 2005-01-01 - delta to the start of the data;
 * - validation: anchors from 2005-01-01 every delta, at most 40, none whose window passes 2010-01-01;
 * - test: anchors from 2010-01-01 every delta, at most 40 (the data runs to 2023).
 * Labels follow RelBench's own SQL (relbench/tasks/f1.py): an entity is a row at anchor t when it has
 * a row of the task's table in (t, t + delta]. The test rows (702 / 726 / 760) are RelBench's.
 */
export interface RelbenchTask {
  name: 'driver-dnf' | 'driver-top3' | 'driver-position';
  pql: string;
  taskType: TaskType;
  deltaDays: number;
  metric: 'auroc' | 'mae';
  /** Published scores on the test split (kumo-semantics.md §5.4; the KumoRFM-2 figure). */
  published: { label: string; value: number }[];
  /** Rows of RelBench's own validation and test tables. */
  relbenchRows: { validation: number; test: number };
  /** RelBench's label per (driver, anchor) over the task's table in (t, t + delta]: SQL aggregate of alias `x`. */
  labelSql: { table: 'results' | 'qualifying'; aggregate: string };
  /** The floor on the test split (mean of seeds, default settings). */
  floor: number;
}

export const VALIDATION_TIMESTAMP = Date.UTC(2005, 0, 1);
export const TEST_TIMESTAMP = Date.UTC(2010, 0, 1);
const NUM_EVAL_TIMESTAMPS = 40;
const DAY_MS = 86_400_000;

export const RELBENCH_F1_TASKS: RelbenchTask[] = [
  {
    name: 'driver-dnf',
    pql:
      'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ' +
      'ASSUMING COUNT(results.*, 0, 30, days) > 0',
    taskType: 'binary_classification',
    deltaDays: 30,
    metric: 'auroc',
    published: [
      { label: 'RDL GNN', value: 72.62 },
      { label: 'KumoRFM', value: 82.41 },
      { label: 'KumoRFM-2', value: 84.6 },
    ],
    relbenchRows: { validation: 566, test: 702 },
    labelSql: { table: 'results', aggregate: 'max(CASE WHEN x.statusId != 1 THEN 1.0 ELSE 0.0 END)' },
    floor: 0.83,
  },
  {
    name: 'driver-top3',
    pql: 'PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId',
    taskType: 'binary_classification',
    deltaDays: 30,
    metric: 'auroc',
    published: [
      { label: 'LightGBM', value: 73.92 },
      { label: 'RDL GNN', value: 75.54 },
      { label: 'KumoRFM', value: 91.07 },
      { label: 'KumoRFM-2', value: 92.2 },
    ],
    relbenchRows: { validation: 588, test: 726 },
    labelSql: { table: 'qualifying', aggregate: 'CASE WHEN min(x.position) <= 3 THEN 1.0 ELSE 0.0 END' },
    floor: 0.93,
  },
  {
    name: 'driver-position',
    pql: 'PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 0, days) > 0',
    taskType: 'regression',
    deltaDays: 60,
    metric: 'mae',
    published: [
      { label: 'RDL GNN', value: 4.022 },
      { label: 'KumoRFM', value: 2.747 },
    ],
    relbenchRows: { validation: 499, test: 760 },
    labelSql: { table: 'results', aggregate: 'avg(x.positionOrder)' },
    floor: 2.7,
  },
];

export type RelbenchSplit = 'validation' | 'test';

/** RelBench's anchors of a split. */
export function splitAnchors(task: RelbenchTask, split: RelbenchSplit): Date[] {
  const start = split === 'validation' ? VALIDATION_TIMESTAMP : TEST_TIMESTAMP;
  const delta = task.deltaDays * DAY_MS;
  const anchors: Date[] = [];
  for (let i = 0; i < NUM_EVAL_TIMESTAMPS; i++) {
    const t = start + i * delta;
    if (split === 'validation' && t > TEST_TIMESTAMP - delta) break;
    anchors.push(new Date(t));
  }
  return anchors;
}

/**
 * The training spec's end_time: the last anchor of RelBench's validation period (2005-01-01 + k x delta)
 * whose label window ends by 2010-01-01, so training and validation anchors lie on RelBench's grid and no
 * label reads the test period.
 */
export function lastValidationPeriodAnchor(task: RelbenchTask): Date {
  const delta = task.deltaDays * DAY_MS;
  const k = Math.floor((TEST_TIMESTAMP - delta - VALIDATION_TIMESTAMP) / delta);
  return new Date(VALIDATION_TIMESTAMP + k * delta);
}
