import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  defaultDestinationPath,
  defaultSpecName,
  runsLocally,
  validateAnchorTime,
  validateConnector,
  validateDestinationPath,
  validateNumClasses,
  validateSpecName,
  validateTable,
  validateThreshold,
  wizardSteps,
  type PredictionSpecDraft,
} from '../../../client/predictions/predictionSpecDraft';
import { predictionSpecYaml } from '../../../client/predictions/predictionSpecYaml';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { F1_DIR, jobRecord, tempDir } from './jobFixtures';
import { wizardModels } from './wizardModels';

// The wizard asks the language server about models (relgraph/describeTrainingModel); these are its answers.
const { describeTrainingJob, describeTrainingSpec, isUsableTrainingJob, validateSpecText } = wizardModels();

const f1 = (name: string) => path.join(F1_DIR, name);
const dnf = describeTrainingSpec(f1('driver-dnf.training.yaml'));
const nationality = describeTrainingSpec(f1('driver-nationality.training.yaml'));
const position = describeTrainingSpec(f1('driver-position.training.yaml'));

function draft(overrides: Partial<PredictionSpecDraft>): PredictionSpecDraft {
  return {
    folder: F1_DIR,
    name: 'wizard-test',
    training: dnf,
    outputTypes: ['predictions'],
    destination: { type: 'local', layout: 'csv', path: 'out/wizard-test.csv' },
    numWorkers: 1,
    ...overrides,
  };
}

/**
 * Validates the generated text as `relgraph validate` does (core + the CLI's NodeSpecHost), as if it
 * were written next to the F1 training specs; nothing is written to the repository.
 */
function validateGenerated(d: PredictionSpecDraft): SpecValidation {
  // As the CLI reads specs (and local training jobs), minus whether this checkout trained the F1 models
  // (`model-not-trained` depends on examples/f1/.relgraph, not on the generated text).
  const host = new NodeSpecHost({ trainingStatusOf: () => undefined });
  const file = path.join(d.folder, `${d.name}.prediction.yaml`);
  host.setOverlay(file, predictionSpecYaml(d));
  return validateSpecFile(file, host);
}

function assertClean(d: PredictionSpecDraft): SpecValidation {
  const validation = validateGenerated(d);
  assert.deepEqual(
    validation.diagnostics.map((x) => `${x.code}: ${x.message}`),
    [],
    predictionSpecYaml(d),
  );
  return validation;
}

describe('the model a prediction spec uses', () => {
  it('reads task type, time window and graph of the training specs with core validation', () => {
    assert.deepEqual(
      [dnf, nationality, position].map((t) => [t.name, t.taskType, t.temporal, t.graphPath]),
      [
        ['driver-dnf', 'binary_classification', true, f1('f1.graph.yaml')],
        ['driver-nationality', 'multiclass_classification', false, f1('f1.graph.yaml')],
        ['driver-position', 'regression', true, f1('f1.graph.yaml')],
      ],
    );
    assert.equal(dnf.problem, undefined);
  });

  it('says why the task of a spec with a broken query is unknown', () => {
    const dir = tempDir('broken');
    fs.copyFileSync(f1('f1.graph.yaml'), path.join(dir, 'f1.graph.yaml'));
    const spec = path.join(dir, 'x.training.yaml');
    fs.writeFileSync(
      spec,
      'kind: training\ngraph: f1.graph.yaml\nquery: PREDICT COUNT(nope.*, 0, 30) > 0 FOR EACH drivers.driverId\n',
    );
    const info = describeTrainingSpec(spec);
    assert.equal(info.taskType, undefined);
    assert.match(info.problem!, /its query has errors/);
    assert.match(describeTrainingSpec(f1('f1.graph.yaml')).problem!, /not a training spec/);
  });
});

