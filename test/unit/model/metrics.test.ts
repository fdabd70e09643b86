import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  areaUnderRoc,
  argmaxPerRow,
  averagePrecision,
  binaryAccuracy,
  logLoss,
  meanAbsoluteError,
  multiclassAccuracy,
  multiclassLogLoss,
  rootMeanSquaredError,
  rSquared,
} from '../../../engine/model';

const f64 = (...values: number[]) => Float64Array.from(values);
const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('areaUnderRoc', () => {
  it('counts correctly ordered positive/negative pairs', () => {
    // pairs (pos, neg): (0.9, 0.8) yes, (0.9, 0.3) yes, (0.4, 0.8) no, (0.4, 0.3) yes -> 3/4
    close(areaUnderRoc(f64(1, 0, 1, 0), f64(0.9, 0.8, 0.4, 0.3)), 0.75);
  });

  it('counts tied scores as half a pair, whatever the order of the tied rows', () => {
    // (0.5, 0.5) tie = 1/2, (0.5, 0.1) yes, (0.2, 0.5) no, (0.2, 0.1) yes -> 2.5/4
    close(areaUnderRoc(f64(1, 0, 1, 0), f64(0.5, 0.5, 0.2, 0.1)), 0.625);
    close(areaUnderRoc(f64(0, 1, 1, 0), f64(0.5, 0.5, 0.2, 0.1)), 0.625);
  });

  it('weights pairs by the product of the row weights', () => {
    // positive weights 2 (0.9) and 1 (0.4); negatives 1 and 1: (2 + 2 + 0 + 1) / (3 * 2)
    close(areaUnderRoc(f64(1, 0, 1, 0), f64(0.9, 0.8, 0.4, 0.3), f64(2, 1, 1, 1)), 5 / 6);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one and NaN with one class', () => {
    assert.equal(areaUnderRoc(f64(0, 0, 1, 1), f64(1, 2, 3, 4)), 1);
    assert.equal(areaUnderRoc(f64(1, 1, 0, 0), f64(1, 2, 3, 4)), 0);
    assert.ok(Number.isNaN(areaUnderRoc(f64(1, 1), f64(0.2, 0.3))));
  });
});

describe('averagePrecision', () => {
  it('sums precision times recall increase over thresholds', () => {
    // threshold 0.9: precision 1, recall +0.5; threshold 0.4: precision 2/3, recall +0.5
    close(averagePrecision(f64(1, 0, 1, 0), f64(0.9, 0.8, 0.4, 0.3)), 0.5 + 1 / 3);
  });

  it('treats tied scores as one threshold', () => {
    // threshold 0.5: 1 positive of 2 rows, recall +0.5; threshold 0.2: 2 of 3, recall +0.5
    close(averagePrecision(f64(1, 0, 1, 0), f64(0.5, 0.5, 0.2, 0.1)), 0.25 + 1 / 3);
    close(averagePrecision(f64(0, 1, 1, 0), f64(0.5, 0.5, 0.2, 0.1)), 0.25 + 1 / 3);
  });
});

describe('pointwise metrics', () => {
  it('binary accuracy thresholds probabilities at 0.5 by default', () => {
    close(binaryAccuracy(f64(1, 0, 1, 0), f64(0.9, 0.8, 0.4, 0.3)), 0.5);
    close(binaryAccuracy(f64(1, 0, 1, 0), f64(0.9, 0.8, 0.4, 0.3), 0.85), 0.75);
  });

  it('log loss is the mean negative log-likelihood', () => {
    close(logLoss(f64(1, 0), f64(0.8, 0.4)), -(Math.log(0.8) + Math.log(0.6)) / 2);
    close(logLoss(f64(1, 0), f64(0.8, 0.4), f64(3, 1)), -(3 * Math.log(0.8) + Math.log(0.6)) / 4);
    assert.ok(Number.isFinite(logLoss(f64(1), f64(0))), 'clipped, not infinite');
  });

  it('MAE, RMSE and R2 match hand-computed values', () => {
    const labels = f64(1, 2, 3);
    const predictions = f64(2, 2, 5);
    close(meanAbsoluteError(labels, predictions), 1);
    close(rootMeanSquaredError(labels, predictions), Math.sqrt(5 / 3));
    // SSE 5, SST around the mean 2 is 2
    close(rSquared(labels, predictions), 1 - 5 / 2);
    close(rSquared(labels, labels), 1);
    close(meanAbsoluteError(labels, predictions, f64(0, 1, 1)), 1);
  });

  it('multiclass accuracy and log loss read row-major class probabilities', () => {
    const probabilities = f64(0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3);
    const labels = f64(0, 1, 1);
    assert.deepEqual([...argmaxPerRow(probabilities, 3)], [0, 2, 1]);
    close(multiclassAccuracy(labels, probabilities, 3), 2 / 3);
    close(multiclassLogLoss(labels, probabilities, 3), -(Math.log(0.7) + Math.log(0.3) + Math.log(0.4)) / 3);
  });
});
