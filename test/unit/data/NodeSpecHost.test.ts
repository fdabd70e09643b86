import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeSpecHost, readAnyTrainingJob } from '../../../data/NodeSpecHost';
import { expandBraces, globFiles } from '../../../data/globFiles';

let root: string;

function touch(relative: string, text = 'x'): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-host-'));
  touch('specs/a.graph.yaml', 'tables: {}\n');
  touch('parts/part_002.parquet');
  touch('parts/part_000.parquet');
  touch('parts/part_001.parquet');
  touch('parts/_SUCCESS');
  touch('parts/.part_000.parquet.crc');
  touch('parts/notes.txt');
  touch('hive/year=2024/data_0.parquet');
  touch('hive/year=2023/data_0.parquet');
  touch('csvdir/b.csv');
  touch('csvdir/a.csv');
  touch('emptydir/readme.md');
  touch('mixed/x.csv');
  touch('mixed/y.parquet');
  touch('g/a/one.csv');
  touch('g/b/two.csv');
  touch('g/b/deep/three.csv');
  touch('g/c/four.parquet');
  touch('g/.hidden.csv');
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('NodeSpecHost', () => {
  it('reads files from disk and reports missing ones as undefined', () => {
    const host = new NodeSpecHost();
    assert.equal(host.readText(path.join(root, 'specs/a.graph.yaml')), 'tables: {}\n');
    assert.equal(host.readText(path.join(root, 'specs/missing.yaml')), undefined);
    assert.equal(host.exists(path.join(root, 'specs/a.graph.yaml')), true);
    assert.equal(host.exists(path.join(root, 'specs/missing.yaml')), false);
  });

  it('prefers an overlay over the disk and falls back once it is cleared', () => {
    const host = new NodeSpecHost();
    const file = path.join(root, 'specs/a.graph.yaml');
    host.setOverlay(file, 'tables: {edited: {}}\n');
    assert.equal(host.readText(file), 'tables: {edited: {}}\n');
    // An unsaved new buffer exists for validation even though it is not on disk yet.
    const unsaved = path.join(root, 'specs/new.graph.yaml');
    host.setOverlay(unsaved, 'edges: []\n');
    assert.equal(host.exists(unsaved), true);
    assert.equal(host.readText(unsaved), 'edges: []\n');
    host.setOverlay(file, undefined);
    host.setOverlay(unsaved, undefined);
    assert.equal(host.readText(file), 'tables: {}\n');
    assert.equal(host.exists(unsaved), false);
  });

  it('normalises overlay paths', () => {
    const host = new NodeSpecHost();
    host.setOverlay(path.join(root, 'specs/../specs/a.graph.yaml'), 'overlay');
    assert.equal(host.readText(path.join(root, 'specs/a.graph.yaml')), 'overlay');
  });

  it('resolves a file to itself', () => {
    const host = new NodeSpecHost();
    const file = path.join(root, 'csvdir/a.csv');
    assert.deepEqual(host.resolveSource(file, 10), [file]);
  });

  it('resolves a directory to its sorted parquet parts, skipping side files', () => {
    const host = new NodeSpecHost();
    assert.deepEqual(host.resolveSource(path.join(root, 'parts'), 10), [
      path.join(root, 'parts/part_000.parquet'),
      path.join(root, 'parts/part_001.parquet'),
      path.join(root, 'parts/part_002.parquet'),
    ]);
  });

  it('resolves Hive-style partition folders recursively', () => {
    const host = new NodeSpecHost();
    assert.deepEqual(host.resolveSource(path.join(root, 'hive'), 10), [
      path.join(root, 'hive/year=2023/data_0.parquet'),
      path.join(root, 'hive/year=2024/data_0.parquet'),
    ]);
  });

  it('resolves a directory of CSV parts when it has no parquet, and prefers parquet when mixed', () => {
    const host = new NodeSpecHost();
    assert.deepEqual(host.resolveSource(path.join(root, 'csvdir'), 10), [
      path.join(root, 'csvdir/a.csv'),
      path.join(root, 'csvdir/b.csv'),
    ]);
    assert.deepEqual(host.resolveSource(path.join(root, 'mixed'), 10), [path.join(root, 'mixed/y.parquet')]);
  });

  it('resolves a directory with no data parts, and a missing path, to nothing', () => {
    const host = new NodeSpecHost();
    assert.deepEqual(host.resolveSource(path.join(root, 'emptydir'), 10), []);
    assert.deepEqual(host.resolveSource(path.join(root, 'nope.csv'), 10), []);
  });

  it('caps a directory at the limit', () => {
    const host = new NodeSpecHost();
    assert.deepEqual(host.resolveSource(path.join(root, 'parts'), 2), [
      path.join(root, 'parts/part_000.parquet'),
      path.join(root, 'parts/part_001.parquet'),
    ]);
  });

  it('resolves globs with *, ?, ** and {a,b}', () => {
    const host = new NodeSpecHost();
    const rel = (files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));
    assert.deepEqual(rel(host.resolveSource(path.join(root, 'g/*/*.csv'), 10)), ['g/a/one.csv', 'g/b/two.csv']);
    assert.deepEqual(rel(host.resolveSource(path.join(root, 'g/**/*.csv'), 10)), [
      'g/a/one.csv',
      'g/b/deep/three.csv',
      'g/b/two.csv',
    ]);
    assert.deepEqual(rel(host.resolveSource(path.join(root, 'parts/part_00?.parquet'), 10)), [
      'parts/part_000.parquet',
      'parts/part_001.parquet',
      'parts/part_002.parquet',
    ]);
    assert.deepEqual(rel(host.resolveSource(path.join(root, 'g/{a,c}/*.{csv,parquet}'), 10)), [
      'g/a/one.csv',
      'g/c/four.parquet',
    ]);
    assert.deepEqual(rel(host.resolveSource(path.join(root, 'parts/part_00[02].parquet'), 10)), [
      'parts/part_000.parquet',
      'parts/part_002.parquet',
    ]);
  });

  it('does not let * match hidden files', () => {
    const host = new NodeSpecHost();
    const matches = host.resolveSource(path.join(root, 'g/*.csv'), 10);
    assert.deepEqual(matches, []);
  });

  it('caps a glob at the limit and keeps the first matches in sorted order', () => {
    const host = new NodeSpecHost();
    const all = host.resolveSource(path.join(root, 'g/**/*'), 100);
    assert.equal(all.length, 4);
    const capped = host.resolveSource(path.join(root, 'g/**/*'), 2);
    assert.deepEqual(capped, all.slice(0, 2));
  });

  it('uses an injected training job reader', () => {
    const host = new NodeSpecHost({
      readTrainingJob: (jobId) =>
        jobId === 'trainingjob-1' ? { jobId, query: 'q', taskType: 'regression', tables: [], edges: [] } : undefined,
    });
    assert.equal(host.readTrainingJob?.('trainingjob-1', '/x')?.jobId, 'trainingjob-1');
    assert.equal(host.readTrainingJob?.('trainingjob-2', '/x'), undefined);
    // By default: local ids from the job store, kumo:<id> from the pulled Kumo training graphs.
    assert.equal(new NodeSpecHost().readTrainingJob, readAnyTrainingJob);
  });
});

