import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePql } from '../../../core/pql/parsePql';
import type { TaskType } from '../../../core/pql/ast';
import { inferenceGraphText } from '../../../core/scaffold/inferenceGraphText';
import { matchSources } from '../../../core/scaffold/matchSources';
import { predictionSpecText, type InferredAnchorTime } from '../../../core/scaffold/predictionSpecText';
import type { ScaffoldTrainingGraph } from '../../../core/scaffold/ScaffoldModel';
import {
  sourceNamesOf,
  trainingGraphFromJob,
  trainingGraphFromSpec,
} from '../../../core/scaffold/scaffoldTrainingGraph';
import { yamlScalar } from '../../../core/scaffold/yamlText';
import { parseSpec } from '../../../core/spec/parseSpec';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import { checkPredictionSettings } from '../../../core/validation/predictionRules';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { SCAFFOLD_TYPE_RULES } from '../../../data/scaffold/scaffoldTypeRules';
import { MemorySpecHost } from '../../helpers/MemorySpecHost';

const TRAINING_GRAPH = `kind: graph
tables:
  users:
    source: data/train/users.csv
    primary_key: user id
    columns:
      country: categorical
      code: { stype: ID, dtype: string }
      notes: { exclude: true }
  orders:
    source: data/train/orders/
    primary_key: order_id
    time_column: ts
    end_time_column: until
edges:
  - { src_table: orders, fkey: user id, dst_table: users }
`;

function graphOf(text: string, file = '/ws/shop.graph.yaml'): GraphSpec {
  const spec = parseSpec(text, file).spec;
  assert.ok(spec?.kind === 'graph');
  return spec;
}

function shopTraining(): ScaffoldTrainingGraph {
  return trainingGraphFromSpec(graphOf(TRAINING_GRAPH), 'shop.training.yaml', (t) =>
    t.name === 'users'
      ? { columns: [{ name: 'user id', dtype: 'int64', stype: 'ID' }] }
      : { problem: 'data/train/orders/: the directory has no .parquet or .csv files' },
  );
}

