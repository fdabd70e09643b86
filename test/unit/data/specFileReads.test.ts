import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { expandBraces, globFiles, MAX_BRACE_PATTERNS } from '../../../data/globFiles';
import { NodeSpecHost } from '../../../data/NodeSpecHost';

/**
 * Found by the spec fuzz test: a spec that names a device or a FIFO as another spec (`graph: /dev/zero`) made
 * validation read forever; `source: /` walked the whole disk on every keystroke; a source with many brace
 * alternatives (`{a,b}` 25 times) expanded into 33 million patterns. Only regular files are read as specs, an
 * existence check stops at the first data file, and brace expansion stops at MAX_BRACE_PATTERNS.
 */
let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-reads-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reading spec files', () => {
  it('a reference to /dev/zero is a file that cannot be read, at once', { skip: !fs.existsSync('/dev/zero') }, () => {
    const spec = path.join(dir, 'zero.training.yaml');
    fs.writeFileSync(spec, 'kind: training\ngraph: /dev/zero\nquery: PREDICT x.y FOR EACH x.id\n');
    const codes = validateSpecFile(spec, new NodeSpecHost()).diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['file-not-found']);
  });

  it('a FIFO is not read (reading it would wait for a writer forever)', { skip: process.platform === 'win32' }, () => {
    const fifo = path.join(dir, 'pipe.graph.yaml');
    execFileSync('mkfifo', [fifo]);
    assert.equal(new NodeSpecHost().readText(fifo), undefined);
  });

  it('a huge file is read only as far as needed to say it is too large', () => {
    const big = path.join(dir, 'big.graph.yaml');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 80 * 1024 * 1024); // sparse: 80 MB of zeros without writing them
    fs.closeSync(fd);
    const text = new NodeSpecHost().readText(big);
    assert.equal(text?.length, 64 * 1024 * 1024);
    const diagnostics = validateSpecFile(big, new NodeSpecHost()).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['yaml-syntax'],
    );
    assert.match(diagnostics[0].message, /up to 2 MB/);
  });

  it('a source with thousands of brace alternatives: file-not-found, without expanding them all', () => {
    assert.equal(expandBraces(`x${'{a,b}'.repeat(25)}`).length, MAX_BRACE_PATTERNS);
    assert.deepEqual(expandBraces('a{b,c}d{e,f}'), ['abde', 'abdf', 'acde', 'acdf']);
    assert.equal(globFiles(path.join(dir, `x${'{a,b}'.repeat(25)}.csv`), 10).truncated, true);
    const spec = path.join(dir, 'braces.graph.yaml');
    fs.writeFileSync(spec, `kind: graph\ntables:\n  t:\n    source: data/${'{a,b}'.repeat(25)}.csv\n`);
    const codes = validateSpecFile(spec, new NodeSpecHost()).diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['file-not-found']);
  });

  it('whether a directory source has data is answered at the first data file, not after listing the tree', () => {
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'deep'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'part.csv'), 'id\n1\n');
    for (let i = 0; i < 100; i++) fs.writeFileSync(path.join(tree, 'deep', `f${i}.txt`), '');
    // With a walk budget smaller than the tree, a full listing gives up; the probe has its answer before that.
    assert.equal(globFiles(path.join(tree, '**', '*'), 10, 50).truncated, true);
    const probe = globFiles(path.join(tree, '**', '*.csv'), 10, 50, { stopAfter: 1 });
    assert.deepEqual(probe.files, [path.join(tree, 'part.csv')]);
    assert.deepEqual(new NodeSpecHost().resolveSource(tree, 1), [path.join(tree, 'part.csv')]);
    assert.deepEqual(new NodeSpecHost().resolveSource(path.join(tree, 'deep'), 1), []);
  });
});
