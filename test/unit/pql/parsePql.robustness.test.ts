import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PqlParseResult, PredictiveQuery } from '../../../core/pql/ast';
import { checkPql } from '../../../core/pql/checkPql';
import { formatPql } from '../../../core/pql/formatPql';
import { inferTaskType } from '../../../core/pql/inferTaskType';
import { parsePql } from '../../../core/pql/parsePql';
import { pqlTokenAt } from '../../../core/pql/pqlReference';
import { f1Graph, shopGraph } from './graphs';

/** A small seeded generator (mulberry32), so that a failing fuzz case is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The parser's contract on any input: no throw, and either a query or exactly one error inside the text. */
function assertWellFormed(text: string, result: PqlParseResult): void {
  if (result.query) {
    assert.equal(result.errors.length, 0);
    return;
  }
  assert.equal(result.errors.length, 1, `one error for ${JSON.stringify(text)}`);
  const { span, message } = result.errors[0];
  assert.ok(message.length > 0);
  assert.doesNotMatch(message, /Internal error/, `no internal error for ${JSON.stringify(text)}`);
  assert.ok(
    span.start >= 0 && span.start <= span.end && span.end <= text.length,
    `span in range for ${JSON.stringify(text)}`,
  );
}

/** The query without spans (and the unit flag, which formatting makes explicit): what formatting must preserve. */
function shape(query: PredictiveQuery): unknown {
  return JSON.parse(
    JSON.stringify(query, (key, value) =>
      key.endsWith('Span') || key === 'span' || key === 'unitExplicit'
        ? undefined
        : value === -Infinity
          ? '-INF'
          : value,
    ),
  );
}

const SEEDS = [
  'PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0',
  'PREDICT MIN(qualifying.position, 0, 30, days) <= 3 FOR EACH drivers.driverId',
  'PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId WHERE COUNT(results.*, -365, 0, days) > 0',
  "PREDICT LIST_DISTINCT(orders.item_id WHERE orders.status IN ('paid', 'sent'), 0, 30) RANK TOP 10 FOR EACH users.user_id",
  "PREDICT (users.age > 40 OR users.country = 'US') AND NOT users.tags CONTAINS 'vip' FOR users.user_id IN (1, 2)",
  'PREDICT SUM(orders.amount, 0, 7, days) FORECAST 4 TIMEFRAMES FOR EACH users.user_id WHERE COUNT(orders.*, -INF, 0) >= 2',
  "PREDICT users.age FOR EACH users.user_id WHERE users.signup_at > 2024-01-15 10:30:00 AND users.country IS NOT NULL AND users.country STARTS WITH 'D'",
];

const TOKEN_SOUP = [
  'PREDICT',
  'FOR',
  'EACH',
  'WHERE',
  'ASSUMING',
  'AND',
  'OR',
  'NOT',
  'RANK',
  'TOP',
  'CLASSIFY',
  'FORECAST',
  'TIMEFRAMES',
  'COUNT',
  'SUM',
  'LIST_DISTINCT',
  'IS',
  'IN',
  'NULL',
  'LIKE',
  'STARTS',
  'WITH',
  '(',
  ')',
  ',',
  '=',
  '!=',
  '<=',
  '>',
  'users.user_id',
  'orders.*',
  'orders.amount',
  '0',
  '30',
  '-7',
  '-INF',
  'days',
  'months',
  "'x'",
  "'",
  '"',
  '2024-01-15',
  '10:30:00',
  '3.5',
  'true',
  '#',
  '\n',
  '\\',
  '.',
  '*',
  'é',
  '😀',
  ';',
  '-',
];

describe('parsePql: robustness', () => {
  it('parses a 100k-character query (a long AND chain) and checks it', () => {
    const terms: string[] = [];
    const prefix = 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id WHERE ';
    for (let length = prefix.length; length < 100_000; length += terms[terms.length - 1].length + 5) {
      terms.push(`users.age > ${terms.length}`);
    }
    const text = prefix + terms.join(' AND ');
    assert.ok(text.length >= 100_000);
    const result = parsePql(text);
    assert.ok(result.query, result.errors[0]?.message);
    assert.deepEqual(checkPql(result.query, shopGraph()), []);
    assert.equal(parsePql(formatPql(result.query)).query?.entityFilter?.span.end, formatPql(result.query).length);
  });

  it('parses a 100k-character IN list and a 100k-character string', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => String(i)).join(', ');
    const list = parsePql(`PREDICT users.age FOR EACH users.user_id WHERE users.age IN (${items})`);
    assert.ok(list.query, list.errors[0]?.message);
    const long = parsePql(`PREDICT users.country = '${'x'.repeat(100_000)}' FOR EACH users.user_id`);
    assert.ok(long.query, long.errors[0]?.message);
  });

  for (const [name, open, close] of [
    ['parentheses', '(', ')'],
    ['NOT', 'NOT ', ''],
    ['aggregation filters', 'COUNT(orders.* WHERE ', ', -1, 0) > 0'],
    ['lists', '', ''],
  ] as const) {
    it(`answers 10,000 levels of nested ${name} with an error, not a stack overflow`, () => {
      const text =
        name === 'lists'
          ? `PREDICT users.age FOR EACH users.user_id WHERE users.age IN ${'('.repeat(10_000)}1${')'.repeat(10_000)}`
          : `PREDICT users.age FOR EACH users.user_id WHERE ${open.repeat(10_000)}users.age = 1${close.repeat(10_000)}`;
      const result = parsePql(text);
      assertWellFormed(text, result);
      assert.match(result.errors[0].message, /Nesting deeper than 100 levels/);
    });
  }

  it('never throws on 3,000 random token sequences and mutated queries, and round-trips what parses', () => {
    const next = random(20240115);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const graphs = [shopGraph(), f1Graph()];
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      let text: string;
      if (i % 3 === 0) {
        text = Array.from({ length: 1 + Math.floor(next() * 25) }, () => pick(TOKEN_SOUP)).join(
          next() < 0.8 ? ' ' : '',
        );
      } else {
        // Mutate a valid query: drop, duplicate or replace a few characters or tokens.
        text = pick(SEEDS);
        for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
          const at = Math.floor(next() * text.length);
          const kind = next();
          if (kind < 0.4) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 6));
          else if (kind < 0.7) text = text.slice(0, at) + pick(TOKEN_SOUP) + text.slice(at);
          else text = text.slice(0, at) + ' ' + pick(TOKEN_SOUP) + ' ' + text.slice(at + Math.floor(next() * 8));
        }
      }
      const result = parsePql(text);
      assertWellFormed(text, result);
      pqlTokenAt(text, Math.floor(next() * (text.length + 1)));
      if (!result.query) continue;
      parsed++;
      for (const graph of graphs) {
        checkPql(result.query, graph);
        inferTaskType(result.query, graph);
      }
      const formatted = formatPql(result.query);
      const again = parsePql(formatted);
      assert.ok(again.query, `formatted text re-parses: ${formatted} (${again.errors[0]?.message})`);
      assert.deepEqual(shape(again.query), shape(result.query), `round trip of ${JSON.stringify(text)}`);
    }
    assert.ok(parsed > 100, `the mutations leave a fair share of valid queries (${parsed}) to round-trip`);
  });

  it('round-trips every seed query through formatPql', () => {
    for (const seed of SEEDS) {
      const query = parsePql(seed).query;
      assert.ok(query, seed);
      assert.deepEqual(shape(parsePql(formatPql(query)).query!), shape(query), seed);
    }
  });
});
