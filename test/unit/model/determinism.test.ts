import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeGbdtModel, trainGbdt, type GbdtSettingsOverrides } from '../../../engine/model';
import { binaryProblem, multiclassProblem, splitProblem } from './syntheticData';

const sampled: GbdtSettingsOverrides = { num_trees: 25, subsample: 0.7, colsample_bytree: 0.5 };
const serialized = (model: ReturnType<typeof trainGbdt>) => JSON.stringify(serializeGbdtModel(model));

describe('determinism', () => {
  const { train, test } = splitProblem(binaryProblem(2000, 1, 8), 1500);

  it('same data, settings and seed give a byte-identical model', () => {
    const options = { task: 'binary' as const, train, validation: test, runMode: 'fast' as const };
    const first = serialized(trainGbdt({ ...options, settings: { ...sampled, seed: 7 } }));
    const second = serialized(trainGbdt({ ...options, settings: { ...sampled, seed: 7 } }));
    assert.equal(first, second);
  });

  it('a different seed with row and column subsampling gives a different model', () => {
    const options = { task: 'binary' as const, train, runMode: 'fast' as const };
    const seven = trainGbdt({ ...options, settings: { ...sampled, seed: 7 } });
    const eight = trainGbdt({ ...options, settings: { ...sampled, seed: 8 } });
    assert.notDeepEqual(seven.trees[0].arrays.leafValue, eight.trees[0].arrays.leafValue);
    assert.notDeepEqual(seven.predict(test.features), eight.predict(test.features));
  });

  it('without subsampling the seed only changes the recorded settings, not the trees', () => {
    const options = { task: 'binary' as const, train, runMode: 'fast' as const };
    const full = { num_trees: 10, subsample: 1, colsample_bytree: 1 };
    const a = trainGbdt({ ...options, settings: { ...full, seed: 1 } });
    const b = trainGbdt({ ...options, settings: { ...full, seed: 2 } });
    assert.deepEqual(a.predict(test.features), b.predict(test.features));
  });

  it('multiclass training is deterministic too', () => {
    const problem = multiclassProblem(1000, 2);
    const options = { task: 'multiclass' as const, train: problem, runMode: 'fast' as const, settings: sampled };
    assert.equal(serialized(trainGbdt(options)), serialized(trainGbdt(options)));
  });
});
