import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLoss, trainGbdt, type GbdtRoundProgress } from '../../../engine/model';
import { SeededRandom } from '../../../engine/model/SeededRandom';
import { binaryProblem, splitProblem } from './syntheticData';

describe('early stopping on the validation set', () => {
  it('stops once the validation metric has not improved for early_stopping_rounds and keeps the best round', () => {
    // Pure noise labels: every tree overfits, so validation logloss gets worse almost at once.
    const { train, test } = splitProblem(binaryProblem(3000, 1), 2000);
    const random = new SeededRandom(2);
    train.labels = train.labels.map(() => (random.next() < 0.5 ? 1 : 0));
    const progress: GbdtRoundProgress[] = [];
    const model = trainGbdt({
      task: 'binary',
      train,
      validation: test,
      runMode: 'fast',
      settings: { num_trees: 200, early_stopping_rounds: 5, learning_rate: 0.3 },
      onRound: (p) => progress.push(p),
    });
    const { training } = model;
    assert.ok(training.stoppedEarly);
    assert.ok(training.roundsTrained < 200);
    assert.equal(training.roundsTrained, training.roundsKept + 5);
    assert.equal(model.numRounds, training.roundsKept);
    assert.equal(training.validationMetric, 'logloss');
    assert.equal(training.validationHistory.length, training.roundsTrained);
    assert.equal(training.bestValidationScore, Math.min(...training.validationHistory));
    assert.equal(training.validationHistory[training.roundsKept - 1], training.bestValidationScore);
    assert.equal(progress.length, training.roundsTrained);
    assert.equal(progress.at(-1)!.bestRound, training.roundsKept);
    // The kept model is exactly the best round's model.
    const best = logLoss(test.labels, model.predict(test.features));
    assert.ok(Math.abs(best - training.bestValidationScore!) < 1e-12);
  });

  it('keeps improving rounds on a learnable problem and honours a higher-is-better metric', () => {
    const { train, test } = splitProblem(binaryProblem(3000, 3), 2000);
    const model = trainGbdt({
      task: 'binary',
      train,
      validation: test,
      runMode: 'fast',
      settings: { num_trees: 40, eval_metric: 'auc', early_stopping_rounds: 10 },
    });
    assert.equal(model.training.validationMetric, 'auc');
    assert.equal(model.training.bestValidationScore, Math.max(...model.training.validationHistory));
    assert.ok(model.training.roundsKept > 20, `kept ${model.training.roundsKept} rounds`);
  });

  it('trains every round when early_stopping_rounds is 0', () => {
    const { train, test } = splitProblem(binaryProblem(1000, 4), 800);
    train.labels = train.labels.map((_, i) => i % 2);
    const model = trainGbdt({
      task: 'binary',
      train,
      validation: test,
      runMode: 'fast',
      settings: { num_trees: 15, early_stopping_rounds: 0 },
    });
    assert.equal(model.training.roundsTrained, 15);
    assert.equal(model.numRounds, 15);
    assert.equal(model.training.stoppedEarly, false);
  });

  it('rejects a metric that does not fit the task and stops when the signal is aborted', () => {
    const { train, test } = splitProblem(binaryProblem(500, 5), 400);
    assert.throws(
      () => trainGbdt({ task: 'binary', train, validation: test, settings: { eval_metric: 'rmse' } }),
      /eval_metric 'rmse' does not apply to binary/,
    );
    const controller = new AbortController();
    assert.throws(
      () =>
        trainGbdt({
          task: 'binary',
          train,
          runMode: 'fast',
          onRound: (p) => p.round === 3 && controller.abort(new Error('cancelled by test')),
          signal: controller.signal,
        }),
      /cancelled by test/,
    );
  });
});
