import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGGREGATIONS } from '../../../core/pql/ast';
import {
  PQL_AGGREGATION_DOCS,
  PQL_KEYWORD_DOCS,
  PQL_OPERATOR_DOCS,
  PQL_TIME_UNIT_DOCS,
  pqlTokenAt,
} from '../../../core/pql/pqlReference';
import { CLAUSE_KEYWORDS, LOGICAL_KEYWORDS, WINDOW_UNITS } from '../../../core/pql/pqlVocabulary';

const TEXT =
  "PREDICT COUNT(orders.* WHERE orders.status NOT LIKE 'x%', -INF, 30, days) > 0 RANK TOP 3 FOR EACH users.user_id WHERE users.country IS NOT NULL";

function at(part: string, delta = 0, occurrence = 0) {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = TEXT.indexOf(part, index + 1);
  return pqlTokenAt(TEXT, index + delta);
}

describe('pqlTokenAt', () => {
  it('finds keywords, aggregations and units with their documentation', () => {
    assert.deepEqual(at('PREDICT', 3), {
      kind: 'keyword',
      word: 'PREDICT',
      span: { start: 0, end: 7 },
      doc: PQL_KEYWORD_DOCS.PREDICT,
    });
    const count = at('COUNT');
    assert.equal(count?.kind, 'aggregation');
    assert.equal(count?.kind === 'aggregation' && count.doc, PQL_AGGREGATION_DOCS.COUNT);
    assert.deepEqual(at('days', 2), {
      kind: 'time-unit',
      unit: 'days',
      span: { start: TEXT.indexOf('days'), end: TEXT.indexOf('days') + 4 },
      doc: PQL_TIME_UNIT_DOCS.days,
    });
    assert.equal(at('-INF')?.kind === 'keyword' && at('-INF')?.span.end, TEXT.indexOf('-INF') + 4);
  });

  it('reads multi-word operators and FOR EACH as one unit from either word', () => {
    for (const [part, operator] of [
      ['NOT LIKE', 'NOT LIKE'],
      ['LIKE', 'NOT LIKE'],
      ['IS NOT', 'IS NOT'],
      ['NOT NULL', 'IS NOT'],
    ]) {
      const found = at(part);
      assert.equal(found?.kind, 'operator', part);
      assert.equal(found?.kind === 'operator' && found.operator, operator, part);
    }
    const each = at('EACH');
    assert.equal(each?.kind === 'keyword' && each.word, 'FOR EACH');
    assert.deepEqual(each?.span, { start: TEXT.indexOf('FOR EACH'), end: TEXT.indexOf('FOR EACH') + 8 });
    assert.equal(at('>')?.kind, 'operator');
  });

  it('tells the table part of a column reference from the column part', () => {
    assert.deepEqual(at('users.user_id', 2), {
      kind: 'table',
      table: 'users',
      span: { start: TEXT.indexOf('users.user_id'), end: TEXT.indexOf('users.user_id') + 5 },
    });
    assert.deepEqual(at('user_id', 1), {
      kind: 'column',
      table: 'users',
      column: 'user_id',
      span: { start: TEXT.indexOf('user_id'), end: TEXT.indexOf('user_id') + 7 },
      tableSpan: { start: TEXT.indexOf('users.user_id'), end: TEXT.indexOf('users.user_id') + 5 },
    });
    const quoted = 'PREDICT SUM(`order lines`.`unit price`, 0, 7) FOR EACH users.id';
    assert.deepEqual(pqlTokenAt(quoted, quoted.indexOf('unit')), {
      kind: 'column',
      table: 'order lines',
      column: 'unit price',
      span: { start: quoted.indexOf('`unit'), end: quoted.indexOf('`unit') + '`unit price`'.length },
      tableSpan: { start: quoted.indexOf('`order'), end: quoted.indexOf('`order') + '`order lines`'.length },
    });
  });

  it('works on unfinished text, where the cursor sits right after what is typed', () => {
    const typing = 'PREDICT COUNT(orders.';
    assert.deepEqual(pqlTokenAt(typing, typing.length), {
      kind: 'column',
      table: 'orders',
      column: '',
      span: { start: typing.length, end: typing.length },
      tableSpan: { start: typing.indexOf('orders'), end: typing.length - 1 },
    });
    const word = 'PREDICT ord';
    assert.deepEqual(pqlTokenAt(word, word.length), { kind: 'word', text: 'ord', span: { start: 8, end: 11 } });
    assert.equal(pqlTokenAt("PREDICT u.x = 'unterminated", 20), undefined);
    assert.equal(pqlTokenAt('PREDICT   ', 9), undefined);
  });
});

describe('PQL reference documentation', () => {
  it('documents every aggregation, clause keyword, logical keyword and unit the parser accepts', () => {
    for (const fn of AGGREGATIONS) assert.ok(PQL_AGGREGATION_DOCS[fn].startsWith(`**${fn}(`), fn);
    for (const word of [
      ...CLAUSE_KEYWORDS.filter((w) => w !== 'EACH'),
      ...LOGICAL_KEYWORDS,
      'FOR EACH',
      'TRUE',
      'FALSE',
      'NULL',
      '-INF',
    ]) {
      assert.ok(PQL_KEYWORD_DOCS[word], word);
    }
    for (const unit of WINDOW_UNITS) assert.ok(PQL_TIME_UNIT_DOCS[unit], unit);
    for (const op of [
      '=',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      'IN',
      'IS IN',
      'IS',
      'IS NOT',
      'LIKE',
      'NOT LIKE',
      'CONTAINS',
      'NOT CONTAINS',
      'STARTS WITH',
      'ENDS WITH',
    ]) {
      assert.ok(PQL_OPERATOR_DOCS[op], op);
    }
  });
});
