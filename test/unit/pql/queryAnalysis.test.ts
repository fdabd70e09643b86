import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TimeWindow } from '../../../core/pql/ast';
import {
  addWindowOffset,
  entityTable,
  formatPql,
  isTemporalQuery,
  queryTables,
  staticTargetColumn,
  targetAggregations,
  targetFactTables,
  targetTables,
  timeUnitInDays,
  walkColumnRefs,
  windowBounds,
  windowLengthInDays,
} from '../../../core/pql/queryAnalysis';
import { parseOk } from './graphs';

const DNF =
  'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0';

describe('queryAnalysis', () => {
  it('entityTable, isTemporalQuery, staticTargetColumn', () => {
    assert.equal(entityTable(parseOk(DNF)), 'drivers');
    assert.equal(isTemporalQuery(parseOk(DNF)), true);
    const static_ = parseOk('PREDICT users.age FOR EACH users.user_id');
    assert.equal(isTemporalQuery(static_), false);
    assert.equal(staticTargetColumn(static_)?.column, 'age');
    assert.equal(staticTargetColumn(parseOk(DNF)), undefined);
    // A window inside a target filter does not make the target temporal.
    assert.equal(
      isTemporalQuery(parseOk('PREDICT LIST_DISTINCT(o.i WHERE COUNT(n.*, -7, 0) > 0) RANK TOP 3 FOR EACH u.id')),
      false,
    );
  });

  it('targetAggregations and targetFactTables skip aggregations inside filters', () => {
    const query = parseOk(
      'PREDICT SUM(orders.amount WHERE COUNT(visits.*, -7, 0) > 0, 0, 30) > 10 OR COUNT(returns.*, 0, 30) > 0 OR COUNT(orders.*, 0, 7) > 1 FOR EACH users.id',
    );
    assert.deepEqual(
      targetAggregations(query).map((a) => `${a.fn}:${a.column.table}`),
      ['SUM:orders', 'COUNT:returns', 'COUNT:orders'],
    );
    assert.deepEqual(targetFactTables(query), ['orders', 'returns']);
    assert.deepEqual(targetTables(query), ['orders', 'returns'], 'visits is read by a filter, not the target');
  });

  it('targetTables names the tables of plain column targets too, once each', () => {
    assert.deepEqual(targetTables(parseOk('PREDICT users.age > 30 AND users.age < 60 FOR EACH users.id')), ['users']);
    assert.deepEqual(
      targetTables(parseOk('PREDICT COUNT(orders.*, 0, 30) > 0 OR NOT users.churned = 1 FOR EACH users.id')),
      ['orders', 'users'],
    );
  });

  it('walkColumnRefs visits every reference in source order with its clause and aggregation', () => {
    const seen: string[] = [];
    walkColumnRefs(parseOk(DNF + ' '), (ref, context) => {
      const how = context.aggregatedBy
        ? `in ${context.aggregatedBy.fn}`
        : context.inFilterOf
          ? `filter of ${context.inFilterOf.fn}`
          : 'bare';
      seen.push(`${context.role}:${ref.table}.${ref.column}:${how}`);
    });
    assert.deepEqual(seen, [
      'target:results.*:in COUNT',
      'target:results.statusId:filter of COUNT',
      'entity:drivers.driverId:bare',
      'assuming:results.*:in COUNT',
    ]);
    const filtered = parseOk('PREDICT u.age FOR EACH u.id WHERE u.country = 1');
    const roles: string[] = [];
    walkColumnRefs(filtered, (ref, context) => roles.push(`${context.role}:${ref.column}`));
    assert.deepEqual(roles, ['target:age', 'entity:id', 'entity-filter:country']);
    assert.deepEqual(queryTables(parseOk(DNF)), ['results', 'drivers']);
  });
});

