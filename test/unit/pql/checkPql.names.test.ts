import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PqlGraphView } from '../../../core/pql/PqlGraphView';
import { fullIssuesOf, issuesOf } from './checkHelpers';
import { f1Graph, shopGraph } from './graphs';

const DNF =
  'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0';
const TOP3 = 'PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId';
const POSITION =
  'PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 0, days) > 0';

/** A spec-only view of the shop graph: keys, time columns and a couple of declared columns, but no column list. */
function specOnlyShop(): PqlGraphView {
  const graph = shopGraph();
  for (const table of graph.tables.values()) table.columns = undefined;
  graph.tables.get('users')!.declaredColumns = new Map([['age', { stype: 'numerical' }]]);
  graph.tables.get('users')!.excludedColumns = new Set(['tags']);
  return graph;
}

describe('checkPql: the RelBench F1 queries are valid', () => {
  for (const [name, text] of [
    ['driver-dnf', DNF],
    ['driver-top3', TOP3],
    ['driver-position', POSITION],
  ]) {
    it(name, () => assert.deepEqual(issuesOf(text, f1Graph()), []));
  }
});

describe('checkPql: names', () => {
  it('pql-unknown-table: case-sensitive, at the table name, with the closest table', () => {
    const text = 'PREDICT COUNT(Results.*, 0, 30) > 0 FOR EACH drivers.driverId';
    const [issue] = fullIssuesOf(text, f1Graph());
    assert.equal(issue.code, 'pql-unknown-table');
    assert.equal(text.slice(issue.span.start, issue.span.end), 'Results');
    assert.equal(issue.suggestion, 'results');
    assert.match(issue.message, /Unknown table 'Results' \(did you mean 'results'\?\)/);
    const far = fullIssuesOf('PREDICT COUNT(laps.*, 0, 30) > 0 FOR EACH drivers.driverId', f1Graph());
    assert.equal(far[0].suggestion, undefined, 'no suggestion when nothing is close');
  });

  it('pql-unknown-column: every unknown column, at the column name, with the closest column', () => {
    const text =
      'PREDICT AVG(results.positionOrdr, 0, 60) FOR EACH drivers.driverId WHERE COUNT(results.*, -30, 0) > 0 AND drivers.nationalty = 1';
    assert.deepEqual(issuesOf(text, f1Graph()), [
      ['pql-unknown-column', 'positionOrdr'],
      ['pql-unknown-column', 'nationalty'],
    ]);
    const issues = fullIssuesOf(text, f1Graph());
    assert.deepEqual(
      issues.map((i) => i.suggestion),
      ['positionOrder', 'nationality'],
    );
  });

  it('pql-unknown-column: with no column list, only an excluded column', () => {
    const graph = specOnlyShop();
    assert.deepEqual(
      issuesOf('PREDICT users.anything FOR EACH users.user_id', graph),
      [],
      'an undeclared column may exist',
    );
    assert.deepEqual(
      issuesOf('PREDICT users.Age FOR EACH users.user_id', graph),
      [],
      "case slips are queryRules.ts's job",
    );
    assert.deepEqual(issuesOf('PREDICT users.tags CLASSIFY FOR EACH users.user_id', graph), [
      ['pql-unknown-column', 'tags'],
    ]);
    assert.match(
      fullIssuesOf('PREDICT users.tags CLASSIFY FOR EACH users.user_id', graph)[0].message,
      /excluded from table 'users'/,
    );
  });

  it('reports only name problems while a name is unresolved (no cascade)', () => {
    // With the table unknown, the window, the entity and the rest cannot be judged.
    assert.deepEqual(issuesOf('PREDICT COUNT(reslts.*, -5, 30) > 0 FOR EACH drivers.driverRef', f1Graph()), [
      ['pql-unknown-table', 'reslts'],
    ]);
  });

  it('pql-entity-not-primary-key: at the column, suggesting the key', () => {
    const [issue] = fullIssuesOf('PREDICT COUNT(results.*, 0, 30) > 0 FOR EACH drivers.driverRef', f1Graph());
    assert.equal(issue.code, 'pql-entity-not-primary-key');
    assert.equal(issue.suggestion, 'driverId');
    assert.match(issue.message, /primary key of 'drivers', which is 'driverId', not 'driverRef'/);
    assert.deepEqual(issuesOf('PREDICT COUNT(results.*, 0, 30) > 0 FOR EACH drivers.*', f1Graph()), [
      ['pql-entity-not-primary-key', '*'],
    ]);
  });

  it('pql-entity-not-primary-key: a table without a primary key cannot be the entity', () => {
    const graph = f1Graph();
    graph.tables.get('drivers')!.primaryKey = undefined;
    assert.deepEqual(issuesOf('PREDICT COUNT(results.*, 0, 30) > 0 FOR EACH drivers.driverId', graph), [
      ['pql-entity-not-primary-key', 'drivers.driverId'],
    ]);
  });

  it('pql-wildcard-outside-count: table.* only inside COUNT', () => {
    assert.deepEqual(issuesOf('PREDICT SUM(results.*, 0, 30) FOR EACH drivers.driverId', f1Graph()), [
      ['pql-wildcard-outside-count', 'results.*'],
    ]);
    assert.deepEqual(issuesOf('PREDICT drivers.* FOR EACH drivers.driverId', f1Graph()), [
      ['pql-wildcard-outside-count', 'drivers.*'],
    ]);
    assert.deepEqual(
      issuesOf('PREDICT COUNT(results.* WHERE results.* = 1, 0, 30) > 0 FOR EACH drivers.driverId', f1Graph()),
      [['pql-wildcard-outside-count', 'results.*']],
    );
    assert.deepEqual(issuesOf('PREDICT COUNT(results.*, 0, 30) > 0 FOR EACH drivers.driverId', f1Graph()), []);
  });
});
