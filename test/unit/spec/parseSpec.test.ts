import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpec } from '../../../core/spec/parseSpec';
import type { GraphSpec, PredictionSpec, TrainingSpec } from '../../../core/spec/SpecModel';

const codes = (text: string, file = '/ws/x.graph.yaml') => parseSpec(text, file).diagnostics.map((d) => d.code);

describe('parseSpec', () => {
  it('reads a graph with ranges on keys and values', () => {
    const text = [
      'kind: graph',
      'tables:',
      '  drivers:',
      '    source: data/drivers.csv',
      '    primary_key: driverId',
      'edges: []',
      '',
    ].join('\n');
    const parsed = parseSpec(text, '/ws/f1.graph.yaml');
    assert.deepEqual(parsed.diagnostics, []);
    const graph = parsed.spec as GraphSpec;
    assert.equal(graph.tables[0].name, 'drivers');
    assert.deepEqual(graph.tables[0].nameRange, { start: { line: 2, character: 2 }, end: { line: 2, character: 9 } });
    assert.equal(graph.tables[0].sourcePath, '/ws/data/drivers.csv');
    assert.deepEqual(graph.tables[0].primaryKey?.range, {
      start: { line: 4, character: 17 },
      end: { line: 4, character: 25 },
    });
    assert.equal(graph.tablesInsertLine, 5);
  });

  it('puts an unknown key error on the key, with a did-you-mean', () => {
    const text = 'kind: graph\ntables:\n  drivers:\n    sorce: a.csv\n';
    const [d] = parseSpec(text, '/ws/g.graph.yaml').diagnostics;
    assert.equal(d.code, 'schema');
    assert.match(d.message, /Unknown key 'sorce'.*Did you mean 'source'\?/);
    assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } });
  });

  it('reports one precise error for a wrong stype instead of every oneOf branch', () => {
    const text =
      'kind: graph\ntables:\n  t:\n    source: a.csv\n    columns:\n      a: categorcal\n      b: {stype: bogus}\n';
    const diagnostics = parseSpec(text, '/ws/g.graph.yaml').diagnostics;
    assert.equal(diagnostics.length, 2);
    assert.match(diagnostics[0].message, /must be one of .*categorical.*Did you mean 'categorical'/);
    assert.equal(diagnostics[1].range.start.line, 6);
  });

  it('maps query offsets through folded and quoted scalars', () => {
    const text = [
      'kind: training',
      'graph: g.graph.yaml',
      'query: >-',
      '  PREDICT COUNT(orders.*, 0, 30, days) > 0',
      '  FOR EACH users.id',
      '',
    ].join('\n');
    const spec = parseSpec(text, '/ws/t.training.yaml').spec as TrainingSpec;
    const q = spec.query!;
    const at = q.value.indexOf('users.id');
    assert.deepEqual(q.offsetToRange(at, at + 5), {
      start: { line: 4, character: 11 },
      end: { line: 4, character: 16 },
    });
    const quoted = parseSpec(
      "kind: training\ngraph: g.graph.yaml\nquery: 'PREDICT users.age FOR EACH users.id'\n",
      '/ws/t.training.yaml',
    ).spec as TrainingSpec;
    const i = quoted.query!.value.indexOf('users.age');
    assert.deepEqual(quoted.query!.offsetToRange(i, i + 9).start, { line: 2, character: 8 + i });
  });

  it('reads prediction settings and classifies training_job references', () => {
    const text = [
      'kind: prediction',
      'training_job: trainingjob-abc123',
      'output_types: [predictions, embeddings]',
      'num_workers: 3',
      'destination: { type: local, path: out/x.parquet }',
      '',
    ].join('\n');
    const spec = parseSpec(text, '/ws/p.prediction.yaml').spec as PredictionSpec;
    assert.equal(spec.trainingJob?.kind, 'local-job');
    assert.deepEqual(spec.outputTypes, ['predictions', 'embeddings']);
    assert.equal(spec.numWorkers, 3);
    assert.equal(spec.name, 'p');
    const kumo = parseSpec('kind: prediction\ntraining_job: kumo:trainingjob-9\n', '/ws/p.prediction.yaml')
      .spec as PredictionSpec;
    assert.equal(kumo.trainingJob?.kind, 'kumo');
  });

  it('requires destination fields by destination type', () => {
    const diagnostics = parseSpec(
      'kind: prediction\ntraining_job: t.training.yaml\ndestination: { type: snowflake }\n',
      '/ws/p.prediction.yaml',
    ).diagnostics;
    assert.deepEqual(diagnostics.map((d) => d.message).sort(), [
      "'destination' is missing the required key 'connector'.",
      "'destination' is missing the required key 'table'.",
    ]);
  });

  it('turns broken input into diagnostics, never exceptions', () => {
    assert.deepEqual(codes(''), ['schema']);
    assert.ok(codes('kind: graph\ntables: {a: [\n').every((c) => c === 'yaml-syntax'));
    assert.deepEqual(codes('\u0000\u0001binary'), ['yaml-syntax']);
    assert.deepEqual(codes('kind: graph\nname: caf\uFFFD\n'), ['yaml-syntax']);
    assert.deepEqual(codes('- a\n- b\n'), ['schema']);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    const bombResult = parseSpec(bomb, '/ws/x.graph.yaml');
    assert.deepEqual(
      bombResult.diagnostics.map((d) => d.code),
      ['yaml-syntax'],
    );
    assert.match(bombResult.diagnostics[0].message, /alias/);
    const deep = 'a: ' + '['.repeat(10000) + ']'.repeat(10000);
    assert.ok(codes(deep).length > 0);
  });

  it('reads a file that starts with a byte order mark', () => {
    const parsed = parseSpec('\uFEFFkind: graph\ntables:\n  a: { source: x.csv }\n', '/ws/g.graph.yaml');
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal((parsed.spec as GraphSpec).tables[0].name, 'a');
  });

  it('names the kind from the file suffix and checks the kind key', () => {
    const d = parseSpec('kind: training\ntables: {a: {source: a.csv}}\n', '/ws/x.graph.yaml').diagnostics;
    assert.ok(d.some((x) => x.code === 'schema' && /must be 'graph'/.test(x.message)));
  });
});
