import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregationsFor, columnKindOf } from '../../../core/pql/pqlColumnKinds';
import { fullIssuesOf, issuesOf } from './checkHelpers';
import { f1Graph, shopGraph } from './graphs';

const kindIssues = (text: string, graph = shopGraph()) =>
  issuesOf(text, graph).filter(([code]) => code.startsWith('pql-aggregation-') && code.endsWith('mismatch'));

describe('checkPql: aggregations need a column of the right kind (Kumo type validator)', () => {
  it('accepts the aggregations that fit', () => {
    for (const text of [
      'PREDICT SUM(orders.amount, 0, 30) FOR EACH users.user_id',
      'PREDICT AVG(orders.amount, 0, 30) FOR EACH users.user_id',
      'PREDICT MAX(orders.created_at, 0, 30) IS NOT NULL FOR EACH users.user_id',
      'PREDICT COUNT(orders.item_id, 0, 30) > 2 FOR EACH users.user_id',
      'PREDICT COUNT_DISTINCT(orders.status, 0, 30) FOR EACH users.user_id',
      'PREDICT LAST(orders.status, 0, 30) FOR EACH users.user_id',
      'PREDICT LIST_DISTINCT(orders.item_id, 0, 30) RANK TOP 5 FOR EACH users.user_id',
    ]) {
      assert.deepEqual(kindIssues(text), [], text);
    }
    assert.deepEqual(
      kindIssues('PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId', f1Graph()),
      [],
    );
  });

  it('pql-aggregation-type-mismatch: SUM of a categorical string column, listing what fits', () => {
    const text = 'PREDICT SUM(orders.status, 0, 30, days) FOR EACH users.user_id';
    assert.deepEqual(kindIssues(text), [['pql-aggregation-type-mismatch', 'orders.status']]);
    const [issue] = fullIssuesOf(text, shopGraph());
    assert.equal(
      issue.message,
      'SUM adds up numbers, and this column holds string values: orders.status is a categorical column (string), ' +
        'which takes COUNT, COUNT_DISTINCT, FIRST, LAST and LIST_DISTINCT.',
    );
  });

  it('pql-aggregation-type-mismatch: SUM, AVG and COUNT_DISTINCT of keys, also inside WHERE', () => {
    assert.deepEqual(kindIssues('PREDICT SUM(orders.user_id, 0, 30) FOR EACH users.user_id'), [
      ['pql-aggregation-type-mismatch', 'orders.user_id'],
    ]);
    assert.deepEqual(kindIssues('PREDICT COUNT_DISTINCT(orders.item_id, 0, 30) FOR EACH users.user_id'), [
      ['pql-aggregation-type-mismatch', 'orders.item_id'],
    ]);
    assert.deepEqual(
      kindIssues('PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id WHERE AVG(orders.status, -30, 0) > 1'),
      [['pql-aggregation-type-mismatch', 'orders.status']],
    );
  });

  it('pql-aggregation-stype-mismatch: Kumo only warns on a numeric column of another semantic type', () => {
    const text = 'PREDICT SUM(results.statusId, 0, 30) FOR EACH drivers.driverId';
    assert.deepEqual(kindIssues(text, f1Graph()), [['pql-aggregation-stype-mismatch', 'results.statusId']]);
    const issue = fullIssuesOf(text, f1Graph()).find((i) => i.code === 'pql-aggregation-stype-mismatch')!;
    assert.equal(issue.severity, undefined, 'the registry gives the default severity (warning)');
    assert.match(
      issue.message,
      /its semantic type is categorical: results\.statusId is a categorical column \(int64\)/,
    );
    assert.deepEqual(kindIssues('PREDICT MIN(orders.status, 0, 30) FOR EACH users.user_id'), [
      ['pql-aggregation-stype-mismatch', 'orders.status'],
    ]);
  });

  it('uses declared types when the columns are unknown, and stays silent when nothing is known', () => {
    const graph = shopGraph();
    const orders = graph.tables.get('orders')!;
    orders.columns = undefined;
    assert.deepEqual(kindIssues('PREDICT SUM(orders.status, 0, 30) FOR EACH users.user_id', graph), []);
    orders.declaredColumns = new Map([['status', { stype: 'text' }]]);
    assert.deepEqual(kindIssues('PREDICT SUM(orders.status, 0, 30) FOR EACH users.user_id', graph), [
      ['pql-aggregation-type-mismatch', 'orders.status'],
    ]);
    orders.declaredColumns = new Map([['status', { stype: 'categorical' }]]);
    // a categorical column may hold integers: only Kumo's warning is certain
    assert.deepEqual(kindIssues('PREDICT SUM(orders.status, 0, 30) FOR EACH users.user_id', graph), [
      ['pql-aggregation-stype-mismatch', 'orders.status'],
    ]);
  });

  it('lists the aggregations each kind of column takes', () => {
    const orders = shopGraph().tables.get('orders')!;
    assert.deepEqual(aggregationsFor(columnKindOf(orders, 'amount')), {
      allowed: ['SUM', 'AVG', 'MIN', 'MAX', 'COUNT', 'COUNT_DISTINCT', 'FIRST', 'LAST'],
      discouraged: ['LIST_DISTINCT'],
    });
    assert.deepEqual(aggregationsFor(columnKindOf(orders, 'created_at')), {
      allowed: ['MIN', 'MAX', 'COUNT', 'COUNT_DISTINCT', 'FIRST', 'LAST'],
      discouraged: ['LIST_DISTINCT'],
    });
    assert.deepEqual(aggregationsFor(columnKindOf(orders, 'item_id')), {
      allowed: ['COUNT', 'FIRST', 'LAST', 'LIST_DISTINCT'],
      discouraged: ['MIN', 'MAX'],
    });
  });
});
