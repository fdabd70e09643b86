import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yamlCursorContext } from '../../../server/yaml/yamlCursorContext';

const DOC = `kind: graph
tables:
  users:
    source: data/u.csv
    prim
  orders:
    columns:
      x: cat
edges:
  - src_table: orders
    fkey: 
  - { src_table: orders, fkey: user_id, dst_table: us }
query: >-
  PREDICT COUNT(orders.*, 0, 30, days) > 0
  FOR EACH users.
output_types: [predictions, emb]
output_types:
  - pre
# a comment
`;
const LINES = DOC.split('\n');

/** The context with the cursor at `column` of line `line` (default: the end of the line). */
function at(line: number, column = LINES[line].length) {
  return yamlCursorContext(DOC, { line, character: column });
}

describe('yamlCursorContext', () => {
  it('finds a half-typed key inside a table mapping', () => {
    const context = at(4);
    assert.deepEqual([context?.kind, context?.path, context?.prefix], ['key', ['tables', 'users'], 'prim']);
    assert.deepEqual(context?.replaceRange, { start: { line: 4, character: 4 }, end: { line: 4, character: 8 } });
  });

  it('finds a value with its full path and typed prefix', () => {
    const context = at(3);
    assert.deepEqual(
      [context?.kind, context?.path, context?.prefix],
      ['value', ['tables', 'users', 'source'], 'data/u.csv'],
    );
    assert.deepEqual(at(7)?.path, ['tables', 'orders', 'columns', 'x']);
  });

  it('counts sequence items and follows keys continued under a dash', () => {
    assert.deepEqual(at(10)?.path, ['edges', 0, 'fkey']);
    assert.equal(at(10)?.kind, 'value');
  });

  it('reads one-line flow mappings and sequences', () => {
    const last = at(11, LINES[11].length - 2);
    assert.deepEqual(
      [last?.kind, last?.path, last?.prefix, last?.flow],
      ['value', ['edges', 1, 'dst_table'], 'us', true],
    );
    assert.deepEqual(at(11, 18)?.path, ['edges', 1, 'src_table']);
    assert.deepEqual(at(11, 24)?.kind, 'key');
    const list = at(15, LINES[15].length - 1);
    assert.deepEqual([list?.kind, list?.path, list?.prefix], ['value', ['output_types', 1], 'emb']);
  });

  it('puts a line of a block scalar in the value of its key', () => {
    const context = at(14);
    assert.deepEqual(
      [context?.kind, context?.path, context?.multiline, context?.prefix],
      ['value', ['query'], true, 'FOR EACH users.'],
    );
  });

  it('marks `- word` lines as possible scalar items', () => {
    const context = at(17);
    assert.deepEqual([context?.path, context?.sequenceItem, context?.prefix], [['output_types', 0], true, 'pre']);
  });

  it('uses the cursor column on blank lines and offers nothing in comments', () => {
    assert.deepEqual(yamlCursorContext('kind: graph\ntables:\n  \n', { line: 2, character: 2 })?.path, ['tables']);
    assert.deepEqual(yamlCursorContext('kind: graph\n\n', { line: 1, character: 0 })?.path, []);
    assert.equal(at(18), undefined);
    assert.equal(yamlCursorContext('key: value # note', { line: 0, character: 17 }), undefined);
  });
});
