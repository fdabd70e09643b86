import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  constantPredictorWarning,
  refuseUnlearnable,
  TrainingRefusedError,
} from '../../../engine/training/learnability';

const f = (values: number[]) => Float64Array.from(values);

describe('a model that cannot learn says so', () => {
  it('one label class, one target value or no training rows: refused, naming what to change', () => {
    const settings = 'anchors 2024-01-01 to 2024-06-01 (train.start_time 2024-01-01)';
    assert.throws(
      () =>
        refuseUnlearnable(
          'binary_classification',
          { trainRows: 40, validationRows: 5, distinctLabels: 1, onlyLabel: '1.0' },
          settings,
        ),
      (e: unknown) =>
        e instanceof TrainingRefusedError &&
        /one label class \(every one of the 40 training rows is true\)/.test(e.message) &&
        e.message.includes(settings),
    );
    assert.throws(
      () =>
        refuseUnlearnable(
          'regression',
          { trainRows: 3, validationRows: 0, distinctLabels: 1, onlyLabel: '7.0' },
          settings,
        ),
      /one target value \(every one of the 3 training rows is 7\.0\)/,
    );
    assert.throws(
      () =>
        refuseUnlearnable('binary_classification', { trainRows: 0, validationRows: 12, distinctLabels: 0 }, settings),
      /no training rows before train\.validation_start \(12 validation rows\)/,
    );
    refuseUnlearnable('binary_classification', { trainRows: 10, validationRows: 2, distinctLabels: 2 }, settings);
  });

  it('no better than a constant on the validation rows: a warning; better: none', () => {
    const train = f([0, 1, 0, 1]);
    const labels = f([0, 1, 0, 1]);
    assert.equal(constantPredictorWarning('binary_classification', train, labels, f([0.1, 0.9, 0.2, 0.8])), undefined);
    assert.match(
      constantPredictorWarning('binary_classification', train, labels, f([0.9, 0.1, 0.8, 0.2]))!,
      /no better than a constant .*AUROC 0\.0000 <= 0\.5/,
    );
    assert.match(
      constantPredictorWarning('binary_classification', train, f([1, 1]), f([0.2, 0.4]))!,
      /one label class/,
    );
    // Regression: the constant is the training median (2); predicting 10 everywhere is worse.
    assert.match(
      constantPredictorWarning('regression', f([1, 2, 3]), f([2, 2]), f([10, 10]))!,
      /no better than always predicting the training median 2 .*MAE 8\.0000 vs 0\.0000/,
    );
    assert.equal(constantPredictorWarning('regression', f([1, 2, 3]), f([1, 3]), f([1, 3])), undefined);
    assert.match(constantPredictorWarning('regression', f([1]), f([]), f([]))!, /no validation rows/);
  });
});