describe('finished local training jobs as models', () => {
  function trainingJob(summary: Record<string, unknown>) {
    const dir = tempDir('jobs');
    const record = jobRecord({ id: 'trainingjob-20240131-142501-3fa9c2', summary });
    const file = path.join(dir, '.relgraph', 'jobs', `${record.id}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(record));
    return { record, workspace: dir, file, cancelRequested: false };
  }
  const graph = { jobId: 'x', query: 'q', taskType: 'binary_classification', tables: [], edges: [] };

  it('reads the task and time window from the job summary', () => {
    const temporal = trainingJob({
      task_type: 'binary_classification',
      query: 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id',
      training_graph: graph,
    });
    assert.deepEqual(describeTrainingJob(temporal), {
      kind: 'local-job',
      ref: 'trainingjob-20240131-142501-3fa9c2',
      name: 'driver-dnf-2010',
      taskType: 'binary_classification',
      temporal: true,
    });
    assert.equal(isUsableTrainingJob(temporal), true);
    const fixed = trainingJob({
      task_type: 'multiclass_classification',
      query: 'PREDICT customers.country FOR EACH customers.customer_id',
      training_graph: graph,
    });
    assert.equal(describeTrainingJob(fixed).temporal, false);
  });

  it('does not offer a job whose record has no training graph (validation could not resolve it)', () => {
    const old = trainingJob({ task_type: 'binary_classification' });
    assert.equal(isUsableTrainingJob(old), false);
    assert.equal(describeTrainingJob(old).temporal, undefined);
  });
});

describe('wizard steps', () => {
  it('asks only the settings that apply to the task', () => {
    assert.deepEqual(wizardSteps({ training: dnf }), [
      'training',
      'name',
      'graph',
      'anchorTime',
      'predictionTable',
      'threshold',
      'outputTypes',
      'destinationType',
      'workers',
    ]);
    const staticMulticlass = wizardSteps({ training: nationality });
    assert.ok(!staticMulticlass.includes('anchorTime'), 'a static target has no anchor time');
    assert.ok(staticMulticlass.includes('numClasses') && !staticMulticlass.includes('threshold'));
    const regression = wizardSteps({ training: position });
    assert.ok(
      regression.includes('anchorTime') && !regression.includes('threshold') && !regression.includes('numClasses'),
    );
  });

  it('asks a Kumo model its task first, then what the task needs', () => {
    const kumo = { kind: 'kumo' as const, ref: 'trainingjob-abc', name: 'trainingjob-abc' };
    assert.deepEqual(wizardSteps({ training: kumo }).slice(0, 3), ['training', 'kumoTask', 'name']);
    assert.ok(!wizardSteps({ training: kumo }).includes('threshold'));
    assert.ok(
      wizardSteps({ training: { ...kumo, taskType: 'binary_classification', temporal: true } }).includes('threshold'),
    );
  });

  it('asks the fields of the chosen destination', () => {
    const tail = (destination: PredictionSpecDraft['destination']) => {
      const steps = wizardSteps({ training: position, destination });
      return steps.slice(steps.indexOf('destinationType') + 1);
    };
    assert.deepEqual(tail({ type: 'local', layout: 'csv', path: '' }), ['fileLayout', 'path', 'workers']);
    assert.deepEqual(tail({ type: 's3', layout: 'partitioned', path: '' }), ['fileLayout', 'path', 'workers']);
    assert.deepEqual(tail({ type: 'snowflake', connector: '', table: '', writeMode: 'overwrite' }), [
      'connector',
      'table',
      'writeMode',
      'workers',
    ]);
    assert.deepEqual(tail({ type: 'databricks', connector: '', table: '' }), ['connector', 'table', 'workers']);
  });
});

describe('wizard answers', () => {
  it('checks each answer with a message saying what is expected', () => {
    assert.equal(validateAnchorTime(''), undefined);
    assert.equal(validateAnchorTime('2010-01-01'), undefined);
    assert.equal(validateAnchorTime('2010-01-01T12:00:00Z'), undefined);
    assert.match(validateAnchorTime('2010-13-45')!, /2010-01-01/);
    assert.match(validateAnchorTime('next year')!, /2010-01-01/);
    assert.match(validateThreshold('')!, /no default/);
    assert.equal(validateThreshold('0.35'), undefined);
    assert.match(validateThreshold('1.5')!, /between 0 and 1/);
    assert.equal(validateNumClasses(''), undefined);
    assert.match(validateNumClasses('0')!, /at least 1/);
    assert.match(validateNumClasses('2.5')!, /whole number/);
    assert.equal(validateConnector('snowflake_prod'), undefined);
    assert.match(validateConnector('my conn')!, /no spaces/);
    assert.equal(validateTable('databricks', 'ml.dnf'), undefined);
    assert.match(validateTable('databricks', 'dnf')!, /schema\.table/);
    assert.equal(validateTable('snowflake', 'DNF_PREDICTIONS'), undefined);
  });

  it('checks destination paths against the chosen file layout', () => {
    assert.equal(validateDestinationPath('local', 'csv', 'out/a.csv'), undefined);
    assert.match(validateDestinationPath('local', 'csv', 'out/a.parquet')!, /\.csv/);
    assert.equal(validateDestinationPath('local', 'partitioned', 'out/a/{{PARTITION}}.parquet'), undefined);
    assert.match(validateDestinationPath('local', 'partitioned', 'out/a.parquet')!, /\{\{PARTITION\}\}/);
    assert.match(validateDestinationPath('local', 'parquet', 'out/{{PARTITION}}.parquet')!, /partitioned Parquet only/);
    assert.match(validateDestinationPath('local', 'csv', 's3://bucket/a.csv')!, /pick S3/);
    assert.equal(validateDestinationPath('s3', 'parquet', 's3://my-bucket/preds/a.parquet'), undefined);
    assert.match(validateDestinationPath('s3', 'parquet', 'preds/a.parquet')!, /s3:\/\//);
    for (const layout of ['csv', 'parquet', 'partitioned'] as const) {
      for (const type of ['local', 's3'] as const) {
        const path = defaultDestinationPath(type, layout, 'x');
        assert.equal(validateDestinationPath(type, layout, path), undefined, `default ${type} ${layout}: ${path}`);
      }
    }
  });

  it('proposes a spec name that is free, and refuses one that is taken or malformed', () => {
    const dir = tempDir('names');
    const exists = (file: string) => fs.existsSync(file);
    assert.equal(defaultSpecName('driver-dnf', dir, exists), 'driver-dnf-batch');
    fs.writeFileSync(path.join(dir, 'driver-dnf-batch.prediction.yaml'), '');
    assert.equal(defaultSpecName('driver-dnf', dir, exists), 'driver-dnf-batch-2');
    assert.match(validateSpecName('driver-dnf-batch', dir, exists)!, /already exists/);
    assert.match(validateSpecName('my spec', dir, exists)!, /letters, digits/);
    assert.equal(validateSpecName('dnf-2010', dir, exists), undefined);
  });

  it('runs locally only with a local model and local outputs', () => {
    assert.equal(runsLocally(draft({})), true);
    assert.equal(runsLocally(draft({ destination: { type: 's3', layout: 'csv', path: 's3://b/x.csv' } })), false);
    assert.equal(runsLocally(draft({ training: { kind: 'kumo', ref: 'j', name: 'j' } })), false);
  });
});

describe('the generated prediction spec', () => {
  it('for a temporal binary model: validates clean and reads back as every answer', () => {
    const d = draft({
      name: 'dnf-2010',
      graphPath: f1('holdout.graph.yaml'),
      anchorTime: '2010-01-01',
      binaryThreshold: 0.35,
      outputTypes: ['predictions', 'embeddings'],
      destination: { type: 'local', layout: 'partitioned', path: 'out/dnf-2010/{{PARTITION}}.parquet' },
      numWorkers: 3,
    });
    const spec = assertClean(d).prediction!;
    assert.equal(spec.name, 'dnf-2010');
    assert.deepEqual(
      spec.trainingJob?.kind === 'spec' && spec.trainingJob.absolutePath,
      f1('driver-dnf.training.yaml'),
    );
    assert.deepEqual(spec.graph?.kind === 'path' && spec.graph.absolutePath, f1('holdout.graph.yaml'));
    assert.equal(spec.anchorTime?.value, '2010-01-01');
    assert.equal(spec.binaryClassificationThreshold?.value, 0.35);
    assert.deepEqual(spec.outputTypes, ['predictions', 'embeddings']);
    assert.equal(spec.destination?.type.value, 'local');
    assert.equal(spec.destination?.path?.value, 'out/dnf-2010/{{PARTITION}}.parquet');
    assert.equal(spec.destination?.format?.value, 'parquet');
    assert.equal(spec.numWorkers, 3);
  });

  it('explains every setting it writes in a comment', () => {
    const text = predictionSpecYaml(
      draft({ anchorTime: '2010-01-01', binaryThreshold: 0.5, graphPath: f1('holdout.graph.yaml'), numWorkers: 2 }),
    );
    const lines = text.split('\n');
    for (const key of [
      'training_job',
      'graph',
      'anchor_time',
      'binary_classification_threshold',
      'output_types',
      'num_workers',
    ]) {
      const at = lines.findIndex((l) => l.startsWith(`${key}:`));
      assert.ok(at > 0, key);
      assert.match(lines[at - 1], /^# /, `${key} has a comment above it`);
    }
    assert.match(text, /^# Batch prediction with driver-dnf\.training\.yaml \(binary classification\)\./);
  });

  it('for a static multiclass model: no anchor time, the number of classes, a CSV with a prediction table', () => {
    const d = draft({
      name: 'nationality-fill',
      training: nationality,
      graphPath: f1('nationality.graph.yaml'),
      numClassesToReturn: 3,
      predictionTablePath: f1('data/inference/drivers.csv'),
      destination: { type: 'local', layout: 'csv', path: 'out/nationality-fill.csv' },
    });
    const text = predictionSpecYaml(d);
    assert.doesNotMatch(text, /anchor_time/);
    assert.doesNotMatch(text, /binary_classification_threshold/);
    const spec = assertClean(d).prediction!;
    assert.equal(spec.numClassesToReturn?.value, 3);
    assert.equal(spec.predictionTable?.value, 'data/inference/drivers.csv');
    assert.equal(spec.destination?.format?.value, 'csv');
  });

  it('for a regression at the latest time on the training graph: leaves anchor and graph out, saying so', () => {
    const d = draft({
      training: position,
      destination: { type: 'local', layout: 'parquet', path: 'out/position.parquet' },
    });
    const text = predictionSpecYaml(d);
    assert.match(text, /^# anchor_time: left out, so it is the latest timestamp/m);
    assert.match(text, /^# graph: left out/m);
    const spec = assertClean(d).prediction!;
    assert.equal(spec.anchorTime, undefined);
    assert.equal(spec.graph, undefined);
  });

  it('for Kumo destinations: S3, Snowflake, BigQuery and Databricks with their fields', () => {
    const destinations: PredictionSpecDraft['destination'][] = [
      { type: 's3', layout: 'partitioned', path: 's3://bucket/relgraph/x/{{PARTITION}}.parquet' },
      { type: 'snowflake', connector: 'snowflake_prod', table: 'DNF_PREDICTIONS', writeMode: 'append' },
      { type: 'bigquery', connector: 'bq', table: 'dnf', writeMode: 'overwrite' },
      { type: 'databricks', connector: 'dbx', table: 'ml.dnf' },
    ];
    for (const destination of destinations) {
      const spec = assertClean(draft({ anchorTime: '2010-01-01', binaryThreshold: 0.5, destination })).prediction!;
      const got = spec.destination!;
      assert.equal(got.type.value, destination.type);
      if ('path' in destination) assert.equal(got.path?.value, destination.path);
      else {
        assert.equal(got.connector?.value, destination.connector);
        assert.equal(got.table?.value, destination.table);
        assert.equal(got.writeMode?.value, 'writeMode' in destination ? destination.writeMode : undefined);
      }
    }
  });

  it('for a Kumo cloud model: names it kumo:<id>', () => {
    const d = draft({
      training: {
        kind: 'kumo',
        ref: 'trainingjob-abc123',
        name: 'trainingjob-abc123',
        taskType: 'binary_classification',
        temporal: true,
      },
      binaryThreshold: 0.5,
      destination: { type: 'snowflake', connector: 'sf', table: 'T', writeMode: 'overwrite' },
    });
    // Clean but for the information that the Kumo job's training graph was never pulled into this workspace.
    const validation = validateGenerated(d);
    assert.deepEqual(
      validation.diagnostics.map((x) => `${x.code} ${x.severity}`),
      ['kumo-training-graph-not-pulled information'],
    );
    const spec = validation.prediction!;
    assert.deepEqual(spec.trainingJob?.kind === 'kumo' && spec.trainingJob.jobId, 'trainingjob-abc123');
  });

  it('quotes values YAML would otherwise read as another type', () => {
    const d = draft({ name: '2010', destination: { type: 'local', layout: 'csv', path: 'out/yes.csv' } });
    const spec = assertClean({ ...d, binaryThreshold: 0.5 }).prediction!;
    assert.equal(spec.name, '2010');
    assert.equal(parse(predictionSpecYaml(d)).name, '2010');
  });

  it('is caught by validation when a required setting is missing (the check above can fail)', () => {
    const file = f1('missing-threshold.prediction.yaml');
    const codes = validateSpecText(file, predictionSpecYaml(draft({}))).map((x) => x.code);
    assert.deepEqual(codes, ['threshold-required']);
  });
});
