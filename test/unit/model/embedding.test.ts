import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embeddingCosine, trainGbdt, type FeatureMatrix } from '../../../engine/model';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { at, multiclassProblem, splitProblem } from './syntheticData';

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('leaf co-occurrence embeddings', () => {
  const { train, test } = splitProblem(multiclassProblem(3000, 1), 2000);
  const model = trainGbdt({ task: 'multiclass', train, runMode: 'fast', settings: { num_trees: 40 } });
  const dimensions = model.settings.embedding_dim;
  const embeddings = model.embed(test.features);

  it('gives every row a unit vector of embedding_dim floats, deterministically', () => {
    assert.equal(dimensions, 32);
    assert.ok(embeddings instanceof Float32Array);
    assert.equal(embeddings.length, test.features.numRows * dimensions);
    for (let row = 0; row < test.features.numRows; row += 97) {
      const norm = Math.hypot(...embeddings.subarray(row * dimensions, (row + 1) * dimensions));
      assert.ok(Math.abs(norm - 1) < 1e-5, `row ${row} norm ${norm}`);
    }
    assert.deepEqual(model.embed(test.features), embeddings);
    assert.equal(model.embed(test.features, { dimensions: 8 }).length, test.features.numRows * 8);
  });

  it('places rows of the same class closer than rows of different classes', () => {
    const same: number[] = [];
    const different: number[] = [];
    for (let a = 0; a < 300; a++) {
      for (let b = a + 1; b < 300; b++) {
        (test.labels[a] === test.labels[b] ? same : different).push(embeddingCosine(embeddings, dimensions, a, b));
      }
    }
    assert.ok(mean(same) > mean(different) + 0.3, `same ${mean(same)}, different ${mean(different)}`);
  });

  it('keeps a slightly perturbed row closer to its original than unrelated rows are', () => {
    const random = new SeededRandom(4);
    const rows = 200;
    // Rows 0..199 of the test set followed by the same rows nudged by 1% of a standard deviation.
    const values = new Float64Array(2 * rows * test.features.numFeatures);
    for (let j = 0; j < test.features.numFeatures; j++) {
      for (let i = 0; i < rows; i++) {
        values[j * 2 * rows + i] = at(test.features, i, j);
        values[j * 2 * rows + rows + i] = at(test.features, i, j) + 0.01 * random.nextGaussian();
      }
    }
    const paired: FeatureMatrix = { ...test.features, numRows: 2 * rows, values };
    const vectors = model.embed(paired);
    const twins = Array.from({ length: rows }, (_, i) => embeddingCosine(vectors, dimensions, i, rows + i));
    const strangers = Array.from({ length: rows }, (_, i) =>
      embeddingCosine(vectors, dimensions, i, (i * 7 + 13) % rows),
    );
    assert.ok(mean(twins) > 0.95, `twins ${mean(twins)}`);
    assert.ok(mean(twins) > mean(strangers) + 0.3, `twins ${mean(twins)}, strangers ${mean(strangers)}`);
  });

  it('gives identical rows identical vectors and a model without splits all-zero vectors', () => {
    assert.ok(Math.abs(embeddingCosine(embeddings, dimensions, 5, 5) - 1) < 1e-6);
    const constant = { ...train, labels: new Float64Array(train.labels.length) };
    const flat = trainGbdt({ task: 'regression', train: constant, runMode: 'fast', settings: { num_trees: 3 } });
    assert.ok(flat.embed(test.features).every((x) => x === 0));
  });
});
