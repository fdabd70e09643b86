import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullIssuesOf, issuesOf } from './checkHelpers';
import { f1Graph, shopGraph, staticShopGraph } from './graphs';

describe('checkPql: time windows', () => {
  it('pql-target-looks-back: a target window starting before 0 or at -INF, at the start offset', () => {
    assert.deepEqual(issuesOf('PREDICT COUNT(results.*, -30, 30, days) > 0 FOR EACH drivers.driverId', f1Graph()), [
      ['pql-target-looks-back', '-30'],
    ]);
    assert.deepEqual(issuesOf('PREDICT SUM(results.points, -INF, 30) FOR EACH drivers.driverId', f1Graph()), [
      ['pql-target-looks-back', '-INF'],
    ]);
    assert.deepEqual(issuesOf('PREDICT SUM(results.points, 0, 30) FOR EACH drivers.driverId', f1Graph()), []);
    assert.deepEqual(issuesOf('PREDICT SUM(results.points, 10, 30) FOR EACH drivers.driverId', f1Graph()), []);
  });

  it('a target filter may look back (it conditions the rows, it is not the label)', () => {
    const text = 'PREDICT COUNT(orders.* WHERE COUNT(returns.*, -90, 0, days) > 0, 0, 30) > 0 FOR EACH users.user_id';
    assert.deepEqual(issuesOf(text, shopGraph()), []);
  });

  it('pql-filter-looks-ahead: an entity filter window ending after 0, at the end offset', () => {
    const text =
      'PREDICT AVG(results.positionOrder, 0, 60) FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 30) > 0';
    assert.deepEqual(issuesOf(text, f1Graph()), [['pql-filter-looks-ahead', '30']]);
    const [issue] = fullIssuesOf(text, f1Graph());
    assert.match(issue.message, /must end at 0 or earlier \(it ends at 30\)/);
    assert.deepEqual(
      issuesOf(
        'PREDICT AVG(results.positionOrder, 0, 60) FOR EACH drivers.driverId WHERE COUNT(results.*, -INF, 0) > 0',
        f1Graph(),
      ),
      [],
    );
  });

  it('pql-assuming-not-temporal: a static condition, a past window, or ASSUMING on a static query', () => {
    assert.deepEqual(
      issuesOf("PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id ASSUMING users.country = 'US'", shopGraph()),
      [['pql-assuming-not-temporal', "users.country = 'US'"]],
    );
    assert.deepEqual(
      issuesOf(
        'PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id ASSUMING COUNT(notifications.*, -7, 0) > 2',
        shopGraph(),
      ),
      [['pql-assuming-not-temporal', '-7']],
    );
    assert.deepEqual(
      issuesOf('PREDICT users.age FOR EACH users.user_id ASSUMING COUNT(notifications.*, 0, 7) > 2', shopGraph()),
      [['pql-assuming-not-temporal', 'ASSUMING COUNT(notifications.*, 0, 7) > 2']],
    );
    assert.deepEqual(
      issuesOf(
        'PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id ASSUMING COUNT(notifications.*, 0, 7) > 2',
        shopGraph(),
      ),
      [],
    );
  });

  it('ASSUMING may hold static conditions inside an aggregation filter', () => {
    const text =
      "PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id ASSUMING COUNT(orders.* WHERE orders.status = 'promo', 0, 7) > 0";
    assert.deepEqual(issuesOf(text, shopGraph()), []);
  });

  it('pql-no-time-column: a window over a table without a time column, at the window', () => {
    const graph = shopGraph();
    graph.tables.get('orders')!.timeColumn = undefined;
    assert.deepEqual(issuesOf('PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id', graph), [
      ['pql-no-time-column', '0, 30'],
    ]);
    const [issue] = fullIssuesOf('PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id', graph);
    assert.match(issue.message, /table 'orders' has none: set its time_column/);
  });

  it('pql-target-mixes-static-temporal: a static comparison in a temporal target', () => {
    assert.deepEqual(
      issuesOf("PREDICT COUNT(orders.*, 0, 30) > 0 AND users.country = 'US' FOR EACH users.user_id", shopGraph()),
      [['pql-target-mixes-static-temporal', "users.country = 'US'"]],
    );
    assert.deepEqual(
      issuesOf(
        'PREDICT COUNT(orders.*, 0, 30) > 0 OR SUM(orders.amount, 0, 30) > 100 FOR EACH users.user_id',
        shopGraph(),
      ),
      [],
    );
  });

  it('pql-temporal-in-static-query: a windowed filter in a query whose target is static', () => {
    assert.deepEqual(
      issuesOf('PREDICT users.age FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0) > 0', shopGraph()),
      [['pql-temporal-in-static-query', '-30, 0']],
    );
    assert.deepEqual(issuesOf("PREDICT users.age FOR EACH users.user_id WHERE users.country = 'US'", shopGraph()), []);
  });

  it('pql-aggregation-needs-window: aggregations without a window outside a static LIST_DISTINCT RANK target', () => {
    assert.deepEqual(issuesOf('PREDICT SUM(orders.amount) FOR EACH users.user_id', shopGraph()), [
      ['pql-aggregation-needs-window', 'SUM(orders.amount)'],
    ]);
    assert.deepEqual(
      issuesOf('PREDICT SUM(orders.amount, 0, 7) FOR EACH users.user_id WHERE COUNT(orders.*) > 0', shopGraph()),
      [['pql-aggregation-needs-window', 'COUNT(orders.*)']],
    );
    assert.match(
      fullIssuesOf('PREDICT SUM(orders.amount, 0, 7) FOR EACH users.user_id WHERE COUNT(orders.*) > 0', shopGraph())[0]
        .message,
      /e\.g\. COUNT\(orders\.\*, -30, 0, days\)/,
    );
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(purchases.item_id) CLASSIFY FOR EACH users.user_id', staticShopGraph()),
      [['pql-aggregation-needs-window', 'LIST_DISTINCT(purchases.item_id)']],
    );
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(purchases.note) RANK TOP 5 FOR EACH users.user_id', staticShopGraph()),
      [
        ['pql-aggregation-needs-window', 'LIST_DISTINCT(purchases.note)'],
        // a text column has no classes to list (Kumo warns)
        ['pql-aggregation-stype-mismatch', 'purchases.note'],
      ],
    );
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(purchases.item_id) RANK TOP 5 FOR EACH users.user_id', staticShopGraph()),
      [],
    );
  });

  it('pql-static-query-leakage: a warning when a static entity table has no time column but the query reads timed tables', () => {
    const [issue] = fullIssuesOf(
      'PREDICT drivers.nationality FOR EACH drivers.driverId WHERE drivers.dob > 1980-01-01',
      f1Graph(),
    );
    assert.equal(issue, undefined, 'only the entity table is read: no leakage');
    const graph = f1Graph();
    const issues = fullIssuesOf(
      'PREDICT drivers.nationality FOR EACH drivers.driverId WHERE COUNT(results.* WHERE results.points > 0) > 0',
      graph,
    );
    // A windowless filter aggregation is already an error; the leakage warning comes with it, on the entity.
    assert.deepEqual(
      issues.map((i) => [i.code, i.severity ?? 'default']),
      [
        ['pql-static-query-leakage', 'default'],
        ['pql-aggregation-needs-window', 'default'],
      ],
    );
    assert.match(issues[0].message, /The entity table 'drivers' has no time column but 'results' does/);
  });
});
