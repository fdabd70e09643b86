import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  isSpecFileName,
  SKIPPED_FOLDERS,
  specFileGlob,
  specKindOfPath,
  SPEC_KINDS,
} from '../../../core/spec/specFileNames';
import { specFileWhenClause } from '../../../scripts/derivedFiles';

const NAMES: [string, string | undefined][] = [
  ['shop.graph.yaml', 'graph'],
  ['churn.training.yml', 'training'],
  ['x.y.prediction.yaml', 'prediction'],
  ['Shop.Graph.YAML', 'graph'],
  ['CHURN.TRAINING.YML', 'training'],
  ['graph.yaml', undefined],
  ['a.graph.yaml.bak', undefined],
  ['a.graph.json', undefined],
  ['a.model.yaml', undefined],
  ['a.graphs.yaml', undefined],
];

describe('the spec file-name convention (core/spec/specFileNames)', () => {
  it('names the kind in any case, and nothing else', () => {
    for (const [name, kind] of NAMES) {
      assert.equal(specKindOfPath(`/ws/${name}`), kind, name);
      assert.equal(isSpecFileName(name), kind !== undefined, name);
    }
  });

  it('gives editors a glob that matches exactly the same names (character classes for any case)', () => {
    const glob = specFileGlob();
    for (const [name, kind] of NAMES) assert.equal(path.matchesGlob(`/ws/sub/${name}`, glob), kind !== undefined, name);
    const training = specFileGlob(['training']);
    assert.equal(path.matchesGlob('/ws/a.Training.yaml', training), true);
    assert.equal(path.matchesGlob('/ws/a.graph.yaml', training), false);
  });

  it("gives package.json's when clauses the same matcher", () => {
    const clause = specFileWhenClause(SPEC_KINDS);
    const [, source, flags] = /^resourceFilename =~ \/(.*)\/(\w*)$/.exec(clause)!;
    const regex = new RegExp(source, flags);
    for (const [name, kind] of NAMES) assert.equal(regex.test(name), kind !== undefined, name);
  });

  it('skips dependencies, VCS data, the job store and build outputs', () => {
    assert.deepEqual([...SKIPPED_FOLDERS].sort(), ['.git', '.relgraph', 'dist', 'node_modules', 'out']);
  });
});
