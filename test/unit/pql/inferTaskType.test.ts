import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskType } from '../../../core/pql/ast';
import { explainTaskType, inferTaskType, type TargetClasses } from '../../../core/pql/inferTaskType';
import type { PqlGraphView } from '../../../core/pql/PqlGraphView';
import { f1Graph, parseOk, shopGraph, staticShopGraph } from './graphs';

function taskOf(text: string, graph: PqlGraphView): TaskType {
  return inferTaskType(parseOk(text), graph);
}

describe('inferTaskType', () => {
  it('the RelBench F1 tasks', () => {
    const f1 = f1Graph();
    assert.equal(
      taskOf(
        'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0',
        f1,
      ),
      'binary_classification',
    );
    assert.equal(
      taskOf('PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId', f1),
      'binary_classification',
    );
    assert.equal(taskOf('PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId', f1), 'regression');
  });

  const shop: [string, TaskType][] = [
    ["PREDICT users.age > 40 OR users.country = 'US' FOR EACH users.user_id", 'binary_classification'],
    ['PREDICT COUNT(orders.*, 0, 30) FOR EACH users.user_id', 'regression'],
    ['PREDICT COUNT_DISTINCT(orders.item_id, 0, 30) FOR EACH users.user_id', 'regression'],
    ['PREDICT MAX(orders.amount, 0, 30) FOR EACH users.user_id', 'regression'],
    ['PREDICT LAST(orders.amount, 0, 30) FOR EACH users.user_id', 'regression'],
    ['PREDICT LAST(orders.status, 0, 30) FOR EACH users.user_id', 'multiclass_classification'],
    ['PREDICT LIST_DISTINCT(orders.item_id, 0, 30) RANK TOP 10 FOR EACH users.user_id', 'temporal_link_prediction'],
    ['PREDICT LIST_DISTINCT(orders.item_id, 0, 30) CLASSIFY FOR EACH users.user_id', 'multilabel_classification'],
    ['PREDICT users.tags RANK TOP 3 FOR EACH users.user_id', 'multilabel_ranking'],
    ['PREDICT users.tags CLASSIFY FOR EACH users.user_id', 'multilabel_classification'],
    ['PREDICT users.age FOR EACH users.user_id', 'regression'],
    ['PREDICT users.country FOR EACH users.user_id', 'multiclass_classification'],
    ['PREDICT SUM(orders.amount, 0, 7) FORECAST 12 TIMEFRAMES FOR EACH users.user_id', 'forecasting'],
  ];
  for (const [text, task] of shop) it(`${task}: ${text}`, () => assert.equal(taskOf(text, shopGraph()), task));

  it('static link prediction: LIST_DISTINCT of a foreign key, no window, RANK', () => {
    assert.equal(
      taskOf('PREDICT LIST_DISTINCT(purchases.item_id) RANK TOP 5 FOR EACH users.user_id', staticShopGraph()),
      'static_link_prediction',
    );
  });

  it('uses declared stypes, then dtypes, when the column list is unknown', () => {
    const graph = shopGraph();
    const users = graph.tables.get('users')!;
    users.columns = undefined;
    assert.equal(
      taskOf('PREDICT users.age FOR EACH users.user_id', graph),
      'multiclass_classification',
      'nothing known: categorical',
    );
    users.declaredColumns = new Map([
      ['age', { dtype: 'float64' }],
      ['zip', { dtype: 'int64', stype: 'categorical' }],
    ]);
    assert.equal(taskOf('PREDICT users.age FOR EACH users.user_id', graph), 'regression', 'a numeric dtype: numerical');
    assert.equal(
      taskOf('PREDICT users.zip FOR EACH users.user_id', graph),
      'multiclass_classification',
      'a declared stype wins',
    );
  });
});

