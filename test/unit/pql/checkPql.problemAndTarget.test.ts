import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullIssuesOf, issuesOf } from './checkHelpers';
import { f1Graph, shopGraph, staticShopGraph } from './graphs';

describe('checkPql: problem types', () => {
  it('pql-rank-needs-top-k: RANK without TOP k, at RANK', () => {
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(orders.item_id, 0, 30) RANK FOR EACH users.user_id', shopGraph()),
      [['pql-rank-needs-top-k', 'RANK']],
    );
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(orders.item_id, 0, 30) RANK TOP 10 FOR EACH users.user_id', shopGraph()),
      [],
    );
  });

  it('pql-top-k-needs-rank: TOP k alone or after CLASSIFY, suggesting RANK TOP k', () => {
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(orders.item_id, 0, 30) TOP 5 FOR EACH users.user_id', shopGraph()),
      [['pql-top-k-needs-rank', 'TOP 5']],
    );
    const [issue] = fullIssuesOf(
      'PREDICT LIST_DISTINCT(orders.item_id, 0, 30) CLASSIFY TOP 5 FOR EACH users.user_id',
      shopGraph(),
    );
    assert.equal(issue.code, 'pql-top-k-needs-rank');
    assert.equal(issue.suggestion, 'RANK TOP 5');
  });

  it('pql-top-k-out-of-range: k below 1, at k', () => {
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(orders.item_id, 0, 30) RANK TOP 0 FOR EACH users.user_id', shopGraph()),
      [['pql-top-k-out-of-range', '0']],
    );
  });

  it('pql-problem-type-needs-multicategorical: CLASSIFY or RANK on a single-valued target, at the keyword', () => {
    assert.deepEqual(issuesOf('PREDICT SUM(orders.amount, 0, 30) RANK TOP 3 FOR EACH users.user_id', shopGraph()), [
      ['pql-problem-type-needs-multicategorical', 'RANK'],
    ]);
    assert.deepEqual(issuesOf('PREDICT COUNT(orders.*, 0, 30) > 0 CLASSIFY FOR EACH users.user_id', shopGraph()), [
      ['pql-problem-type-needs-multicategorical', 'CLASSIFY'],
    ]);
    assert.deepEqual(
      issuesOf('PREDICT users.tags CLASSIFY FOR EACH users.user_id', shopGraph()),
      [],
      'a stringlist column is multicategorical',
    );
    assert.deepEqual(issuesOf('PREDICT LAST(users.tags, 0, 30) RANK TOP 2 FOR EACH users.user_id', shopGraph()), []);
  });

  it('skips type-dependent rules when the target column type is unknown', () => {
    const graph = shopGraph();
    graph.tables.get('users')!.columns = undefined;
    assert.deepEqual(issuesOf('PREDICT users.mystery CLASSIFY FOR EACH users.user_id', graph), []);
  });

  it('pql-multicategorical-needs-problem-type: a set-valued target without CLASSIFY or RANK, at the target', () => {
    assert.deepEqual(issuesOf('PREDICT LIST_DISTINCT(orders.item_id, 0, 30) FOR EACH users.user_id', shopGraph()), [
      ['pql-multicategorical-needs-problem-type', 'LIST_DISTINCT(orders.item_id, 0, 30)'],
    ]);
    assert.deepEqual(issuesOf('PREDICT users.tags FOR EACH users.user_id', shopGraph()), [
      ['pql-multicategorical-needs-problem-type', 'users.tags'],
    ]);
  });

  it('pql-forecast-out-of-range and pql-forecast-target', () => {
    assert.deepEqual(
      issuesOf('PREDICT SUM(orders.amount, 0, 7) FORECAST 0 TIMEFRAMES FOR EACH users.user_id', shopGraph()),
      [['pql-forecast-out-of-range', '0']],
    );
    assert.deepEqual(
      issuesOf('PREDICT SUM(orders.amount, 0, 7) FORECAST 10001 TIMEFRAMES FOR EACH users.user_id', shopGraph()),
      [['pql-forecast-out-of-range', '10001']],
    );
    assert.deepEqual(issuesOf('PREDICT users.age FORECAST 3 TIMEFRAMES FOR EACH users.user_id', shopGraph()), [
      ['pql-forecast-target', 'FORECAST 3 TIMEFRAMES'],
    ]);
    assert.deepEqual(
      issuesOf('PREDICT LAST(orders.status, 0, 7) FORECAST 3 TIMEFRAMES FOR EACH users.user_id', shopGraph()),
      [['pql-forecast-target', 'FORECAST 3 TIMEFRAMES']],
    );
    assert.deepEqual(
      issuesOf('PREDICT SUM(orders.amount, 0, 7) FORECAST 12 TIMEFRAMES FOR EACH users.user_id', shopGraph()),
      [],
    );
  });
});

