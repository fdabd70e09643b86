import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Span } from '../../../core/pql/ast';
import type { Aggregation, Comparison } from '../../../core/pql/ast';
import { formatPql } from '../../../core/pql/formatPql';
import { lexPql } from '../../../core/pql/PqlLexer';
import { parsePql } from '../../../core/pql/parsePql';
import { quoteName } from '../../../core/pql/pqlNames';
import { parseOk, spanIn } from './graphs';

/** Asserts that `text` fails with exactly one error whose message matches and whose span covers `at`. */
function assertSyntaxError(
  text: string,
  message: RegExp,
  at: Span | string | [part: string, occurrence: number],
): void {
  const result = parsePql(text);
  assert.equal(result.query, undefined, `expected '${text}' to be rejected`);
  assert.equal(result.errors.length, 1);
  const [error] = result.errors;
  assert.match(error.message, message);
  assert.deepEqual(
    error.span,
    typeof at === 'string' ? spanIn(text, at) : Array.isArray(at) ? spanIn(text, ...at) : at,
  );
}

describe('parsePql: syntax errors name what was expected, at the offending token', () => {
  it('reports an empty query and a missing PREDICT', () => {
    assertSyntaxError('', /Empty query: write PREDICT/, { start: 0, end: 0 });
    assertSyntaxError('   ', /Empty query/, { start: 3, end: 3 });
    assertSyntaxError('SELECT * FROM users', /starts with PREDICT, found 'SELECT'/, 'SELECT');
  });

  it('reports a missing target and a missing FOR EACH', () => {
    assertSyntaxError('PREDICT', /Expected the target after PREDICT/, { start: 7, end: 7 });
    assertSyntaxError('PREDICT FOR EACH u.id', /Expected the target after PREDICT/, 'FOR');
    assertSyntaxError('PREDICT COUNT(o.*, 0, 30) > 0', /Missing FOR EACH <table>.<primary key>/, {
      start: 29,
      end: 29,
    });
    assertSyntaxError('PREDICT u.age WHERE u.x > 1', /Missing FOR EACH/, 'WHERE');
    assertSyntaxError(
      'PREDICT u.age 5 FOR EACH u.id',
      /Expected CLASSIFY, RANK TOP k, FORECAST n TIMEFRAMES or FOR EACH after the target, found 5/,
      '5',
    );
  });

  it('names unknown aggregations with a suggestion', () => {
    assertSyntaxError(
      'PREDICT AVERAGE(o.amount, 0, 30) FOR EACH u.id',
      /Unknown aggregation 'AVERAGE' \(did you mean AVG\?\)/,
      'AVERAGE',
    );
    assertSyntaxError(
      'PREDICT CONT(o.*, 0, 30) FOR EACH u.id',
      /Unknown aggregation 'CONT' \(did you mean COUNT\?\)/,
      'CONT',
    );
    assertSyntaxError(
      'PREDICT MEDIAN(o.amount, 0, 30) FOR EACH u.id',
      /Unknown aggregation 'MEDIAN': use one of SUM, AVG/,
      'MEDIAN',
    );
    assertSyntaxError('PREDICT COUNT o.* FOR EACH u.id', /Expected '\(' after COUNT/, 'o.*');
  });

  it('asks for a comparison operator where a condition needs one', () => {
    assertSyntaxError(
      'PREDICT COUNT(o.*, 0, 30) AND u.x = 1 FOR EACH u.id',
      /Expected a comparison operator after COUNT\(\.\.\.\): AND joins conditions/,
      'AND',
    );
    assertSyntaxError(
      'PREDICT u.x = 1 AND COUNT(o.*, 0, 30) FOR EACH u.id',
      /Expected a comparison operator \(=, !=.*\) after COUNT\(\.\.\.\), found 'FOR'/,
      'FOR',
    );
    assertSyntaxError(
      'PREDICT u.x FOR EACH u.id WHERE u.y',
      /Expected a comparison operator .* after u.y, found the end of the query/,
      { start: 35, end: 35 },
    );
    assertSyntaxError('PREDICT u.x FOR EACH u.id WHERE u.y NOT IN (1, 2)', /PQL has no NOT IN/, 'NOT IN');
    assertSyntaxError('PREDICT u.x FOR EACH u.id WHERE u.y IS NOT IN (1, 2)', /PQL has no NOT IN/, 'IS NOT IN');
    assertSyntaxError("PREDICT u.x FOR EACH u.id WHERE u.y STARTS 'a'", /Expected WITH after STARTS/, "'a'");
  });

  it('explains bad constants', () => {
    assertSyntaxError(
      'PREDICT u.x = u.y FOR EACH u.id',
      /compares a column with a constant, not with another column/,
      'u.y',
    );
    assertSyntaxError('PREDICT u.x = FOR EACH u.id', /Expected a value after =: a number, 'text'/, 'FOR');
    assertSyntaxError("PREDICT u.x = 'abc FOR EACH u.id", /Unterminated string: add the closing '/, "'");
    assertSyntaxError("PREDICT u.x = 'a\\qb' FOR EACH u.id", /'\\q' is not a valid escape/, '\\q');
    assertSyntaxError('PREDICT u.x IN () FOR EACH u.id', /A list needs at least one value/, ')');
    assertSyntaxError('PREDICT u.x IN (1 2) FOR EACH u.id', /Expected ',' or '\)' in the list, found 2/, '2');
    assertSyntaxError('PREDICT u.x > 10:30:00 FOR EACH u.id', /A time needs a date before it/, '10:30:00');
  });

  it('explains bad windows', () => {
    assertSyntaxError(
      'PREDICT COUNT(o.*, 0, 30, weeks) FOR EACH u.id',
      /PQL has no 'weeks' unit: multiply by 7 and use days/,
      'weeks',
    );
    assertSyntaxError(
      'PREDICT COUNT(o.*, 0, 30, day) FOR EACH u.id',
      /Unknown time unit 'day' \(did you mean days\?\)/,
      'day',
    );
    assertSyntaxError('PREDICT COUNT(o.*, 0) FOR EACH u.id', /A window needs a start and an end/, ')');
    assertSyntaxError('PREDICT COUNT(o.*, 0, -INF) FOR EACH u.id', /-INF can only start a window/, '-INF');
    assertSyntaxError(
      'PREDICT COUNT(o.*, 0.5, 3) FOR EACH u.id',
      /Expected the window start \(a whole number of units, or -INF\)/,
      '0.5',
    );
    assertSyntaxError('PREDICT COUNT(o.*, 30, 0) FOR EACH u.id', /The window \(30, 0\] is empty/, '30, 0');
    assertSyntaxError('PREDICT COUNT(o.*, 0, 30 FOR EACH u.id', /Expected '\)' to close COUNT\(/, 'FOR');
    assertSyntaxError(
      'PREDICT COUNT(o.* 0, 30) FOR EACH u.id',
      /Expected ',' \(a window such as , 0, 30, days\), WHERE or '\)' after o.\*/,
      '0',
    );
    assertSyntaxError('PREDICT COUNT(0, 30) FOR EACH u.id', /Expected the column to aggregate after COUNT\(/, '0');
    assertSyntaxError('PREDICT COUNT(o.*, - 30, 0) FOR EACH u.id', /write negative numbers without a space/, '-');
  });

  it('explains misplaced clauses', () => {
    assertSyntaxError(
      'PREDICT COUNT(o.*, 0, 7) > 0 FOR EACH u.id ASSUMING COUNT(n.*, 0, 7) > 1 WHERE u.a = 1',
      /WHERE \(the entity filter\) must come before ASSUMING/,
      'WHERE',
    );
    assertSyntaxError(
      'PREDICT LIST_DISTINCT(o.i, 0, 7) FOR EACH u.id RANK TOP 5',
      /RANK belongs right after the target, before FOR EACH/,
      'RANK',
    );
    assertSyntaxError(
      'PREDICT LIST_DISTINCT(o.i, 0, 7) TOP 5 RANK FOR EACH u.id',
      /Write RANK before TOP: RANK TOP 5/,
      'RANK',
    );
    assertSyntaxError(
      'PREDICT LIST_DISTINCT(o.i, 0, 7) RANK TOP FOR EACH u.id',
      /Expected a whole number after TOP/,
      'FOR',
    );
    assertSyntaxError('PREDICT SUM(o.a, 0, 7) FORECAST 3 FOR EACH u.id', /Expected TIMEFRAMES after FORECAST 3/, {
      start: 34,
      end: 37,
    });
    assertSyntaxError('PREDICT u.x FOR EACH u.id WHERE u.a = 1 WHERE u.b = 2', /Only one WHERE is allowed/, [
      'WHERE',
      1,
    ]);
    assertSyntaxError(
      'PREDICT u.x FOR EACH u.id u.y',
      /Unexpected u.y: expected WHERE, ASSUMING or the end of the query/,
      'u.y',
    );
  });

  it('explains column references it cannot read', () => {
    assertSyntaxError(
      'PREDICT age FOR EACH u.id',
      /Expected table.column after PREDICT, found 'age': name a column with its table/,
      'age',
    );
    assertSyntaxError(
      'PREDICT users. age FOR EACH u.id',
      /Expected a column name right after 'users.' \(no spaces\)/,
      'users.',
    );
    assertSyntaxError('PREDICT u.x FOR EACH id', /Expected table.column after FOR EACH/, 'id');
    assertSyntaxError('PREDICT u.x == 1 FOR EACH u.id', /'==' is not a PQL operator: use a single =/, '==');
    assertSyntaxError('PREDICT u.x <> 1 FOR EACH u.id', /'<>' is not a PQL operator: use !=/, '<>');
    assertSyntaxError('PREDICT u.x = 1; FOR EACH u.id', /Unexpected character ';'/, ';');
    assertSyntaxError(
      'PREDICT u.x FOR EACH u.id WHERE u.x = 1 AND',
      /Expected a column \(table.column\) or an aggregation .* found the end of the query/,
      { start: 43, end: 43 },
    );
  });

  it('refuses nesting beyond the limit instead of overflowing', () => {
    const deep = `PREDICT u.x FOR EACH u.id WHERE ${'('.repeat(150)}u.a = 1${')'.repeat(150)}`;
    const result = parsePql(deep);
    assert.equal(result.query, undefined);
    assert.match(result.errors[0].message, /Nesting deeper than 100 levels/);
    const fine = `PREDICT u.x FOR EACH u.id WHERE ${'('.repeat(50)}u.a = 1${')'.repeat(50)}`;
    assert.ok(parsePql(fine).query, '50 levels are fine');
  });
});

describe('parsePql: names outside ASCII', () => {
  it('says which characters a name may use', () => {
    const result = parsePql('PREDICT users.größe FOR EACH users.id');
    assert.match(
      result.errors[0].message,
      /Unexpected character 'ö': names may only use the letters A-Z and a-z, digits and _ unless back-quoted/,
    );
  });
});

describe('parsePql: back-quoted names', () => {
  it('lexes a back-quoted column, table or both as one column token, with the names unquoted', () => {
    const text = 'PREDICT SUM(orders.`order total`, 0, 30) FOR EACH `user accounts`.`user id`';
    const tokens = lexPql(text).filter((t) => t.kind === 'column');
    assert.deepEqual(
      tokens.map(
        (t) =>
          t.kind === 'column' && [
            t.table,
            t.column,
            text.slice(t.tableSpan.start, t.tableSpan.end),
            text.slice(t.columnSpan.start, t.columnSpan.end),
          ],
      ),
      [
        ['orders', 'order total', 'orders', '`order total`'],
        ['user accounts', 'user id', '`user accounts`', '`user id`'],
      ],
    );
    const query = parseOk(text);
    assert.equal(query.entity.table, 'user accounts');
    assert.deepEqual(query.entity.span, spanIn(text, '`user accounts`.`user id`'));
  });

  it('back-quotes keep keywords, digits and symbols as names, and work with table.*', () => {
    const query = parseOk(
      'PREDICT COUNT(`2024 orders`.* WHERE `2024 orders`.`count` > 1, 0, 7) > 0 FOR EACH users.`user-id`',
    );
    const target = query.target as Comparison;
    const count = target.left as Aggregation;
    assert.deepEqual([count.column.table, count.column.column], ['2024 orders', '*']);
    assert.deepEqual(
      [(count.filter as Comparison).left],
      [{ ...(count.filter as Comparison).left, table: '2024 orders', column: 'count' }],
    );
    assert.equal(query.entity.column, 'user-id');
  });

  it('formats names back with back-quotes only where needed', () => {
    const query = parseOk('PREDICT orders.`order total` > 10 FOR EACH orders.order_id');
    assert.equal(formatPql(query), 'PREDICT orders.`order total` > 10 FOR EACH orders.order_id');
    assert.equal(quoteName('order_id'), 'order_id');
    assert.equal(quoteName('order id'), '`order id`');
    assert.equal(quoteName('2024'), '`2024`');
  });

  it('rejects unterminated, empty and dotted back-quoted names, and a bare back-quoted word', () => {
    assertSyntaxError('PREDICT orders.`order total FOR EACH orders.id', /Unterminated back-quoted name/, '`');
    assertSyntaxError('PREDICT orders.`` FOR EACH orders.id', /Empty back-quoted name/, '``');
    assertSyntaxError('PREDICT orders.`a.b` FOR EACH orders.id', /cannot contain '\.'/, '`a.b`');
    assertSyntaxError('PREDICT `order total` FOR EACH orders.id', /written as table\.column/, '`order total`');
  });
});
