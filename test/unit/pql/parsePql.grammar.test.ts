import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Aggregation, Comparison, Condition, Constant, ConstantValue } from '../../../core/pql/ast';
import { AGGREGATIONS } from '../../../core/pql/ast';
import { parseOk, spanIn } from './graphs';

function comparison(condition: unknown): Comparison {
  assert.equal((condition as Condition).kind, 'comparison');
  return condition as Comparison;
}

function aggregation(node: unknown): Aggregation {
  assert.equal((node as Aggregation).kind, 'aggregation');
  return node as Aggregation;
}

describe('parsePql: the RelBench F1 queries', () => {
  it('driver-dnf: filtered COUNT, comparison target, ASSUMING', () => {
    const text =
      'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0';
    const query = parseOk(text);
    const target = comparison(query.target);
    const count = aggregation(target.left);
    assert.equal(count.fn, 'COUNT');
    assert.deepEqual(count.fnSpan, spanIn(text, 'COUNT'));
    assert.deepEqual(count.span, spanIn(text, 'COUNT(results.* WHERE results.statusId != 1, 0, 30, days)'));
    assert.deepEqual(count.column, {
      kind: 'column',
      table: 'results',
      column: '*',
      span: spanIn(text, 'results.*'),
      tableSpan: spanIn(text, 'results'),
      columnSpan: spanIn(text, '*'),
    });
    const filter = comparison(count.filter);
    assert.equal(filter.op, '!=');
    assert.deepEqual(filter.opSpan, spanIn(text, '!='));
    assert.deepEqual(filter.right, {
      kind: 'constant',
      type: 'number',
      value: 1,
      integer: true,
      span: spanIn(text, '1'),
    });
    assert.deepEqual(count.window, {
      start: 0,
      end: 30,
      unit: 'days',
      unitExplicit: true,
      span: spanIn(text, '0, 30, days'),
      startSpan: spanIn(text, '0'),
      endSpan: spanIn(text, '30'),
      unitSpan: spanIn(text, 'days'),
    });
    assert.equal(target.op, '>');
    assert.deepEqual(target.span, { start: count.span.start, end: spanIn(text, '> 0').end });
    assert.deepEqual(query.entity.span, spanIn(text, 'drivers.driverId'));
    assert.deepEqual(query.forEachSpan, spanIn(text, 'FOR EACH'));
    assert.deepEqual(query.assumingSpan, spanIn(text, 'ASSUMING'));
    const assuming = comparison(query.assuming);
    assert.deepEqual(assuming.span, spanIn(text, 'COUNT(results.*, 0, 30, days) > 0'));
    assert.deepEqual(query.span, { start: 0, end: text.length });
  });

  it('driver-top3: MIN with <= and no spaces around the operator', () => {
    const text = 'PREDICT MIN(qualifying.position, 0, 30, days)<=3 FOR EACH drivers.driverId';
    const target = comparison(parseOk(text).target);
    assert.equal(aggregation(target.left).fn, 'MIN');
    assert.equal(target.op, '<=');
    assert.deepEqual(target.opSpan, spanIn(text, '<='));
    assert.deepEqual(target.right.span, spanIn(text, '3', 1));
  });

  it('driver-position: AVG target and a past-looking entity filter', () => {
    const text =
      'PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 0, days)>0';
    const query = parseOk(text);
    const avg = aggregation(query.target);
    assert.equal(avg.window?.end, 60);
    assert.deepEqual(query.whereSpan, spanIn(text, 'WHERE'));
    const filter = comparison(query.entityFilter);
    const window = aggregation(filter.left).window;
    assert.equal(window?.start, -365);
    assert.deepEqual(window?.startSpan, spanIn(text, '-365'));
  });
});

describe('parsePql: aggregations and windows', () => {
  for (const fn of AGGREGATIONS) {
    it(`parses ${fn} with a window and statically`, () => {
      const windowed = aggregation(parseOk(`PREDICT ${fn}(t.c, 0, 7) FOR EACH u.id`).target);
      assert.equal(windowed.fn, fn);
      assert.equal(windowed.window?.unitExplicit, false);
      assert.equal(windowed.window?.unit, 'days', 'the unit defaults to days');
      assert.equal(windowed.window?.unitSpan, undefined);
      const static_ = aggregation(parseOk(`PREDICT ${fn}(t.c) RANK TOP 3 FOR EACH u.id`).target);
      assert.equal(static_.window, undefined);
    });
  }

  it('reads -INF and -INFINITY starts, negative offsets and every unit in any case', () => {
    const text =
      'PREDICT COUNT(o.*, 0, 2, HOURS) > 0 FOR EACH u.id WHERE COUNT(o.*, -INF, 0, Months) > 0 AND SUM(o.a, -infinity, -1, minutes) > 1';
    const query = parseOk(text);
    assert.equal(aggregation(comparison(query.target).left).window?.unit, 'hours');
    const and = query.entityFilter as Condition & { kind: 'and' };
    assert.equal(and.kind, 'and');
    const months = aggregation(comparison(and.left).left).window;
    assert.equal(months?.start, -Infinity);
    assert.equal(months?.unit, 'months');
    assert.deepEqual(months?.startSpan, spanIn(text, '-INF'));
    const minutes = aggregation(comparison(and.right).left).window;
    assert.equal(minutes?.start, -Infinity);
    assert.equal(minutes?.end, -1);
    assert.deepEqual(minutes?.startSpan, spanIn(text, '-infinity'));
  });

  it('keeps the filter of an aggregation and its span', () => {
    const text = "PREDICT SUM(o.amount WHERE o.status = 'paid' AND o.amount > 10, 0, 30) FOR EACH u.id";
    const sum = aggregation(parseOk(text).target);
    assert.equal(sum.filter?.kind, 'and');
    assert.deepEqual(sum.filter?.span, spanIn(text, "o.status = 'paid' AND o.amount > 10"));
  });
});

