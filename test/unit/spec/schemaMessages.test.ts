import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpec } from '../../../core/spec/parseSpec';

/** Found while fuzzing specs: schema findings that were said twice, or printed outside the diagnostics. */
describe('schema findings are said once, as diagnostics', () => {
  it('a table name that is not a PQL name: one diagnostic, not also its pattern', () => {
    const { diagnostics } = parseSpec('kind: graph\ntables:\n  1bad:\n    source: x.csv\n', '/ws/a.graph.yaml');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.message.slice(0, 24)]),
      [['schema', 2, "Table name '1bad' must s"]],
    );
  });

  it('a mapping key that is a list is a diagnostic, not a process warning on stderr', async () => {
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    try {
      const { diagnostics } = parseSpec('kind: graph\ntables:\n  ? [a, b]\n  : 1\n', '/ws/b.graph.yaml');
      assert.ok(diagnostics.some((d) => d.code === 'schema'));
      // Process warnings are emitted on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('warning', listen);
    }
    assert.deepEqual(warnings, []);
  });
});
