import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineCounter, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fastParseDocument, readFastYaml } from '../../../core/spec/fastYaml/fastParseDocument';
import { parseSpec } from '../../../core/spec/parseSpec';
import { compareWithYaml } from './fastYamlDifferential';

/** Layouts whose ranges depend on the yaml CST parser's finer rules; each must be read and match exactly. */
const READ_EXACTLY: Record<string, string> = {
  'a graph': 'kind: graph\ntables:\n  users:\n    source: data/users.csv\n    primary_key: id\nedges: []\n',
  'no final line break': 'kind: graph\ntables:\n  users: {source: a.csv}',
  'a --- marker and comments before it': '# header\n\n--- # start\n# more\nkind: graph\n',
  'an indented root': '  kind: graph\n  tables: {}\n',
  'core schema scalars':
    'a: ~\nb: null\nc: NULL\nd:\ne: true\nf: False\ng: 0x1F\nh: 0o17\ni: -12\nj: +7\nk: 3.50\nl: 1e3\n' +
    'm: .inf\nn: -.Inf\no: .NaN\np: 2024-01-01\nq: yes\nr: 0b1\ns: 1_000\nt: .5\n',
  'keys of every scalar kind': '1: a\ntrue: b\nnull: c\n\'q\': d\n"dq": e\na b : f\na:b: g\n',
  'quoted scalars with escapes': "a: 'it''s'\nb: \"tab\\there \\u00e9 \\x41 \\\\ \\\"\"\nc: ''\nd: \"\"\n",
  'multi-line quoted scalars': 'a: \'one\n  two\n\n  three\'\nb: "x\n  y \\\n  z"\n',
  'multi-line plain scalars':
    'query: PREDICT COUNT(orders.*, 0, 30, days) > 0\n  FOR EACH users.id\n\n  WHERE x\nnext: 1\n',
  'a plain value below its key': 'query:\n  PREDICT x\n  FOR EACH users.id\nnext: 1\n',
  'a flow value below its key': 'edges:\n  [a, b]\nnext: {}\n',
  'block scalars': 'a: |\n  x\n\n   y\n\nb: >-\n  p\n  q\n\n  r\nc: |+\n  keep\n\n\nd: >2\n   indented\n',
  'block scalar header comment': 'q: | # the query\n  PREDICT x\nnext: 1\n',
  'empty block scalar': 'a: |\nb: 1\n',
  'flow collections over several lines':
    'edges: [\n  { src_table: a, fkey: b, dst_table: c },\n  {src_table: d,fkey: e,dst_table: f},\n]\n',
  'nested flow collections': 'a: { b: [1, {c: d}] , e: "f" }\nb: [ [ ], { } ]\n',
  'a flow map with JSON keys': 'a: {"x":1,"y":"z"}\n',
  'sequences at the key indentation': 'edges:\n- a\n- b\nnext: 1\n',
  'sequence items below their dash':
    'edges:\n  - # first\n    src_table: a\n  -\n    - x\n  -\n\n    plain\n    text\n',
  'compact mappings in sequences': 'edges:\n  - src_table: a\n    fkey: b\n  -   src_table: c\n      fkey: d\n',
  'empty values': 'a:\nb: # c\n\n\nc:\n  # below\n\nd: 1\ne:',
  'empty nested value before a less indented line': 'a:\n  b:\n    # c\nd: 1\n',
  'comment lines absorbed by the value above':
    'a: 1\n    # absorbed\n\n    # also\nb: 2\n  # absorbed\nc: [x]\n  # absorbed\n',
  'comment lines staying with a nested mapping':
    'a:\n  b:\n    c: |\n      x\n    # stays with b\n  # stays with a\nd: 1\n',
  'comment lines moving up': 'a:\n  b:\n    c: 1\n # moves to a\n# moves to the root\nd: 1\n',
  'trailing comments at the end': 'a:\n  b: 1\n  # end\n',
  'trailing blank lines': 'a: 1\n\n   \n',
  'a long key below the limit': `${'k'.repeat(1000)}: 1\n`,
  'Windows line breaks':
    'kind: graph\r\n# c\r\ntables:\r\n  a: {source: a.csv}\r\n  b:\r\n    source: "x\r\n     y"\r\nq: |\r\n  p\r\n\r\n  r\r\n',
};

