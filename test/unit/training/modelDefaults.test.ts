import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { defaultModelPlan, memberSeed } from '../../../engine/training/modelDefaults';
import { trainEnsemble } from '../../../engine/training/trainEnsemble';
import { matrixFromRows } from '../model/syntheticData';

describe('model defaults from the training table size', () => {
  it('small tables get few, large leaves; large tables more capacity; the task decides metric and loss', () => {
    const small = defaultModelPlan('binary', 2000, 300, 'normal');
    assert.equal(small.gbdt.num_leaves, 7);
    assert.equal(small.gbdt.min_data_in_leaf, 20);
    assert.equal(small.gbdt.max_bins, 63);
    assert.equal(small.gbdt.eval_metric, 'auc');
    assert.equal(small.bagSize, 3);
    const large = defaultModelPlan('regression', 500_000, 300, 'normal');
    assert.equal(large.gbdt.num_leaves, 31);
    assert.equal(large.gbdt.min_data_in_leaf, 500);
    assert.equal(large.gbdt.max_bins, 255);
    assert.equal(large.gbdt.eval_metric, 'mae');
    assert.equal(large.gbdt.loss, 'huber');
    assert.equal(large.bagSize, 1, 'bagging only where it is cheap');
    assert.equal(defaultModelPlan('multiclass', 2000, 300, 'normal', 40).bagSize, 1, 'classes count in the cost');
    assert.deepEqual(defaultModelPlan('multiclass', 2000, 300, 'normal').linearPenalties, []);
    assert.equal(defaultModelPlan('binary', 2000, 10, 'normal').gbdt.colsample_bytree, 0.9);
  });

  it('run modes trade time for quality', () => {
    const [fast, normal, best] = (['fast', 'normal', 'best'] as const).map((m) =>
      defaultModelPlan('binary', 5000, 100, m),
    );
    assert.ok(
      fast.gbdt.learning_rate! > normal.gbdt.learning_rate! && normal.gbdt.learning_rate! > best.gbdt.learning_rate!,
    );
    assert.deepEqual([fast.bagSize, normal.bagSize, best.bagSize], [1, 3, 5]);
    assert.equal(fast.compareFeatureSets, false);
    assert.ok(best.linearPenalties.length > normal.linearPenalties.length);
    assert.equal(memberSeed(1, 0), 1);
    assert.notEqual(memberSeed(1, 1), memberSeed(2, 0), 'bags of nearby seeds share no member');
  });
});

/** y depends on c0 (compact) and w0 (a wide feature); w1..w29 are noise. The first 80 % of rows train, the rest validate. */
function problem(rows = 2000) {
  const random = new SeededRandom(11);
  const names = ['c0', 'c1', ...Array.from({ length: 30 }, (_, j) => `w${j}`)];
  const matrix = matrixFromRows(rows, names, () => random.nextGaussian());
  const at = (i: number, j: number) => matrix.values[j * rows + i];
  const labels = Float64Array.from({ length: rows }, (_, i) =>
    at(i, 0) + 0.8 * at(i, 2) + 0.5 * random.nextGaussian() > 0 ? 1 : 0,
  );
  const split = Uint8Array.from({ length: rows }, (_, i) => (i < rows * 0.8 ? 0 : 1));
  return { matrix, labels, split, compactFeatures: new Set(['c0', 'c1']) };
}

describe('trainEnsemble: trials on the validation rows, then every model on all rows', () => {
  it('normal: screening, compact vs pruned set, a bag, the linear blend; deterministic', () => {
    const input = { ...problem(), task: 'binary' as const, runMode: 'normal' as const, seed: 3, overrides: {} };
    const result = trainEnsemble(input);
    const names = result.trials.map((t) => t.name);
    assert.equal(names[0], 'screening (all features)');
    assert.ok(names.includes('features: compact') && names.includes('features: pruned'));
    assert.ok(names.includes('bag of 3 seeds'));
    assert.ok(names.some((n) => n.startsWith('linear l2=')));
    // The wide signal w0 is only in the pruned set: it must win, and prune away most of the noise.
    assert.equal(result.featureSet.name, 'pruned');
    assert.ok(result.featureSet.features.includes('w0') && result.featureSet.features.length < 32);
    assert.equal(result.model.gbdts.length, 3);
    assert.equal(result.validationPredictions.length, 400);
    assert.equal(result.metric, 'auroc');
    assert.ok(result.trials.every((t) => Number.isFinite(t.score)));
    const again = trainEnsemble(input);
    assert.deepEqual(again.validationPredictions, result.validationPredictions);
  });

  it('fast: every feature, one GBDT; best: eight more settings tried, knobs the spec sets left alone', () => {
    const base = problem(1200);
    const fast = trainEnsemble({ ...base, task: 'binary', runMode: 'fast', seed: 1, overrides: {} });
    assert.equal(fast.featureSet.name, 'all');
    assert.equal(fast.model.gbdts.length, 1);
    const best = trainEnsemble({ ...base, task: 'binary', runMode: 'best', seed: 1, overrides: { num_leaves: 5 } });
    const searched = best.trials.filter((t) => t.name.startsWith('search: '));
    assert.equal(searched.length, 6, searched.map((t) => t.name).join(', '));
    assert.ok(!searched.some((t) => t.name.includes('num_leaves')));
    assert.ok(best.model.gbdts.every((g) => g.settings.num_leaves === 5));
  });
});
