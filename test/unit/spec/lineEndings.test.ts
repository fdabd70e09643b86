import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpec } from '../../../core/spec/parseSpec';

/**
 * Found by the spec fuzz test: positions came from the YAML reader's line counter, which knows only `\n`, so in a
 * file with old Mac line endings (a lone `\r`) every diagnostic after the first line sat past the end of its
 * line. Positions follow LSP's line endings (`\r\n`, `\n`, `\r`) whatever the file uses.
 */
function firstDiagnosticAt(text: string) {
  const [first] = parseSpec(text, '/ws/shop.graph.yaml').diagnostics;
  assert.ok(first, 'a diagnostic');
  return first.range;
}

describe('positions follow LSP line endings', () => {
  const lines = ['kind: graph', 'tables:', '  customers:', '    source: 3', ''];
  for (const [name, ending] of [
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
  ] as const) {
    it(`${name}: the schema error sits on the number`, () => {
      assert.deepEqual(firstDiagnosticAt(lines.join(ending)), {
        start: { line: 3, character: 12 },
        end: { line: 3, character: 13 },
      });
    });
  }

  it('a lone \\r ends a line too: every error of a YAML the reader rejects stays inside its line', () => {
    // The fuzz test's input: some lines end in a lone \r.
    const text =
      'kind: graph\ntables:\n  customers:\n    source: data/customers.csv\r    primary_key: customer_id\n' +
      '  orders:\r    source: data/orders.csv\n    primary_key: order_id\n';
    const lspLines = text.split(/\r\n|\r|\n/);
    const diagnostics = parseSpec(text, '/ws/shop.graph.yaml').diagnostics;
    assert.ok(diagnostics.length > 0);
    for (const { range } of diagnostics) {
      for (const position of [range.start, range.end]) {
        assert.ok(position.line < lspLines.length, JSON.stringify(range));
        assert.ok(position.character <= lspLines[position.line].length, JSON.stringify(range));
      }
    }
    // `orders:` is on line 5 for an editor (after the lone \r of line 4), not on line 4.
    assert.ok(diagnostics.some((d) => d.range.start.line === 5 && d.range.start.character === 9));
  });

  it('an offset between \\r and \\n is the end of its line', () => {
    const text = 'kind: graph\r\ntables: 3\r\n';
    const range = firstDiagnosticAt(text);
    assert.deepEqual(range, { start: { line: 1, character: 8 }, end: { line: 1, character: 9 } });
  });
});