describe('inferenceGraphText', () => {
  it("writes the training graph's names, keys, time columns, overrides and edges, in its order", () => {
    const training = shopTraining();
    const candidates = [
      {
        path: '/ws/new/users.csv',
        isFolder: false,
        name: 'users.csv',
        columns: [{ name: 'user id', dtype: 'int64' as const }],
      },
      {
        path: '/ws/new/orders',
        isFolder: true,
        name: 'orders',
        columns: ['order_id', 'user id', 'ts', 'until'].map((name) => ({ name, dtype: 'int64' as const })),
      },
    ];
    const { tables } = matchSources(training, candidates, SCAFFOLD_TYPE_RULES);
    const text = inferenceGraphText(training, tables, { outputPath: '/ws/new.graph.yaml', dataLabel: 'new/' });
    const body = text.slice(text.indexOf('kind: graph'));
    assert.equal(
      body,
      `kind: graph
tables:
  users:
    source: new/users.csv
    primary_key: "user id"
    columns:
      country: categorical
      code: { stype: ID, dtype: string }
      notes: { exclude: true }
  orders:
    # The training data could not be read (data/train/orders/: the directory has no .parquet or .csv files): only its
    # keys were matched.
    source: new/orders/
    primary_key: order_id
    time_column: ts
    end_time_column: until
edges:
  - { src_table: orders, fkey: "user id", dst_table: users }
`,
    );
    assert.match(
      text,
      /^# The INFERENCE graph for shop\.training\.yaml, written by `relgraph scaffold inference-graph`/,
    );

    // Read back, it is the training graph with new sources.
    const written = graphOf(text, '/ws/new.graph.yaml');
    const trained = graphOf(TRAINING_GRAPH);
    const shape = (g: GraphSpec) => ({
      tables: g.tables.map((t) => ({
        name: t.name,
        pk: t.primaryKey?.value,
        time: t.timeColumn?.value,
        end: t.endTimeColumn?.value,
        columns: t.columns.map((c) => [c.name, c.stype?.value, c.dtype?.value, c.exclude]),
      })),
      edges: g.edges.map((e) => [e.srcTable.value, e.fkey.value, e.dstTable.value]),
    });
    assert.deepEqual(shape(written), shape(trained));
    assert.deepEqual(
      written.tables.map((t) => t.sourcePath),
      ['/ws/new/users.csv', '/ws/new/orders'],
    );
  });

  it('leaves an unmatched source empty, with what it needs, so validation reports it', () => {
    const training = shopTraining();
    const { tables } = matchSources(training, [], SCAFFOLD_TYPE_RULES);
    const text = inferenceGraphText(training, tables, { outputPath: '/ws/new.graph.yaml' });
    assert.match(text, /with each table's source to fill in\.\n/);
    assert.match(
      text,
      / {2}users:\n {4}# No match: no file is named like it and none has its columns\.\n {4}# It needs a source with the columns user id \(int64\)\.\n {4}source: # to fill in\n {4}primary_key: "user id"/,
    );
    assert.match(text, /^# 2 of 2 tables need attention/m);
    const host = new MemorySpecHost('/ws', { 'new.graph.yaml': text });
    const errors = validateSpecFile('/ws/new.graph.yaml', host).diagnostics.filter((d) => d.severity === 'error');
    // An empty source is neither form the schema takes: the message says what it is and both forms it may take.
    assert.deepEqual(
      errors.map((d) => [d.code, d.message.split(':')[0]]),
      [
        ['schema', "'tables.users.source' is empty"],
        ['schema', "'tables.orders.source' is empty"],
      ],
    );
    assert.match(errors[0].message, /a local file relative to this file .*or a table behind a Kumo connector/);
  });
});

describe('the training graph of a job', () => {
  const job = {
    jobId: 'trainingjob-1',
    specPath: '/ws/shop.training.yaml',
    query: 'PREDICT users.country FOR EACH users.user_id',
    taskType: 'multiclass_classification' as TaskType,
    tables: [
      {
        name: 'users',
        primaryKey: 'user_id',
        columns: [
          { name: 'user_id', dtype: 'int64' as const, stype: 'ID' as const },
          { name: 'country', dtype: 'string' as const, stype: 'categorical' as const },
          { name: 'bio', dtype: 'string' as const, stype: 'text' as const },
          { name: 'zip', dtype: 'int64' as const, stype: 'categorical' as const },
        ],
      },
    ],
    edges: [],
  };

  it('writes the stypes that differ from the inferred ones as overrides when the spec is gone', () => {
    const graph = trainingGraphFromJob(job, SCAFFOLD_TYPE_RULES);
    assert.equal(graph.label, 'training job trainingjob-1 (shop.training.yaml)');
    assert.deepEqual(graph.tables[0].overrides, [
      { name: 'country', stype: 'categorical' },
      { name: 'zip', stype: 'categorical' },
    ]);
    assert.deepEqual(graph.tables[0].sourceNames, []);
    assert.equal(graph.tables[0].columns?.length, 4);
  });

  it("takes the spec's overrides and source names when the training spec is still there", () => {
    const spec = graphOf(`kind: graph
tables:
  users:
    source: data/people.csv
    primary_key: user_id
    columns:
      country: categorical
      zip: { stype: categorical, dtype: int64 }
`);
    const graph = trainingGraphFromJob(job, SCAFFOLD_TYPE_RULES, spec);
    assert.deepEqual(graph.tables[0].sourceNames, ['people.csv']);
    assert.deepEqual(graph.tables[0].overrides, [
      { name: 'country', stype: 'categorical' },
      { name: 'zip', stype: 'categorical', dtype: 'int64' },
    ]);
  });
});

describe('scaffold helpers', () => {
  it('names a training source by its file, its folder, or the folder of its parts', () => {
    assert.deepEqual(sourceNamesOf('data/train/races.csv'), ['races.csv']);
    assert.deepEqual(sourceNamesOf('data/standings/'), ['standings']);
    assert.deepEqual(sourceNamesOf('data/results/*.parquet'), ['results']);
    assert.deepEqual(sourceNamesOf('data/results/**/*.csv'), ['results']);
    assert.deepEqual(sourceNamesOf('data/{2009,2010}/results.csv'), ['results.csv']);
    assert.deepEqual(sourceNamesOf('data/results_*.csv'), []);
    assert.deepEqual(sourceNamesOf(undefined), []);
  });

  it('writes scalars plain only when YAML reads them back unchanged', () => {
    assert.equal(yamlScalar('data/full/races.csv'), 'data/full/races.csv');
    assert.equal(yamlScalar('../new/orders/'), '../new/orders/');
    for (const tricky of ['my data/x.csv', 'true', 'null', '1e3', '012', 'a: b', '#x', 'a,b', '{x}', '*x', '']) {
      const written = yamlScalar(tricky);
      assert.notEqual(written, tricky, tricky);
      const parsed = parseSpec(`kind: graph\ntables:\n  t:\n    source: ${written}\n`, '/ws/t.graph.yaml').spec;
      assert.equal(parsed?.kind === 'graph' && parsed.tables[0].source?.value, tricky, tricky);
    }
  });
});

describe('predictionSpecText', () => {
  const anchor: InferredAnchorTime = { time: '2023-11-26 00:00:00', columns: 'results.date' };
  function write(query: string, taskType: TaskType, inferredAnchor?: InferredAnchorTime, trainingJob?: string) {
    const parsed = parsePql(query).query;
    assert.ok(parsed, query);
    const text = predictionSpecText({
      outputPath: '/ws/preds/next.prediction.yaml',
      trainingJob: trainingJob ? { kind: 'local-job', id: trainingJob } : { kind: 'spec', path: '/ws/m.training.yaml' },
      graphPath: '/ws/new.graph.yaml',
      query: parsed,
      taskType,
      inferredAnchor,
    });
    const spec = parseSpec(text, '/ws/preds/next.prediction.yaml');
    assert.deepEqual(spec.diagnostics, [], text);
    assert.ok(spec.spec?.kind === 'prediction');
    assert.deepEqual(
      checkPredictionSettings(spec.spec, { taskType, reason: 'test', basis: 'query', dependsOnData: false }, parsed),
      [],
      text,
    );
    return { text, spec: spec.spec };
  }

  it('binary: a threshold, the inferred anchor time as a comment, a local CSV output', () => {
    const { text, spec } = write(
      'PREDICT COUNT(results.*, 0, 30, days) > 0 FOR EACH drivers.driverId',
      'binary_classification',
      anchor,
    );
    assert.equal(spec.binaryClassificationThreshold?.value, 0.5);
    assert.equal(spec.anchorTime, undefined);
    assert.equal(spec.trainingJob?.kind === 'spec' && spec.trainingJob.ref.value, '../m.training.yaml');
    assert.equal(spec.graph?.kind === 'path' && spec.graph.path.value, '../new.graph.yaml');
    assert.match(text, /latest results\.date in the graph's data: 2023-11-26\. .*\n.*\n# anchor_time: 2023-11-26\n/);
    assert.equal(spec.destination?.path?.value, 'out/next.csv');
    assert.equal(spec.numClassesToReturn, undefined);
  });

  it('multiclass: classes to return, and no anchor time for a static query', () => {
    const { text, spec } = write('PREDICT drivers.nationality FOR EACH drivers.driverId', 'multiclass_classification');
    assert.equal(spec.numClassesToReturn?.value, 3);
    assert.equal(spec.binaryClassificationThreshold, undefined);
    assert.match(text, /# A static query has no anchor time: the drivers whose nationality is empty are predicted\./);
    assert.doesNotMatch(text, /anchor_time/);
  });

  it('ranking: the RANK TOP k of the query', () => {
    const { spec } = write(
      'PREDICT LIST_DISTINCT(orders.item, 0, 7, days) RANK TOP 12 FOR EACH users.id',
      'temporal_link_prediction',
      anchor,
    );
    assert.equal(spec.numClassesToReturn?.value, 12);
  });

  it('regression: neither threshold nor classes; an anchor that could not be read says why', () => {
    const { text, spec } = write(
      'PREDICT AVG(results.positionOrder, 0, 60, days) FOR EACH drivers.driverId',
      'regression',
      { problem: 'the times of results.date could not be read' },
      'trainingjob-7',
    );
    assert.equal(spec.binaryClassificationThreshold, undefined);
    assert.equal(spec.numClassesToReturn, undefined);
    assert.equal(spec.trainingJob?.kind === 'local-job' && spec.trainingJob.jobId, 'trainingjob-7');
    assert.match(text, /\(it could not be read here: the times of\n# results\.date could not be read\)/);
  });
});
