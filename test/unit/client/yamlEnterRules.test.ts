import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { YAML_ENTER_RULES } from '../../../client/editing/yamlEnterRules';

/** What VS Code does on Enter after `line`, by the first rule that matches (as onEnterRules are applied). */
function onEnter(line: string): string {
  const rule = YAML_ENTER_RULES.find((r) => r.beforeText.test(line));
  if (!rule) return 'keep';
  return `${rule.indent}${rule.appendText ? `+${JSON.stringify(rule.appendText)}` : ''}`;
}

describe("the client's Enter rules for YAML", () => {
  it('indent after a key that opens a block: a mapping, a list, a block scalar', () => {
    for (const line of ['tables:', '  drivers:', 'columns:  ', 'tables: # the tables', '"quoted key":', "  'x y':"])
      assert.equal(onEnter(line), 'indent', line);
    for (const line of ['query: >-', 'query: |', '  query: |+2']) assert.equal(onEnter(line), 'indent', line);
  });

  it('after `- key:` indent past the key, and after `- key: value` line up with the key', () => {
    assert.equal(onEnter('  - src_table:'), 'indent+"  "');
    assert.equal(onEnter('- src_table: results'), 'none+"  "');
    assert.equal(onEnter('  - fkey: driverId # the driver'), 'none+"  "');
  });

  it('keep the indentation after a value, a flow collection, a comment or a plain list item', () => {
    for (const line of [
      'source: data/x.csv',
      'time: 12:30',
      'url: http://example.com:',
      'key: value # c:',
      '# note:',
      '- { src_table: a, fkey: b, dst_table: c }',
      'output_types: [predictions, embeddings]',
      '- predictions',
    ])
      assert.equal(onEnter(line), 'keep', line);
  });
});
