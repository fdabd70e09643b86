import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TextEdit } from 'vscode-languageserver';
import { enterIndentation } from '../../../server/features/formatting/enterIndentation';
import { LspTestClient } from './lspTestClient';
import { HOLDOUT_GRAPH, SHOP_FILES } from './shopWorkspace';

const OPTIONS = { tabSize: 2, insertSpaces: true };

/** `text` with `|` where Enter was just pressed (the cursor on the new line): the new line as indented. */
function afterEnter(textWithCursor: string, options = OPTIONS): string {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const lines = text.split('\n');
  const line = text.slice(0, offset).split('\n').length - 1;
  const edits = enterIndentation(text, { line, character: offset - text.lastIndexOf('\n', offset - 1) - 1 }, options);
  return apply(lines[line], edits);
}

function apply(line: string, edits: TextEdit[]): string {
  if (edits.length === 0) return line;
  const [edit] = edits;
  return edit.newText + line.slice(edit.range.end.character);
}

describe('indentation after Enter (textDocument/onTypeFormatting)', () => {
  it("indents the block a key opens by the file's own step", () => {
    assert.equal(afterEnter('kind: graph\ntables:\n|'), '  ');
    const fourSpaces = 'kind: graph\ntables:\n    drivers:\n        source: d.csv\n    races:\n|';
    assert.equal(afterEnter(fourSpaces), '        ');
    assert.equal(afterEnter('kind: graph\ntables:\n    drivers:\n        source: d.csv\nedges:\n|'), '    ');
    // No nested line yet: the editor's step.
    assert.equal(afterEnter('tables:\n|', { tabSize: 3, insertSpaces: true }), '   ');
  });

  it('indents after a block scalar header, past a sequence item key, and lines up the next key of an item', () => {
    assert.equal(afterEnter('kind: training\nquery: >-\n|'), '  ');
    assert.equal(afterEnter('edges:\n  - src_table:\n|'), '      ');
    assert.equal(afterEnter('edges:\n  - src_table: results\n  |'), '    ');
  });

  it('leaves other lines alone: after a value, a flow item, inside a query, text moved by Enter', () => {
    assert.deepEqual(afterEnter('tables:\n  drivers:\n    source: d.csv\n    |'), '    ');
    assert.equal(afterEnter('edges:\n  - { src_table: a, fkey: b, dst_table: c }\n  |'), '  ');
    assert.equal(afterEnter('query: >-\n  PREDICT COUNT(results.*, 0, 30, days) > 0 FOR EACH\n  |'), '  ');
    // Enter in the middle of `tables:drivers` ... keeps the moved text, re-indented.
    assert.equal(afterEnter('tables:\n|drivers:'), '  drivers:');
  });

  describe('over LSP', () => {
    let client: LspTestClient;
    before(async () => {
      client = await LspTestClient.start({ files: SHOP_FILES, settings: { dataChecks: { enabled: false } } });
    });
    after(() => client.dispose());

    it('answers onTypeFormatting for "\\n" in a spec file with the edit, and nothing for other characters', async () => {
      const uri = client.open('holdout.graph.yaml');
      const lines = HOLDOUT_GRAPH.split('\n');
      const tablesLine = lines.indexOf('tables:');
      lines.splice(tablesLine + 1, 0, '');
      client.change(uri, lines.join('\n'));
      const position = { line: tablesLine + 1, character: 0 };
      const request = (ch: string) =>
        client.request<TextEdit[] | null>('textDocument/onTypeFormatting', {
          textDocument: { uri },
          position,
          ch,
          options: OPTIONS,
        });
      assert.deepEqual(await request('\n'), [{ range: { start: position, end: position }, newText: '  ' }]);
      assert.deepEqual(await request(':'), []);
    });
  });
});