describe('window arithmetic', () => {
  const window = (start: number, end: number, unit: TimeWindow['unit']): TimeWindow => ({
    start,
    end,
    unit,
    unitExplicit: true,
    span: { start: 0, end: 0 },
    startSpan: { start: 0, end: 0 },
    endSpan: { start: 0, end: 0 },
  });

  it('windowBounds: (t + start, t + end] in UTC', () => {
    const anchor = new Date('2020-01-01T00:00:00Z');
    const bounds = windowBounds(window(10, 30, 'days'), anchor);
    assert.equal(bounds.after?.toISOString(), '2020-01-11T00:00:00.000Z');
    assert.equal(bounds.upTo.toISOString(), '2020-01-31T00:00:00.000Z');
    assert.equal(windowBounds(window(-Infinity, 0, 'days'), anchor).after, undefined);
    assert.equal(windowBounds(window(-2, 0, 'hours'), anchor).after?.toISOString(), '2019-12-31T22:00:00.000Z');
  });

  it('addWindowOffset: calendar months clamp to the month end', () => {
    assert.equal(
      addWindowOffset(new Date('2024-01-31T12:00:00Z'), 1, 'months').toISOString(),
      '2024-02-29T12:00:00.000Z',
    );
    assert.equal(
      addWindowOffset(new Date('2023-01-31T00:00:00Z'), 1, 'months').toISOString(),
      '2023-02-28T00:00:00.000Z',
    );
    assert.equal(
      addWindowOffset(new Date('2024-03-31T00:00:00Z'), -1, 'months').toISOString(),
      '2024-02-29T00:00:00.000Z',
    );
    assert.equal(
      addWindowOffset(new Date('2024-11-15T00:00:00Z'), 3, 'months').toISOString(),
      '2025-02-15T00:00:00.000Z',
    );
    assert.equal(
      addWindowOffset(new Date('2024-01-01T00:00:00Z'), 90, 'minutes').toISOString(),
      '2024-01-01T01:30:00.000Z',
    );
  });

  it('timeUnitInDays and windowLengthInDays', () => {
    assert.equal(timeUnitInDays('days'), 1);
    assert.equal(timeUnitInDays('hours'), 1 / 24);
    assert.equal(timeUnitInDays('weeks'), 7);
    assert.ok(Math.abs(timeUnitInDays('months') - 30.436875) < 1e-9);
    assert.equal(windowLengthInDays(window(-365, 0, 'days')), 365);
    assert.equal(windowLengthInDays(window(-Infinity, 0, 'days')), Infinity);
  });
});

describe('formatPql', () => {
  it('writes canonical text: upper-case keywords, explicit units, minimal parentheses', () => {
    assert.equal(
      formatPql(
        parseOk(
          "predict count(o.* where o.s = 'it\\'s', 0, 30)>0 or (u.a=1 and not (u.b=2 or u.c=3)) for each u.id where u.d is not null",
        ),
      ),
      "PREDICT COUNT(o.* WHERE o.s = 'it\\'s', 0, 30, days) > 0 OR u.a = 1 AND NOT (u.b = 2 OR u.c = 3) FOR EACH u.id WHERE u.d != NULL",
    );
    assert.equal(
      formatPql(
        parseOk('PREDICT LIST_DISTINCT(o.i, -INF, 3, months) RANK TOP 5 FOR u.id IN (1, 2.0, 2024-01-15 10:00:00)'),
      ),
      'PREDICT LIST_DISTINCT(o.i, -INF, 3, months) RANK TOP 5 FOR EACH u.id IN (1, 2.0, 2024-01-15 10:00:00)',
    );
    assert.equal(
      formatPql(parseOk('PREDICT (u.a = 1 OR u.b = 2) AND u.c = 3 FORECAST 2 TIMEFRAMES FOR EACH u.id')),
      'PREDICT (u.a = 1 OR u.b = 2) AND u.c = 3 FORECAST 2 TIMEFRAMES FOR EACH u.id',
    );
  });
});