describe('parsePql: conditions', () => {
  it('binds AND tighter than OR and NOT tighter than AND', () => {
    const query = parseOk('PREDICT u.a = 1 OR NOT u.b = 2 AND u.c = 3 FOR EACH u.id');
    const or = query.target as Condition & { kind: 'or' };
    assert.equal(or.kind, 'or');
    assert.equal(comparison(or.left).left.kind, 'column');
    const and = or.right as Condition & { kind: 'and' };
    assert.equal(and.kind, 'and');
    assert.equal(and.left.kind, 'not');
    assert.equal(comparison(and.right).right.kind, 'constant');
  });

  it('groups with parentheses, whose span includes them', () => {
    const text = "PREDICT (u.age > 40 OR u.location = 'US') AND (NOT u.gender = 'male') FOR EACH u.user_id";
    const and = parseOk(text).target as Condition & { kind: 'and' };
    assert.equal(and.kind, 'and');
    assert.equal(and.left.kind, 'or');
    assert.deepEqual(and.left.span, spanIn(text, "(u.age > 40 OR u.location = 'US')"));
    assert.equal(and.right.kind, 'not');
    assert.deepEqual(and.right.span, spanIn(text, "(NOT u.gender = 'male')"));
  });

  it('builds a long AND chain as a balanced tree covering the whole chain', () => {
    const terms = Array.from({ length: 9 }, (_, i) => `u.c = ${i}`);
    const text = `PREDICT u.x = 0 FOR EACH u.id WHERE ${terms.join(' AND ')}`;
    const filter = parseOk(text).entityFilter!;
    assert.deepEqual(filter.span, spanIn(text, terms.join(' AND ')));
    const leaves: number[] = [];
    const depth = (c: Condition): number => {
      if (c.kind === 'comparison') {
        leaves.push((c.right as Constant & { type: 'number' }).value);
        return 1;
      }
      if (c.kind === 'not') return 1 + depth(c.operand);
      return 1 + Math.max(depth(c.left), depth(c.right));
    };
    assert.ok(depth(filter) <= 5, 'a balanced tree of 9 leaves is at most 5 levels deep');
    assert.deepEqual(leaves, [0, 1, 2, 3, 4, 5, 6, 7, 8], 'source order is kept');
  });

  const operators: [string, string][] = [
    ['=', '='],
    ['!=', '!='],
    ['<', '<'],
    ['<=', '<='],
    ['>', '>'],
    ['>=', '>='],
    ['IN', 'IN'],
    ['in', 'IN'],
    ['IS IN', 'IN'],
    ['IS', '='],
    ['IS NOT', '!='],
    ['LIKE', 'LIKE'],
    ['NOT LIKE', 'NOT LIKE'],
    ['CONTAINS', 'CONTAINS'],
    ['NOT CONTAINS', 'NOT CONTAINS'],
    ['STARTS WITH', 'STARTS WITH'],
    ['ends with', 'ENDS WITH'],
  ];
  for (const [written, op] of operators) {
    it(`reads the operator ${written} as ${op}`, () => {
      const value = op === 'IN' ? "('a', 'b')" : op === '=' && written === 'IS' ? 'NULL' : "'a'";
      const text = `PREDICT u.c ${written} ${value} FOR EACH u.id`;
      const target = comparison(parseOk(text).target);
      assert.equal(target.op, op);
      assert.deepEqual(target.opSpan, spanIn(text, written));
    });
  }
});

