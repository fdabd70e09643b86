import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataFixture, lineOf, none, only } from './dataFixture';

/**
 * Checks that read the data behind a query: query columns, the static null-target rule, and the
 * inference graph against the training graph. One training graph (train/), several inference graphs.
 */
let fx: DataFixture;

const DRIVERS = `SELECT range + 1 AS driverId, ['British', 'German', 'French'][1 + range % 3] AS nationality, DATE '1980-01-01' + range::INT AS dob, range * 1.5 AS points FROM range(10)`;

function graphYaml(drivers: string, extra = ''): string {
  return (
    `kind: graph\ntables:\n  drivers:\n    source: ${drivers}\n    primary_key: driverId\n${extra}` +
    `  results:\n    source: results.parquet\n    primary_key: resultId\n    time_column: date\n` +
    `edges:\n  - { src_table: results, fkey: driverId, dst_table: drivers }\n`
  );
}

before(async () => {
  fx = await DataFixture.create();
  await fx.table('train/drivers.csv', DRIVERS);
  await fx.table('train/unlabeled.csv', `SELECT driverId, NULL::VARCHAR AS nationality, dob, points FROM (${DRIVERS})`);
  await fx.table('infer/all.csv', DRIVERS);
  await fx.table(
    'infer/some.parquet',
    `SELECT driverId, CASE WHEN driverId <= 3 THEN NULL ELSE nationality END AS nationality, dob, points FROM (${DRIVERS})`,
  );
  await fx.table(
    'infer/changed.csv',
    `SELECT driverId, nationality, CASE WHEN driverId = 1 THEN 'n/a' ELSE points::VARCHAR END AS points FROM (${DRIVERS})`,
  );
  await fx.table(
    'results.parquet',
    `SELECT range AS resultId, 1 + range % 10 AS driverId, TIMESTAMP '2020-01-01' + to_days(range::INT) AS date, 1 + range % 20 AS positionOrder FROM range(100)`,
  );
  fx.write('train.graph.yaml', graphYaml('train/drivers.csv'));
  fx.write(
    'nationality.training.yaml',
    'kind: training\ngraph: train.graph.yaml\nquery: PREDICT drivers.nationality FOR EACH drivers.driverId\n',
  );
  for (const [name, source] of [
    ['all', 'infer/all.csv'],
    ['some', 'infer/some.parquet'],
    ['changed', 'infer/changed.csv'],
  ]) {
    fx.write(`${name}.graph.yaml`, graphYaml(source));
    fx.write(
      `${name}.prediction.yaml`,
      `kind: prediction\ntraining_job: nationality.training.yaml\ngraph: ${name}.graph.yaml\n`,
    );
  }
});

after(() => fx.close());

describe('unknown-column in the query', () => {
  it('reports a query column the source lacks, inside the query, with did-you-mean', async () => {
    const file = fx.write(
      'typo.training.yaml',
      'kind: training\ngraph: train.graph.yaml\nquery: PREDICT drivers.nationalty FOR EACH drivers.driverId\n',
    );
    const d = only(await fx.dataDiagnostics('typo.training.yaml'), 'unknown-column');
    assert.match(
      d.message,
      /Query column 'drivers\.nationalty' is not a column of table 'drivers'\. Did you mean 'nationality'\?/,
    );
    assert.equal(d.range.start.line, lineOf(file, 'query:'));
    assert.equal(d.range.start.character, 'query: PREDICT drivers.'.length);
  });

  it('passes when the query columns exist', async () => {
    none(await fx.dataDiagnostics('nationality.training.yaml'), 'unknown-column');
  });
});