describe('checkPql: the target', () => {
  it('pql-target-is-entity: predicting the entity key itself', () => {
    assert.deepEqual(issuesOf('PREDICT users.user_id FOR EACH users.user_id', shopGraph()), [
      ['pql-target-is-entity', 'users.user_id'],
    ]);
    assert.deepEqual(issuesOf('PREDICT users.user_id > 100 FOR EACH users.user_id', shopGraph()), [
      ['pql-target-is-entity', 'users.user_id'],
    ]);
    assert.deepEqual(issuesOf('PREDICT users.age FOR EACH users.user_id', shopGraph()), []);
  });

  it('pql-first-last-on-foreign-key: at the function, suggesting LIST_DISTINCT', () => {
    const [issue] = fullIssuesOf('PREDICT LAST(orders.item_id, 0, 30) FOR EACH users.user_id', shopGraph());
    assert.equal(issue.code, 'pql-first-last-on-foreign-key');
    assert.equal(issue.suggestion, 'LIST_DISTINCT');
    assert.deepEqual(issuesOf('PREDICT LAST(orders.item_id, 0, 30) FOR EACH users.user_id', shopGraph()), [
      ['pql-first-last-on-foreign-key', 'LAST'],
    ]);
    assert.deepEqual(issuesOf('PREDICT LAST(orders.status, 0, 30) FOR EACH users.user_id', shopGraph()), []);
  });

  it('pql-list-distinct-invalid: listing a primary key', () => {
    assert.deepEqual(
      issuesOf('PREDICT LIST_DISTINCT(orders.order_id, 0, 30) RANK TOP 5 FOR EACH users.user_id', shopGraph()),
      [['pql-list-distinct-invalid', 'orders.order_id']],
    );
  });

  it('pql-list-distinct-invalid: a foreign key back to the entity table, naming other entities', () => {
    const text = 'PREDICT LIST_DISTINCT(orders.user_id, 0, 30) RANK TOP 5 FOR EACH users.user_id';
    assert.deepEqual(issuesOf(text, shopGraph()), [['pql-list-distinct-invalid', 'orders.user_id']]);
    assert.match(
      fullIssuesOf(text, shopGraph())[0].message,
      /Nothing to predict.*use another entity: FOR EACH items.item_id/,
    );
  });

  it('pql-list-distinct-invalid: a ranking target filter reading the entity table (CLASSIFY allows it)', () => {
    const rank =
      "PREDICT LIST_DISTINCT(orders.item_id WHERE users.country = 'US', 0, 30) RANK TOP 5 FOR EACH users.user_id";
    assert.deepEqual(issuesOf(rank, shopGraph()), [['pql-list-distinct-invalid', 'users.country']]);
    const classify =
      "PREDICT LIST_DISTINCT(orders.item_id WHERE users.country = 'US', 0, 30) CLASSIFY FOR EACH users.user_id";
    assert.deepEqual(issuesOf(classify, shopGraph()), [['pql-target-filter-on-entity', "users.country = 'US'"]]);
  });

  it('pql-list-distinct-invalid: a static LIST_DISTINCT in a graph with time columns', () => {
    const graph = staticShopGraph();
    graph.tables.get('purchases')!.timeColumn = 'bought_at';
    assert.deepEqual(issuesOf('PREDICT LIST_DISTINCT(purchases.item_id) RANK TOP 5 FOR EACH users.user_id', graph), [
      ['pql-list-distinct-invalid', 'LIST_DISTINCT(purchases.item_id)'],
      // Kumo also warns, as for any static query whose entity table is untimed while a table it reads is timed.
      ['pql-static-query-leakage', 'users.user_id'],
    ]);
    const other = staticShopGraph();
    other.tables.get('users')!.timeColumn = 'signup_at';
    const [issue] = fullIssuesOf('PREDICT LIST_DISTINCT(purchases.item_id) RANK TOP 5 FOR EACH users.user_id', other);
    assert.equal(issue.code, 'pql-list-distinct-invalid');
    assert.match(issue.message, /while the graph has time columns \(users.signup_at\)/);
  });

  it('pql-target-filter-on-entity: a warning with the rewritten entity filter', () => {
    const text = 'PREDICT COUNT(results.* WHERE drivers.nationality = 1, 0, 30) > 0 FOR EACH drivers.driverId';
    const [issue] = fullIssuesOf(text, f1Graph());
    assert.equal(issue.code, 'pql-target-filter-on-entity');
    assert.equal(text.slice(issue.span.start, issue.span.end), 'drivers.nationality = 1');
    assert.match(issue.message, /move it to FOR EACH drivers.driverId WHERE drivers.nationality = 1/);
    assert.deepEqual(
      issuesOf(
        'PREDICT COUNT(results.* WHERE results.points > 0 AND drivers.nationality = 1, 0, 30) > 0 FOR EACH drivers.driverId',
        f1Graph(),
      ),
      [],
      'a filter that also reads the aggregated table stays where it is',
    );
  });
});