describe('parsePql: constants', () => {
  const cases: [string, ConstantValue][] = [
    ["'it\\'s'", { type: 'string', value: "it's" }],
    ['"double \\"quoted\\""', { type: 'string', value: 'double "quoted"' }],
    ["'tab\\there\\u00e9\\/'", { type: 'string', value: 'tab\there\u00e9/' }],
    ['42', { type: 'number', value: 42, integer: true }],
    ['-7', { type: 'number', value: -7, integer: true }],
    ['3.25', { type: 'number', value: 3.25, integer: false }],
    ['1.5e3', { type: 'number', value: 1500, integer: false }],
    ['true', { type: 'boolean', value: true }],
    ['FALSE', { type: 'boolean', value: false }],
    ['NULL', { type: 'null' }],
    ['2024-01-15', { type: 'date', value: '2024-01-15' }],
    ['2024/01/15', { type: 'date', value: '2024/01/15' }],
  ];
  for (const [written, expected] of cases) {
    it(`reads ${written}`, () => {
      const text = `PREDICT u.c = ${written} FOR EACH u.id`;
      assert.deepEqual(comparison(parseOk(text).target).right, {
        kind: 'constant',
        ...expected,
        span: spanIn(text, written),
      });
    });
  }

  it('joins a date and a time into one constant', () => {
    const text = 'PREDICT u.c > 2024-01-15 10:30:00 FOR EACH u.id';
    const right = comparison(parseOk(text).target).right;
    assert.deepEqual(right, {
      kind: 'constant',
      type: 'date',
      value: '2024-01-15 10:30:00',
      span: spanIn(text, '2024-01-15 10:30:00'),
    });
  });

  it('reads lists, including one-element lists', () => {
    const text = "PREDICT u.c IN ('US', 'CA', 3) FOR EACH u.id";
    const right = comparison(parseOk(text).target).right;
    assert.equal(right.type, 'array');
    assert.deepEqual(right.span, spanIn(text, "('US', 'CA', 3)"));
    assert.deepEqual(right.type === 'array' && right.items.map((item) => item.type), ['string', 'string', 'number']);
    assert.equal(comparison(parseOk('PREDICT u.c IN (1) FOR EACH u.id').target).right.type, 'array');
  });
});

describe('parsePql: problem specs, entities and clauses', () => {
  it('reads RANK TOP k with the spans of each part', () => {
    const text = 'PREDICT LIST_DISTINCT(orders.item_id, 0, 30, days) RANK TOP 10 FOR EACH users.user_id';
    const problem = parseOk(text).problem;
    assert.deepEqual(problem, {
      type: 'RANK',
      topK: 10,
      span: spanIn(text, 'RANK TOP 10'),
      typeSpan: spanIn(text, 'RANK'),
      topKSpan: spanIn(text, '10'),
    });
  });

  it('reads CLASSIFY alone, TOP k alone and FORECAST n TIMEFRAMES', () => {
    const classify = 'PREDICT LIST_DISTINCT(o.i, 0, 30) CLASSIFY FOR EACH u.id';
    assert.deepEqual(parseOk(classify).problem, {
      type: 'CLASSIFY',
      span: spanIn(classify, 'CLASSIFY'),
      typeSpan: spanIn(classify, 'CLASSIFY'),
    });
    const top = 'PREDICT LIST_DISTINCT(o.i, 0, 30) TOP 5 FOR EACH u.id';
    assert.deepEqual(parseOk(top).problem, {
      type: undefined,
      topK: 5,
      span: spanIn(top, 'TOP 5'),
      typeSpan: undefined,
      topKSpan: spanIn(top, '5'),
    });
    const forecast = 'PREDICT SUM(o.amount, 0, 30, days) FORECAST 12 TIMEFRAMES FOR EACH u.id';
    assert.deepEqual(parseOk(forecast).problem, {
      forecastTimeframes: 12,
      span: spanIn(forecast, 'FORECAST 12 TIMEFRAMES'),
      forecastSpan: spanIn(forecast, '12'),
    });
  });

  it('reads FOR with an entity list, then WHERE and ASSUMING', () => {
    const text = 'PREDICT COUNT(o.*, 0, 7) > 0 FOR u.id IN (1, 2, 3) WHERE u.age > 18 ASSUMING COUNT(n.*, 0, 7) > 2';
    const query = parseOk(text);
    assert.deepEqual(query.forEachSpan, spanIn(text, 'FOR'));
    assert.equal(query.entityValues?.op, 'IN');
    assert.deepEqual(query.entityValues?.opSpan, spanIn(text, 'IN'));
    assert.deepEqual(query.entityValues?.value.span, spanIn(text, '(1, 2, 3)'));
    assert.ok(query.entityFilter && query.assuming);
    const single = parseOk('PREDICT u.age FOR u.id = 42');
    assert.equal(single.entityValues?.op, '=');
  });

  it('accepts keywords in any case, skips # comments and keeps names case-sensitive', () => {
    const text =
      'predict Count(Orders.* , 0 , 30)>0 # the label\n for each Users.User_Id where count(Orders.*, -30, 0) > 0';
    const query = parseOk(text);
    assert.equal(aggregation(comparison(query.target).left).column.table, 'Orders');
    assert.equal(query.entity.column, 'User_Id');
  });

  it('reads a static column target and a static condition target', () => {
    assert.equal(parseOk('PREDICT users.age FOR EACH users.user_id').target.kind, 'column');
    assert.equal(parseOk('PREDICT users.age > 40 FOR EACH users.user_id').target.kind, 'comparison');
  });
});
