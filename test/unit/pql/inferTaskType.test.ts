import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskType } from '../../../core/pql/ast';
import { inferTaskType } from '../../../core/pql/inferTaskType';
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