describe('static targets: the null-target rule', () => {
  it('no-null-targets: every inference row has a target, so there is nothing to predict', async () => {
    const diagnostics = await fx.dataDiagnostics('all.prediction.yaml');
    const d = only(diagnostics, 'no-null-targets');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /Every one of the 10 'drivers' rows has a 'nationality' value/);
    assert.match(d.message, /Leave the target empty \(null\)/);
    assert.match(d.message, /\(read infer\/all\.csv, 10 rows\)/);
    // Shown on `graph:` of the prediction spec; the exact spots are related locations.
    assert.equal(d.range.start.line, lineOf(fx.path('all.prediction.yaml'), 'graph:'));
    assert.equal(d.related?.[0].path, fx.path('all.graph.yaml'));
    assert.equal(d.related?.[1].path, fx.path('nationality.training.yaml'));
    none(diagnostics, 'null-targets-found');
  });

  it('null-targets-found: says how many rows will be predicted and how many are reference data', async () => {
    const diagnostics = await fx.dataDiagnostics('some.prediction.yaml');
    const d = only(diagnostics, 'null-targets-found');
    assert.equal(d.severity, 'information');
    assert.match(
      d.message,
      /^3 of 10 'drivers' rows \(30%\) have no 'nationality' and will be predicted; the other 7 serve as reference data/,
    );
    none(diagnostics, 'no-null-targets');
  });

  it('no-labeled-rows: training where every target is null', async () => {
    fx.write('unlabeled.graph.yaml', graphYaml('train/unlabeled.csv'));
    const file = fx.write(
      'unlabeled.training.yaml',
      'kind: training\ngraph: unlabeled.graph.yaml\nquery: PREDICT drivers.nationality FOR EACH drivers.driverId\n',
    );
    const d = only(await fx.dataDiagnostics('unlabeled.training.yaml'), 'no-labeled-rows');
    assert.match(d.message, /Every one of the 10 'drivers' rows has no 'nationality'/);
    assert.equal(d.range.start.line, lineOf(file, 'query:'));
  });

  it('passes training with labels', async () => {
    none(await fx.dataDiagnostics('nationality.training.yaml'), 'no-labeled-rows');
  });

  it('counts a row as unlabelled when any column of a static condition target is null', async () => {
    fx.write(
      'cond.training.yaml',
      "kind: training\ngraph: train.graph.yaml\nquery: PREDICT drivers.points > 5 AND drivers.nationality = 'British' FOR EACH drivers.driverId\n",
    );
    fx.write(
      'cond.prediction.yaml',
      'kind: prediction\ntraining_job: cond.training.yaml\ngraph: some.graph.yaml\nbinary_classification_threshold: 0.5\n',
    );
    const d = only(await fx.dataDiagnostics('cond.prediction.yaml'), 'null-targets-found');
    assert.match(
      d.message,
      /^3 of 10 'drivers' rows \(30%\) have a null 'points' or 'nationality' and will be predicted/,
    );
  });
});

describe('inference graph vs training graph', () => {
  it('reports a column the model uses that the inference source lacks, and a column whose type changed', async () => {
    const diagnostics = await fx.dataDiagnostics('changed.prediction.yaml');
    const missing = only(diagnostics, 'training-column-missing');
    assert.match(missing.message, /Column 'dob' of table 'drivers' is used by the model/);
    assert.equal(missing.related?.[0].path, fx.path('changed.graph.yaml'));
    assert.equal(missing.related?.[1].path, fx.path('train.graph.yaml'));
    const changed = only(diagnostics, 'training-column-type-changed');
    assert.match(
      changed.message,
      /'drivers\.points' was float64 \(numerical\) in the training graph but is string \(text\)/,
    );
    assert.deepEqual(changed.data?.training, { dtype: 'float64', stype: 'numerical' });
  });

  it('passes an inference graph with the training columns and types', async () => {
    const diagnostics = await fx.dataDiagnostics('some.prediction.yaml');
    none(diagnostics, 'training-column-missing');
    none(diagnostics, 'training-column-type-changed');
  });

  it('compares against a stored training job when training_job is a job id', async () => {
    fx.write('job.prediction.yaml', 'kind: prediction\ntraining_job: trainingjob-7\ngraph: changed.graph.yaml\n');
    const job = {
      jobId: 'trainingjob-7',
      query: 'PREDICT drivers.nationality FOR EACH drivers.driverId',
      taskType: 'multiclass_classification' as const,
      tables: [
        {
          name: 'drivers',
          primaryKey: 'driverId',
          columns: [
            { name: 'driverId', dtype: 'int64' as const, stype: 'ID' as const },
            { name: 'points', dtype: 'float64' as const, stype: 'numerical' as const },
          ],
        },
      ],
      edges: [],
    };
    const diagnostics = await fx.dataDiagnostics(
      'job.prediction.yaml',
      {},
      { readTrainingJob: (id) => (id === job.jobId ? job : undefined) },
    );
    assert.match(
      only(diagnostics, 'training-column-type-changed').message,
      /was float64 \(numerical\) in training job trainingjob-7 but is string/,
    );
    none(diagnostics, 'training-column-missing');
  });
});
