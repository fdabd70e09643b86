import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { NodeSpecHost } from '../../../data/NodeSpecHost';

/**
 * Found by the spec fuzz test: a spec that names a device or a FIFO as another spec (`graph: /dev/zero`) made
 * validation read forever. Only regular files are read as specs; anything else is a file that cannot be read.
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
});
