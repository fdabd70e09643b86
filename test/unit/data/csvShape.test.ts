import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { findRaggedRow } from '../../../data/csvShape';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-csv-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('findRaggedRow', () => {
  it('finds a short and a long row by line number', () => {
    assert.equal(findRaggedRow(csv('short.csv', 'a,b,c\n1,2,3\n4,5\n')), 'line 3 has 2 fields but the header has 3');
    assert.equal(findRaggedRow(csv('long.csv', 'a,b\n1,2\n3,4,5\n')), 'line 3 has 3 fields but the header has 2');
  });

  it('does not count delimiters or newlines inside quotes, and skips blank lines', () => {
    assert.equal(findRaggedRow(csv('quoted.csv', 'a,b\n"x, y",1\n"multi\nline",2\n\n"say ""hi""",3\n')), undefined);
  });

  it('reports the line where a quoted multi-line record starts', () => {
    assert.equal(findRaggedRow(csv('ml.csv', 'a,b\n"multi\nline",2\n1\n')), 'line 4 has 1 field but the header has 2');
  });

  it('handles CRLF endings and tab-separated files', () => {
    assert.equal(findRaggedRow(csv('crlf.csv', 'a,b\r\n1,2\r\n3\r\n')), 'line 3 has 1 field but the header has 2');
    assert.equal(findRaggedRow(csv('t.tsv', 'a\tb\n1\t2\n')), undefined);
  });

  it('returns nothing for a missing file', () => {
    assert.equal(findRaggedRow(path.join(dir, 'nope.csv')), undefined);
  });
});