describe('explainTaskType: boolean and two-valued targets are binary classification', () => {
  function graph(): PqlGraphView {
    const shop = shopGraph();
    const users = shop.tables.get('users')!;
    users.columns!.set('is_active', { dtype: 'bool' });
    users.columns!.set('churned', { dtype: 'int64' });
    users.columns!.set('plan', { dtype: 'string' });
    users.columns!.set('score', { dtype: 'float64' });
    shop.tables.get('orders')!.columns!.set('is_gift', { dtype: 'bool' });
    return shop;
  }
  const explain = (text: string, classes?: TargetClasses, g = graph()) => explainTaskType(parseOk(text), g, classes);

  it('a bool column, static or as LAST(...), is binary without reading data', () => {
    const task = explain('PREDICT users.is_active FOR EACH users.user_id');
    assert.deepEqual(
      { ...task, reason: undefined },
      {
        taskType: 'binary_classification',
        reason: undefined,
        basis: 'column-type',
        dependsOnData: false,
        positiveClass: 'true',
        classes: ['false', 'true'],
      },
    );
    assert.match(task.reason, /users\.is_active is a boolean column/);
    assert.equal(
      explain('PREDICT LAST(orders.is_gift, 0, 30, days) FOR EACH users.user_id').taskType,
      'binary_classification',
    );
  });

  it('a 0/1 integer column: regression until the data shows two values, then binary with 1 as true', () => {
    const before = explain('PREDICT users.churned FOR EACH users.user_id');
    assert.equal(before.taskType, 'regression');
    assert.equal(before.dependsOnData, true);
    assert.match(before.reason, /unless its data holds exactly two values/);
    const after = explain('PREDICT users.churned FOR EACH users.user_id', {
      count: 2,
      approximate: false,
      min: '0',
      max: '1',
    });
    assert.equal(after.taskType, 'binary_classification');
    assert.equal(after.basis, 'data');
    assert.equal(after.positiveClass, '1');
    assert.match(after.reason, /holds two values in the data \(0 and 1\).*true means users\.churned = 1/);
    // adjacent integers are exactly two values even when the distinct count is a rough estimate
    const estimated = explain('PREDICT users.churned FOR EACH users.user_id', {
      count: 3,
      approximate: true,
      min: '0',
      max: '1',
    });
    assert.equal(estimated.taskType, 'binary_classification');
  });

  it('a string column with two classes is binary, the larger value being true', () => {
    const task = explain('PREDICT users.plan FOR EACH users.user_id', {
      count: 2,
      approximate: false,
      min: 'basic',
      max: 'premium',
    });
    assert.equal(task.taskType, 'binary_classification');
    assert.deepEqual(task.classes, ['basic', 'premium']);
    assert.equal(task.positiveClass, 'premium');
    assert.equal(explain('PREDICT users.plan FOR EACH users.user_id').taskType, 'multiclass_classification');
  });

  it('many classes stay multiclass (strings) or regression (integers); floats and declared numerical never turn binary', () => {
    const many = { count: 7, approximate: false, min: 'a', max: 'g' };
    assert.equal(explain('PREDICT users.plan FOR EACH users.user_id', many).taskType, 'multiclass_classification');
    assert.equal(
      explain('PREDICT users.churned FOR EACH users.user_id', { count: 40, approximate: false, min: '0', max: '90' })
        .taskType,
      'regression',
    );
    const two = { count: 2, approximate: false, min: '0.5', max: '1.5' };
    const floats = explain('PREDICT users.score FOR EACH users.user_id', two);
    assert.equal(floats.taskType, 'regression');
    assert.equal(floats.dependsOnData, false);
    const declared = graph();
    declared.tables.get('users')!.declaredColumns = new Map([['churned', { stype: 'numerical' }]]);
    const task = explain(
      'PREDICT users.churned FOR EACH users.user_id',
      { count: 2, approximate: false, min: '0', max: '1' },
      declared,
    );
    assert.equal(task.taskType, 'regression');
    assert.equal(task.basis, 'declared-type');
  });

  it('the shape of the query decides everything else, whatever the data', () => {
    const task = explain('PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id');
    assert.deepEqual([task.taskType, task.basis, task.dependsOnData], ['binary_classification', 'query', false]);
    assert.equal(explain('PREDICT SUM(orders.amount, 0, 30) FOR EACH users.user_id').taskType, 'regression');
  });
});