describe('globFiles', () => {
  it('expands nested braces', () => {
    assert.deepEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
    assert.deepEqual(expandBraces('no-braces'), ['no-braces']);
    assert.deepEqual(expandBraces('unbalanced{a,b'), ['unbalanced{a,b']);
  });

  it('says when a glob matched more than the limit', () => {
    const result = globFiles(path.join(root, 'parts/*.parquet'), 2);
    assert.equal(result.files.length, 2);
    assert.equal(result.truncated, true);
    assert.equal(globFiles(path.join(root, 'parts/*.parquet'), 3).truncated, false);
  });

  it('stops walking at its entry budget instead of scanning a whole tree', () => {
    const result = globFiles(path.join(root, '**/*'), 1000, 3);
    assert.equal(result.truncated, true);
  });

  it('does not loop through a symlink cycle under **', () => {
    const loopDir = path.join(root, 'loop');
    fs.mkdirSync(loopDir, { recursive: true });
    fs.writeFileSync(path.join(loopDir, 'f.csv'), 'a\n1\n');
    fs.symlinkSync(loopDir, path.join(loopDir, 'self'));
    const result = globFiles(path.join(loopDir, '**/*.csv'), 100);
    assert.deepEqual(result.files, [path.join(loopDir, 'f.csv')]);
  });
});
