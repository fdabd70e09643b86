import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PqlGraphView, PqlTableView } from '../../../core/pql/PqlGraphView';
import { fullIssuesOf, issuesOf } from './checkHelpers';
import { f1Graph, shopGraph } from './graphs';

function view(primaryKey: string, timeColumn: string | undefined, foreignKeys: Record<string, string>): PqlTableView {
  return { primaryKey, timeColumn, foreignKeys: new Map(Object.entries(foreignKeys)) };
}

/** Flights point to airports twice; transfers point to accounts twice; order lines reach users by two 2-hop paths. */
function ambiguousGraph(): PqlGraphView {
  return {
    tables: new Map([
      ['airports', view('airport_id', undefined, {})],
      ['flights', view('flight_id', 'departs_at', { origin_id: 'airports', destination_id: 'airports' })],
      ['accounts', view('account_id', undefined, {})],
      ['transfers', view('transfer_id', 'sent_at', { sender_id: 'accounts', receiver_id: 'accounts' })],
      ['users', view('user_id', undefined, {})],
      ['orders', view('order_id', 'ordered_at', { user_id: 'users' })],
      ['carts', view('cart_id', 'created_at', { user_id: 'users' })],
      ['order_lines', view('line_id', 'added_at', { order_id: 'orders', cart_id: 'carts' })],
      ['islands', view('island_id', undefined, {})],
    ]),
  };
}

