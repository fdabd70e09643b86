import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  createdJobId,
  createdJobRecord,
  lastMessage,
  runProblems,
  untrainedTrainingSpec,
} from '../../../client/commands/engineRunOutput';
import { resolveTrainedModel } from '../../../engine/prediction/trainedModels';

describe('what the editor reads from a relgraph predict|train run', () => {
  it('finds the job the run created, from its first line', () => {
    assert.equal(
      createdJobId('bp-job-20261206-105613-43357d: log .relgraph/jobs/x.log\n  Loading model\n'),
      'bp-job-20261206-105613-43357d',
    );
    assert.equal(createdJobId('trainingjob-20261206-1-abc: log a.log\n'), 'trainingjob-20261206-1-abc');
    assert.equal(createdJobId('holdout.prediction.yaml:3:1 error unknown-table ...\n'), undefined);
    // Its record is beside its log, which the CLI prints relative to the run's folder.
    assert.equal(
      createdJobRecord('bp-job-1-a: log shop/.relgraph/jobs/bp-job-1-a.log\n  Loading model\n', '/ws'),
      path.join('/ws', 'shop', '.relgraph', 'jobs', 'bp-job-1-a.json'),
    );
    assert.equal(createdJobRecord('relgraph predict: refused\n', '/ws'), undefined);
  });

  it('reads the errors of a refused spec in the CLI text format', () => {
    const output = [
      "shop/holdout.graph.yaml:12:3 error table-not-in-training Table 'driver' is not in the training graph. Did you mean 'drivers'?",
      'shop/holdout.prediction.yaml:2:15 information model-not-trained ...',
      'shop/holdout.prediction.yaml:5:1 warning threshold-not-applicable binary_classification_threshold has no effect',
      'relgraph predict: holdout.prediction.yaml has 1 error: fix it first',
    ].join('\n');
    assert.deepEqual(runProblems(output), [
      {
        file: 'shop/holdout.graph.yaml',
        line: 12,
        severity: 'error',
        code: 'table-not-in-training',
        message: "Table 'driver' is not in the training graph. Did you mean 'drivers'?",
      },
      {
        file: 'shop/holdout.prediction.yaml',
        line: 5,
        severity: 'warning',
        code: 'threshold-not-applicable',
        message: 'binary_classification_threshold has no effect',
      },
    ]);
    assert.equal(lastMessage(`${output}\n\n`), 'holdout.prediction.yaml has 1 error: fix it first');
  });

  it("recognises the engine's own refusal of an untrained training spec (and nothing else)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-untrained-run-'));
    try {
      const trainingSpec = path.join(dir, 'churn.training.yaml');
      const ref = {
        kind: 'spec' as const,
        ref: { value: 'churn.training.yaml', range: zeroRange, keyRange: zeroRange },
        absolutePath: trainingSpec,
      };
      const error = captureError(() => resolveTrainedModel(ref, path.join(dir, 'churn.prediction.yaml')));
      assert.equal(untrainedTrainingSpec(error.message), 'churn.training.yaml');
      assert.equal(
        untrainedTrainingSpec(`FAILED bp-job-1 during 'Loading model': ${error.message}`),
        'churn.training.yaml',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(
      untrainedTrainingSpec(
        "no finished training job for m.training.yaml (trainingjob-1 is RUNNING: wait for it to finish): train it first with 'relgraph train m.training.yaml'",
      ),
      'm.training.yaml',
    );
    assert.equal(untrainedTrainingSpec("no local training job 'trainingjob-x' in /p/.relgraph/jobs"), undefined);
    assert.equal(untrainedTrainingSpec('the model file is unreadable'), undefined);
  });
});

const zeroRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
