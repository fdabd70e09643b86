import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { MemorySpecHost } from '../../helpers/MemorySpecHost';

const TRAINING_GRAPH = `kind: graph
tables:
  drivers:
    source: data/drivers.csv
    primary_key: driverId
  results:
    source: data/results.csv
    primary_key: resultId
    time_column: date
  races:
    source: data/races.csv
    primary_key: raceId
    time_column: date
edges:
  - { src_table: results, fkey: driverId, dst_table: drivers }
  - { src_table: results, fkey: raceId, dst_table: races }
`;

function workspace(extra: Record<string, string> = {}) {
  return new MemorySpecHost('/ws', {
    'data/drivers.csv': '',
    'data/results.csv': '',
    'data/races.csv': '',
    'f1.graph.yaml': TRAINING_GRAPH,
    'dnf.training.yaml': `kind: training
graph: f1.graph.yaml
query: PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0 FOR EACH drivers.driverId
`,
    'nat.training.yaml': `kind: training
graph: f1.graph.yaml
query: PREDICT drivers.nationality FOR EACH drivers.driverId
`,
    ...extra,
  });
}

const summary = (host: MemorySpecHost, file: string) =>
  validateSpecFile(host.abs(file), host).diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`);

describe('validateSpecFile', () => {
  it('accepts a clean training graph, training spec and prediction spec', () => {
    const host = workspace({
      'p.prediction.yaml': 'kind: prediction\ntraining_job: dnf.training.yaml\nbinary_classification_threshold: 0.5\n',
    });
    assert.deepEqual(summary(host, 'f1.graph.yaml'), []);
    assert.deepEqual(summary(host, 'dnf.training.yaml'), []);
    const v = validateSpecFile(host.abs('p.prediction.yaml'), host);
    assert.deepEqual(v.diagnostics, []);
    assert.equal(v.taskType, 'binary_classification');
    assert.deepEqual(v.dependencies.sort(), [host.abs('dnf.training.yaml'), host.abs('f1.graph.yaml')]);
  });

  it('reports graph structure problems on the offending value', () => {
    const host = workspace({
      'bad.graph.yaml': `kind: graph
tables:
  drivers: { source: data/drivers.csv }
  results: { source: data/results.csv, primary_key: resultId }
  laps: { source: data/laps.csv, primary_key: lapId }
edges:
  - { src_table: results, fkey: driverId, dst_table: drivers }
  - { src_table: results, fkey: driverId, dst_table: drivers }
  - { src_table: results, fkey: resultId, dst_table: driver }
`,
    });
    assert.deepEqual(summary(host, 'bad.graph.yaml'), [
      'file-not-found@5',
      'edge-dst-no-primary-key@7',
      'duplicate-edge@8',
      'edge-dst-no-primary-key@8',
      'unknown-table@9',
      'edge-fkey-is-primary-key@9',
    ]);
  });

  it('checks an inference graph file against the training graph of the prediction specs that use it', () => {
    const host = workspace({
      'holdout.graph.yaml': `kind: graph
tables:
  driver:
    source: data/drivers.csv
    primary_key: driverId
  results:
    source: data/results.csv
    primary_key: resultId
    time_column: date
  races:
    source: data/races.csv
    primary_key: raceId
    time_column: date
edges:
  - { src_table: results, fkey: driverId, dst_table: driver }