describe('checkPql: joins (Kumo join validator)', () => {
  it('keeps the legal shapes legal', () => {
    const legal = [
      // one-hop aggregation, and an aggregation inside WHERE
      'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE COUNT(orders.*, -30, 0, days) > 0',
      // many-hop aggregation: returns -> orders -> users
      'PREDICT COUNT(returns.*, 0, 30, days) > 0 FOR EACH users.user_id',
      // a static column of the parent table, and a WHERE on the parent
      'PREDICT users.country FOR EACH orders.order_id',
      "PREDICT SUM(returns.return_id, 0, 7) > 0 FOR EACH orders.order_id WHERE users.country = 'US'",
      // the aggregated table reads its own parent inside its WHERE
      "PREDICT COUNT(orders.* WHERE items.category = 'electronics', 0, 30, days) > 0 FOR EACH users.user_id",
      // the entity table itself needs no join
      'PREDICT users.age > 40 FOR EACH users.user_id',
    ];
    for (const text of legal) {
      assert.deepEqual(
        issuesOf(text, shopGraph()).filter(([code]) => code.startsWith('pql-join')),
        [],
        text,
      );
    }
  });

  it('pql-join-not-unique: a static target on a child table, with the path and both fixes', () => {
    const text = 'PREDICT orders.status FOR EACH users.user_id';
    assert.deepEqual(issuesOf(text, shopGraph()), [['pql-join-not-unique', 'orders.status']]);
    const [issue] = fullIssuesOf(text, shopGraph());
    assert.equal(
      issue.message,
      "Each 'users' row has many 'orders' rows (orders.user_id -> users), so orders.status has no single value per 'users' row: " +
        "aggregate it over a window, e.g. LAST(orders.status, 0, 30, days), or predict for each 'orders' row instead: FOR EACH orders.order_id.",
    );
  });

  it('pql-join-not-unique: a WHERE on a table reached only through a child, with the aggregation to write', () => {
    const text = "PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE items.category = 'electronics'";
    assert.deepEqual(issuesOf(text, shopGraph()), [['pql-join-not-unique', 'items.category']]);
    const [issue] = fullIssuesOf(text, shopGraph());
    assert.match(
      issue.message,
      /'items' is reached from 'users' only through its many 'orders' rows \(orders\.user_id -> users; orders\.item_id -> items\)/,
    );
    assert.match(issue.message, /COUNT\(orders\.\* WHERE items\.category = 'electronics', -INF, 0\) > 0/);
  });

  it('pql-join-not-unique: a WHERE on the child itself in a temporal query, and in a static one', () => {
    const temporal = "PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id WHERE orders.status = 'open'";
    const [issue] = fullIssuesOf(temporal, shopGraph());
    assert.equal(issue.code, 'pql-join-not-unique');
    assert.match(issue.message, /COUNT\(orders\.\* WHERE orders\.status = 'open', -INF, 0\) > 0/);
    // A static query cannot use windows anywhere: no aggregation is suggested.
    const [staticIssue] = fullIssuesOf(
      "PREDICT users.age FOR EACH users.user_id WHERE orders.status = 'open'",
      shopGraph(),
    );
    assert.equal(staticIssue.code, 'pql-join-not-unique');
    assert.doesNotMatch(staticIssue.message, /COUNT\(/);
    assert.match(staticIssue.message, /read a column of 'users' or of a table it points to instead/);
  });

  it('pql-join-not-unique: the F1 example of a target on a child table', () => {
    assert.deepEqual(
      issuesOf('PREDICT results.points FOR EACH drivers.driverId', f1Graph()).filter(([code]) =>
        code.startsWith('pql-join'),
      ),
      [['pql-join-not-unique', 'results.points']],
    );
    assert.deepEqual(issuesOf('PREDICT circuits.country FOR EACH races.raceId', f1Graph()), []);
  });

  it('pql-join-missing: a column two foreign keys away, naming the path', () => {
    const text = 'PREDICT users.country FOR EACH returns.return_id';
    assert.deepEqual(issuesOf(text, shopGraph()), [['pql-join-missing', 'users.country']]);
    const [issue] = fullIssuesOf(text, shopGraph());
    assert.match(
      issue.message,
      /'users' is 2 foreign keys away from 'returns' \(returns\.order_id -> orders, orders\.user_id -> users\)/,
    );
    assert.match(issue.message, /copy users\.country into 'orders'/);
  });

  it('pql-join-missing: an unlinked table, and an aggregation over a parent', () => {
    assert.deepEqual(
      issuesOf(
        'PREDICT COUNT(orders.*, 0, 30) > 0 FOR EACH users.user_id WHERE islands.island_id = 1',
        ambiguousGraph(),
      ),
      [['pql-join-missing', 'islands.island_id']],
    );
    const text = 'PREDICT COUNT(users.*, 0, 30) > 0 FOR EACH orders.order_id';
    assert.deepEqual(issuesOf(text, shopGraph()), [['pql-join-missing', 'users.*']]);
    assert.match(
      fullIssuesOf(text, shopGraph())[0].message,
      /each 'orders' row has one 'users' row \(orders\.user_id -> users\)/,
    );
  });

  it('pql-join-ambiguous: two foreign keys to the same table, for a column and for an aggregation', () => {
    const graph = ambiguousGraph();
    assert.deepEqual(issuesOf('PREDICT airports.airport_id = 1 FOR EACH flights.flight_id', graph), [
      ['pql-join-ambiguous', 'airports.airport_id'],
    ]);
    assert.match(
      fullIssuesOf('PREDICT airports.airport_id = 1 FOR EACH flights.flight_id', graph)[0].message,
      /'flights' has 2 foreign keys to 'airports' \(flights\.origin_id -> airports, flights\.destination_id -> airports\)/,
    );
    assert.deepEqual(issuesOf('PREDICT COUNT(transfers.*, 0, 30) > 0 FOR EACH accounts.account_id', graph), [
      ['pql-join-ambiguous', 'transfers.*'],
    ]);
  });

  it('pql-join-ambiguous: two paths of the same length; a shorter path wins', () => {
    const graph = ambiguousGraph();
    const text = 'PREDICT COUNT(order_lines.*, 0, 30) > 0 FOR EACH users.user_id';
    assert.deepEqual(issuesOf(text, graph), [['pql-join-ambiguous', 'order_lines.*']]);
    assert.match(
      fullIssuesOf(text, graph)[0].message,
      /order_lines\.order_id -> orders, orders\.user_id -> users; order_lines\.cart_id -> carts, carts\.user_id -> users/,
    );
    graph.tables.get('order_lines')!.foreignKeys.set('user_id', 'users');
    assert.deepEqual(issuesOf(text, graph), []);
  });

  it('names needing back-quotes are quoted in the message', () => {
    const graph: PqlGraphView = {
      tables: new Map([
        ['user accounts', view('id', undefined, {})],
        ['order lines', view('id', 'at', { 'account id': 'user accounts' })],
      ]),
    };
    const [issue] = fullIssuesOf('PREDICT `order lines`.`unit price` FOR EACH `user accounts`.id', graph);
    assert.equal(issue.code, 'pql-join-not-unique');
    assert.match(issue.message, /\(`order lines`\.`account id` -> `user accounts`\)/);
  });
});
