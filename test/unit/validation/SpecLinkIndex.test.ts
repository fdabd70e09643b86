import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { SpecLinkIndex } from '../../../core/workspace/SpecLinkIndex';
import { MemorySpecHost } from '../../helpers/MemorySpecHost';

function workspace() {
  const host = new MemorySpecHost('/ws', {
    'shop.graph.yaml': 'kind: graph\ntables:\n  users: { source: data/users.csv, primary_key: id }\n',
    'holdout.graph.yaml': 'kind: graph\ntables:\n  users: { source: holdout/*.csv, primary_key: id }\n',
    'churn.training.yaml': 'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT users.x FOR EACH users.id\n',
    'a.prediction.yaml': 'kind: prediction\ntraining_job: churn.training.yaml\ngraph: holdout.graph.yaml\n',
    'b.prediction.yaml': 'kind: prediction\ntraining_job: trainingjob-7\ngraph: holdout.graph.yaml\n',
    'c.prediction.yaml': 'kind: prediction\ntraining_job: kumo:trainingjob-7\n',
  });
  const index = new SpecLinkIndex();
  for (const file of host.files.keys()) index.readFrom(host, file);
  return { host, index };
}

describe('SpecLinkIndex (core/workspace): one answer to how specs point at each other', () => {
  it('knows the prediction specs of a graph file, the training specs of a graph, the predictions of a model', () => {
    const { host, index } = workspace();
    assert.deepEqual(index.referrersOf(host.abs('holdout.graph.yaml')), [
      host.abs('a.prediction.yaml'),
      host.abs('b.prediction.yaml'),
    ]);
    assert.deepEqual(index.referrersOf(host.abs('shop.graph.yaml')), []);
    assert.deepEqual(index.trainingSpecsOf(host.abs('shop.graph.yaml')), [host.abs('churn.training.yaml')]);
    assert.deepEqual(index.predictionSpecsOf(host.abs('churn.training.yaml')), [host.abs('a.prediction.yaml')]);
  });

  it('tells a local job id from the same id on Kumo (core/jobs/JobRef)', () => {
    const { host, index } = workspace();
    assert.deepEqual(index.predictionSpecsOfJob({ backend: 'local', id: 'trainingjob-7' }), [
      host.abs('b.prediction.yaml'),
    ]);
    assert.deepEqual(index.predictionSpecsOfJob({ backend: 'kumo', id: 'trainingjob-7' }), [
      host.abs('c.prediction.yaml'),
    ]);
    assert.deepEqual(index.predictionSpecsOfBackend('local'), [host.abs('b.prediction.yaml')]);
  });

  it('reports whether a change moved a link, and forgets deleted files', () => {
    const { host, index } = workspace();
    assert.equal(index.readFrom(host, host.abs('a.prediction.yaml')), false, 'same text, same links');
    host.files.set(
      host.abs('a.prediction.yaml'),
      'kind: prediction\ntraining_job: churn.training.yaml\ngraph: shop.graph.yaml\n',
    );
    assert.equal(index.readFrom(host, host.abs('a.prediction.yaml')), true);
    assert.deepEqual(index.referrersOf(host.abs('shop.graph.yaml')), [host.abs('a.prediction.yaml')]);
    assert.equal(index.remove(host.abs('a.prediction.yaml')), true);
    assert.deepEqual(index.referrersOf(host.abs('shop.graph.yaml')), []);
  });

  it('records what validation read: the dependents of a spec file and the readers of a data file', () => {
    const { host, index } = workspace();
    index.recordValidation(validateSpecFile(host.abs('a.prediction.yaml'), host));
    assert.deepEqual(index.dependentsOf(host.abs('shop.graph.yaml')), [host.abs('a.prediction.yaml')]);
    assert.deepEqual(index.dependentsOf(host.abs('churn.training.yaml')), [host.abs('a.prediction.yaml')]);
    assert.deepEqual(index.readersOfDataFile(host.abs('holdout/part-1.csv')), [host.abs('a.prediction.yaml')]);
    assert.deepEqual(index.readersOfDataFile(host.abs('data/users.csv')), [host.abs('a.prediction.yaml')]);
    assert.deepEqual(index.readersOfDataFile(host.abs('elsewhere/users.csv')), []);
    index.forgetValidation(host.abs('a.prediction.yaml'));
    assert.deepEqual(index.dependentsOf(host.abs('shop.graph.yaml')), []);
  });
});
