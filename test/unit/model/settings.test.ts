import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GBDT_RUN_MODE_PRESETS,
  GBDT_SETTING_DESCRIPTORS,
  parseGbdtModelSection,
  resolveGbdtSettings,
} from '../../../engine/model';

describe('GBDT settings', () => {
  it('run modes trade time for quality: more trees, deeper, slower learning from fast to best', () => {
    const { fast, normal, best } = GBDT_RUN_MODE_PRESETS;
    assert.ok(fast.num_trees < normal.num_trees && normal.num_trees < best.num_trees);
    assert.ok(fast.max_depth < normal.max_depth && normal.max_depth < best.max_depth);
    assert.ok(fast.learning_rate > normal.learning_rate && normal.learning_rate > best.learning_rate);
    assert.ok(fast.early_stopping_rounds < best.early_stopping_rounds);
  });

  it('explicit settings override the preset and the rest comes from the run mode', () => {
    const settings = resolveGbdtSettings('fast', { num_trees: 7, seed: 3 });
    assert.equal(settings.num_trees, 7);
    assert.equal(settings.seed, 3);
    assert.equal(settings.max_depth, GBDT_RUN_MODE_PRESETS.fast.max_depth);
    assert.equal(resolveGbdtSettings().num_trees, GBDT_RUN_MODE_PRESETS.normal.num_trees);
  });

  it('every setting has a descriptor and every preset value passes its own validation', () => {
    const keys = Object.keys(GBDT_RUN_MODE_PRESETS.normal).sort();
    assert.deepEqual(GBDT_SETTING_DESCRIPTORS.map((d) => d.key).sort(), keys);
    for (const preset of Object.values(GBDT_RUN_MODE_PRESETS)) {
      assert.deepEqual(parseGbdtModelSection({ ...preset }).issues, []);
    }
  });

  it('reports bad values as errors and unknown keys as warnings with a suggestion', () => {
    const { overrides, issues } = parseGbdtModelSection({
      num_trees: 2.5,
      learning_rate: 0,
      growth: 'sideways',
      huber_delta: 'auto',
      max_depht: 4,
      subsample: 0.5,
    });
    assert.deepEqual(overrides, { huber_delta: 'auto', subsample: 0.5 });
    const byKey = Object.fromEntries(issues.map((issue) => [issue.key, issue]));
    assert.equal(byKey.num_trees.severity, 'error');
    assert.match(byKey.num_trees.message, /integer/);
    assert.match(byKey.learning_rate.message, /> 0/);
    assert.match(byKey.growth.message, /leafwise, depthwise/);
    assert.equal(byKey.max_depht.severity, 'warning');
    assert.match(byKey.max_depht.message, /did you mean 'max_depth'/);
  });

  it('resolve throws on an invalid override and on an unknown run mode', () => {
    assert.throws(() => resolveGbdtSettings('fast', { max_bins: 1000 }), /max_bins/);
    assert.throws(() => resolveGbdtSettings('turbo' as 'fast'), /unknown run_mode 'turbo'/);
  });
});