/** Texts the fast path leaves to the yaml package. */
const FALLS_BACK: Record<string, string> = {
  'an anchor and an alias': 'a: &x 1\nb: *x\n',
  'a tag': 'a: !!str 1\n',
  'an explicit key': '? a\n: 1\n',
  'two documents': 'a: 1\n---\nb: 2\n',
  'a document end marker': 'a: 1\n...\n',
  'a directive': '%YAML 1.2\n---\na: 1\n',
  'a tab': 'a:\n\tb: 1\n',
  'a carriage return alone': 'a: 1\rb: 2\n',
  'a byte order mark': '\ufeffa: 1\n',
  'a root sequence': '- a\n- b\n',
  'an empty text': '',
  'an unterminated quote': 'a: "b\n',
  'a bad indentation': 'a: 1\n  b: 2\n',
  'a mapping in a value': 'a: b: c\n',
  'an invalid escape': 'a: "\\q"\n',
  'a comment in a flow collection': 'a: [b, # c\n  d]\n',
  'an empty sequence item': 'a:\n  -\n  - b\n',
  'a key longer than 1024 characters': `${'k'.repeat(1030)}: 1\n`,
  'a flow collection not indented enough': 'a: [b,\nc]\n',
};

describe('fast YAML parser: layouts', () => {
  for (const [name, text] of Object.entries(READ_EXACTLY)) {
    it(`reads ${name} exactly like the yaml package`, () => {
      const result = compareWithYaml(text);
      assert.ok(!('fallbackReason' in result), `fell back: ${'fallbackReason' in result ? result.fallbackReason : ''}`);
      assert.equal(result.mismatch, undefined);
    });
  }

  for (const [name, text] of Object.entries(FALLS_BACK)) {
    it(`falls back on ${name}`, () => {
      const result = readFastYaml(text, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
      assert.ok('fallbackReason' in result, 'read by the fast path');
      assert.doesNotMatch(result.fallbackReason, /^internal error/);
    });
  }

  it('builds real yaml nodes', () => {
    const lineCounter = new LineCounter();
    const doc = fastParseDocument('a: [x]\nb: |\n  y\n', { lineCounter })!;
    const root = doc.contents as YAMLMap;
    assert.ok(root instanceof YAMLMap);
    assert.ok(root.items[0].value instanceof YAMLSeq);
    assert.equal((root.items[0].value as YAMLSeq).flow, true);
    const block = root.items[1].value as Scalar;
    assert.equal(block.type, Scalar.BLOCK_LITERAL);
    assert.deepEqual(block.range, [10, 16, 16]);
    assert.deepEqual(lineCounter.lineStarts, [0, 7, 12, 16]);
    assert.deepEqual(doc.toJS(), { a: ['x'], b: 'y\n' });
  });

  it('leaves the line counter empty when it falls back', () => {
    const lineCounter = new LineCounter();
    assert.equal(fastParseDocument('a: &x 1\n', { lineCounter }), undefined);
    assert.deepEqual(lineCounter.lineStarts, []);
  });

  it('keeps the yaml package as the source of syntax errors', () => {
    const text = 'kind: graph\ntables:\n  a: "unterminated\n';
    const fast = parseSpec(text, '/ws/g.graph.yaml');
    assert.deepEqual(fast.diagnostics, parseSpec(text, '/ws/g.graph.yaml', { fastYaml: false }).diagnostics);
    assert.equal(fast.diagnostics[0].code, 'yaml-syntax');
  });
});