`,
      'p.prediction.yaml':
        'kind: prediction\ntraining_job: dnf.training.yaml\ngraph: holdout.graph.yaml\nbinary_classification_threshold: 0.5\n',
    });
    host.referrers.set(host.abs('holdout.graph.yaml'), [host.abs('p.prediction.yaml')]);
    const v = validateSpecFile(host.abs('holdout.graph.yaml'), host);
    const codes = v.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`);
    // The renamed key is one cause: table-not-in-training on the key, not also training-table-missing for 'drivers'.
    assert.deepEqual(codes, ['table-not-in-training@3', 'training-edge-missing@14']);
    const renamed = v.diagnostics[0];
    assert.match(renamed.message, /Did you mean 'drivers'\?/);
    assert.equal(renamed.data?.suggestion, 'drivers');
    assert.equal(renamed.related?.[0].path, host.abs('f1.graph.yaml'));
    assert.ok(v.dependencies.includes(host.abs('f1.graph.yaml')));
  });

  it('applies prediction settings rules by task type', () => {
    const host = workspace({
      'a.prediction.yaml': 'kind: prediction\ntraining_job: dnf.training.yaml\nnum_classes_to_return: 3\n',
      'b.prediction.yaml':
        'kind: prediction\ntraining_job: nat.training.yaml\nanchor_time: 2010-01-01\nbinary_classification_threshold: 0.4\n',
      'c.prediction.yaml':
        'kind: prediction\ntraining_job: dnf.training.yaml\nbinary_classification_threshold: 0.5\ndestination: { type: local, path: "out/{{PARTITION}}.csv" }\n',
    });
    assert.deepEqual(summary(host, 'a.prediction.yaml'), ['threshold-required@2', 'classes-not-applicable@3']);
    // drivers.nationality has no declared type: two values in the data would make it binary, so whether a
    // threshold applies is left to the data tier (see test/unit/data/taskTypeChecks.test.ts).
    assert.deepEqual(summary(host, 'b.prediction.yaml'), ['anchor-time-not-applicable@3']);
    assert.equal(validateSpecFile(host.abs('b.prediction.yaml'), host).taskTypeInference?.dependsOnData, true);
    assert.deepEqual(summary(host, 'c.prediction.yaml'), ['partition-requires-parquet@4']);
  });

  it('reports missing references and unknown local jobs', () => {
    const host = workspace({
      'a.prediction.yaml': 'kind: prediction\ntraining_job: nope.training.yaml\n',
      'b.prediction.yaml': 'kind: prediction\ntraining_job: trainingjob-missing\n',
      'c.training.yaml':
        'kind: training\ngraph: nope.graph.yaml\nquery: PREDICT drivers.nationality FOR EACH drivers.driverId\n',
      'd.prediction.yaml':
        'kind: prediction\ntraining_job: dnf.training.yaml\nbinary_classification_threshold: 0.5\nprediction_table: ids.csv\n',
    });
    assert.deepEqual(summary(host, 'a.prediction.yaml'), ['file-not-found@2']);
    assert.deepEqual(summary(host, 'b.prediction.yaml'), ['unknown-training-job@2']);
    assert.deepEqual(summary(host, 'c.training.yaml'), ['file-not-found@2']);
    assert.deepEqual(summary(host, 'd.prediction.yaml'), ['file-not-found@4']);
  });

  it('places PQL problems inside the query value', () => {
    const host = workspace({
      't.training.yaml':
        'kind: training\ngraph: f1.graph.yaml\nquery: PREDICT COUNT(results.*, -30, 0, days) > 0 FOR EACH drivers.driverId\n',
      'u.training.yaml':
        'kind: training\ngraph: f1.graph.yaml\nquery: PREDICT COUNT(results.* WHERE results.DriverId = 3, 0, 30, days) > 0 FOR EACH drivers.driverId\n',
    });
    const v = validateSpecFile(host.abs('t.training.yaml'), host);
    const lookBack = v.diagnostics.find((d) => d.code === 'pql-target-looks-back');
    assert.ok(lookBack, JSON.stringify(v.diagnostics));
    assert.equal(lookBack.range.start.line, 2);
    assert.ok(lookBack.range.start.character > 'query: PREDICT COUNT('.length);
    assert.equal(lookBack.range.end.character - lookBack.range.start.character, 3);
    const caseMismatch = validateSpecFile(host.abs('u.training.yaml'), host).diagnostics;
    assert.deepEqual(
      caseMismatch.map((d) => d.code),
      ['pql-unknown-column'],
    );
    assert.match(caseMismatch[0].message, /Did you mean 'driverId'/);
    assert.equal(caseMismatch[0].data?.suggestion, 'driverId');
  });

  it('reports a crash inside validation as internal-error, never as a problem of the spec (issue 9 item 1)', () => {
    const host = workspace();
    host.resolveSource = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    };
    const { diagnostics } = validateSpecFile(host.abs('f1.graph.yaml'), host);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['internal-error', 'error']],
    );
    assert.match(diagnostics[0].message, /reading 'x'.*a bug in Relgraph, not in the spec/);
  });
});
