import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseScaffoldArgs } from '../../../cli/commands/scaffoldCommand';
import { parseSpec } from '../../../core/spec/parseSpec';
import { runCliIn, type CliRun } from '../../helpers/runCliIn';
import { ShopWorkspace } from '../prediction/shopFixture';

/** The command's contract: arguments, exit codes, output handling, local job ids, and `scaffold prediction` per task. */
const F1 = path.resolve(__dirname, '..', '..', '..', 'examples', 'f1');

let ws: ShopWorkspace;
let jobId: string;
before(async () => {
  ws = ShopWorkspace.create();
  jobId = (await ws.train('multiclass')).id;
  // The new data: the customers file renamed, the orders file as it was.
  fs.mkdirSync(ws.path('new'));
  fs.copyFileSync(ws.path('data/customers.csv'), ws.path('new/people.csv'));
  fs.copyFileSync(ws.path('data/orders.csv'), ws.path('new/orders.csv'));
});
after(() => ws.remove());

function cli(...args: string[]): Promise<CliRun> {
  return runCliIn(ws.dir, args);
}

/** `relgraph scaffold prediction --from <from> --graph <graph> -o <output>` */
function scaffoldPrediction(from: string, graph: string, output: string): Promise<CliRun> {
  return cli('scaffold', 'prediction', '--from', from, '--graph', graph, '-o', output);
}

function errorsOf(stdout: string): string[] {
  return stdout.split('\n').filter((line) => / error /.test(line));
}

describe('relgraph scaffold: usage', () => {
  it('documents both scaffolds, the matching rules and the exit codes in --help', async () => {
    const help = await cli('scaffold', '--help');
    assert.equal(help.code, 0);
    for (const text of [
      'relgraph scaffold inference-graph --from <model>',
      'relgraph scaffold prediction --from <model> --graph <file.graph.yaml>',
      '1. by name',
      '2. else by columns',
      '3. else none',
      '--force',
      '--json',
      'Exit codes: 0',
    ]) {
      assert.ok(help.stdout.includes(text), text);
    }
    assert.match((await cli('--help')).stdout, /^ {2}scaffold +Write the inference graph or prediction spec/m);
  });

  it('rejects bad arguments with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /scaffold what\? inference-graph or prediction/],
      [['graph'], /unknown scaffold 'graph'/],
      [['inference-graph'], /--from is required/],
      [['prediction', '--from', 'x.training.yaml'], /--graph is required/],
      [['inference-graph', '--from', 'a', '-o', 'new.yaml'], /the output must be named \*\.graph\.yaml/],
      [['prediction', '--from', 'a', '--graph', 'g', '-o', 'p.graph.yaml'], /must be named \*\.prediction\.yaml/],
      [['inference-graph', '--from', 'a', '--frm'], /unknown option '--frm'/],
      [['prediction', '--from', 'a', '--graph', 'g', '--data', 'x'], /--data applies to inference-graph/],
      [['inference-graph', '--from', 'nope.training.yaml'], /no such training spec: nope\.training\.yaml/],
      [['inference-graph', '--from', 'trainingjob-nope'], /no finished local training job 'trainingjob-nope'/],
      [
        ['inference-graph', '--from', 'kumo:tj-1'],
        /the training graph of kumo:tj-1 is not pulled .*'relgraph kumo pull kumo:tj-1'/,
      ],
      [['inference-graph', '--from', 'shop.graph.yaml'], /shop\.graph\.yaml is not a training spec/],
      [['inference-graph', '--from', 'binary.training.yaml', '--data', 'nowhere/'], /--data: .* 'nowhere\/'/],
      [
        ['prediction', '--from', 'binary.training.yaml', '--graph', 'none.graph.yaml'],
        /none\.graph\.yaml: no such file/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli('scaffold', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
  });

  it('reads the words of an unquoted glob the shell expanded as more --data paths', () => {
    const options = parseScaffoldArgs([
      'inference-graph',
      '--from',
      'm',
      '--data',
      'a.csv',
      'b.csv',
      '-o',
      'x.graph.yaml',
    ]);
    assert.deepEqual(options.data, ['a.csv', 'b.csv']);
  });
});

describe('relgraph scaffold inference-graph', () => {
  it('prints the graph on stdout and the report on stderr without -o, paths relative to the current folder', async () => {
    const r = await cli('scaffold', 'inference-graph', '--from', 'binary.training.yaml', '--data', 'new');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# The INFERENCE graph for binary\.training\.yaml \(graph shop\.graph\.yaml\)/);
    assert.match(
      r.stdout,
      / {2}customers:\n {4}# Matched by its columns: 4 of 4 columns the model uses\.\n {4}source: new\/people\.csv\n/,
    );
    assert.match(r.stdout, / {2}orders:\n {4}source: new\/orders\.csv\n/);
    assert.match(r.stderr, /Printed the graph: 2 of 2 tables matched cleanly\./);
  });

  it('never replaces an existing file without --force; with it, replaces it whole', async () => {
    const target = ws.write('kept.graph.yaml', 'kind: graph # mine\n');
    const scaffoldKept = [
      'scaffold',
      'inference-graph',
      '--from',
      'binary.training.yaml',
      '--data',
      'new',
      '-o',
      'kept.graph.yaml',
    ];
    const refused = await cli(...scaffoldKept);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /kept\.graph\.yaml exists: pass --force to replace it/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'kind: graph # mine\n');
    const forced = await cli(...scaffoldKept, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(fs.readFileSync(target, 'utf8'), /^# The INFERENCE graph/);
    assert.deepEqual(
      fs.readdirSync(ws.dir).filter((f) => f.startsWith('.kept')),
      [],
      'no temporary file is left behind',
    );
  });

  it('exits 1 and still writes the spec when a table has no source; --json lists the decisions', async () => {
    const r = await cli(
      'scaffold',
      'inference-graph',
      '--from',
      'binary.training.yaml',
      '--data',
      'new/orders.csv',
      '-o',
      'gaps.graph.yaml',
      '--json',
    );
    assert.equal(r.code, 1, r.stderr);
    const decisions = JSON.parse(r.stdout);
    assert.equal(decisions.output, ws.path('gaps.graph.yaml'));
    assert.equal(decisions.complete, false);
    assert.deepEqual(
      decisions.tables.map((t: { table: string; status: string; source?: string }) => [t.table, t.status, t.source]),
      [
        ['customers', 'unmatched', undefined],
        ['orders', 'matched', 'new/orders.csv'],
      ],
    );
    assert.match(
      fs.readFileSync(ws.path('gaps.graph.yaml'), 'utf8'),
      / {2}customers:\n( {4}#.*\n)+ {4}source: # to fill in\n/,
    );
  });

  it("--match puts the user's source in place of the automatic match, or leaves a table to fill in", async () => {
    const scaffold = (...match: string[]) =>
      cli('scaffold', 'inference-graph', '--from', 'binary.training.yaml', '--data', 'new', ...match);
    const chosen = await scaffold('--match', 'customers=new/orders.csv');
    assert.equal(chosen.code, 1, 'orders.csv lacks the columns of customers');
    assert.match(
      chosen.stderr,
      /\n {2}customers +new\/orders\.csv \(chosen: \d of 4 columns the model uses\)\n +- Missing/,
    );
    assert.match(chosen.stdout, / {2}customers:\n( {4}#.*\n)+ {4}source: new\/orders\.csv\n/);
    // people.csv, which the columns matched, is no table's source now.
    assert.match(chosen.stderr, /\nNot used: new\/people\.csv\n/);

    const none = await scaffold('--match', 'customers=', '--json');
    assert.equal(none.code, 1);
    const customers = JSON.parse(none.stdout).tables[0];
    assert.equal(customers.status, 'unmatched');
    assert.equal(customers.description.reason, 'no source: left to fill in, as chosen');

    const same = await scaffold('--match', 'orders=NEW/../new/orders.csv', '--match', 'customers=new/people.csv');
    assert.equal(same.code, 0, same.stderr);
    assert.match(
      same.stderr,
      /\n {2}orders +new\/orders\.csv \(same file name as the training source\)\n/,
      'an unchanged choice keeps its reason',
    );

    for (const [match, message] of [
      ['customers', /--match takes <table>=<source>/],
      ['=new/orders.csv', /--match takes <table>=<source>/],
      ['users=new/orders.csv', /users is not a table of the training graph \(customers, orders\)/],
      ['customers=new/nope.csv', /not one of the CSV or Parquet files and table folders --data found/],
    ] as const) {
      const bad = await scaffold('--match', match);
      assert.equal(bad.code, 2, match);
      assert.match(bad.stderr, message, match);
    }
    const twice = await scaffold('--match', 'customers=', '--match', 'customers=new/people.csv');
    assert.match(twice.stderr, /--match names customers twice/);
    const prediction = await cli('scaffold', 'prediction', '--from', 'a', '--graph', 'g', '--match', 'x=y');
    assert.match(prediction.stderr, /--match applies to inference-graph/);
  });

  it("--json gives each table the report's words and every candidate's fit, best first", async () => {
    const r = await cli('scaffold', 'inference-graph', '--from', 'binary.training.yaml', '--data', 'new', '--json');
    assert.equal(r.code, 0, r.stderr);
    const [customers] = JSON.parse(r.stdout).tables;
    assert.deepEqual(customers.description, {
      source: 'new/people.csv',
      reason: 'matched by its columns: 4 of 4 columns the model uses',
      problems: [],
    });
    assert.deepEqual(
      customers.fits.map((f: { candidate: string; source: string; matched: number }) => [
        f.candidate,
        f.source,
        f.matched,
      ]),
      [
        [ws.path('new/people.csv'), 'new/people.csv', 4],
        [ws.path('new/orders.csv'), 'new/orders.csv', 1],
      ],
    );
    assert.ok(customers.fits[1].missing.length > 0, 'orders.csv lacks columns of customers');
  });

  it('follows a local training job id: its recorded graph, with the overrides of its training spec or, without it, the ones its types imply', async () => {
    const r = await cli('scaffold', 'inference-graph', '--from', jobId, '--data', 'new', '-o', 'job.graph.yaml');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^Training graph: training job ${jobId} \\(multiclass\\.training\\.yaml\\), 2 tables, 1 edge`),
    );
    const text = fs.readFileSync(ws.path('job.graph.yaml'), 'utf8');
    assert.match(
      text,
      / {4}source: new\/people\.csv\n {4}primary_key: customer_id\n {4}columns:\n {6}country: categorical\n {6}segment: categorical\n/,
    );

    // The engine typed orders.store (a few distinct strings) as categorical: written as an override.
    assert.match(text, / {4}time_column: ts\n {4}columns:\n {6}store: categorical\n/);

    fs.renameSync(ws.path('multiclass.training.yaml'), ws.path('moved.yaml'));
    try {
      const orphan = await cli('scaffold', 'inference-graph', '--from', jobId, '--data', 'new');
      assert.equal(orphan.code, 0, orphan.stderr);
      const overrides = (yaml: string) => {
        const graph = parseSpec(yaml, ws.path('x.graph.yaml')).spec;
        assert.ok(graph?.kind === 'graph');
        return graph.tables.map((t) => [t.name, t.columns.map((c) => `${c.name}: ${c.stype?.value}`).sort()]);
      };
      assert.deepEqual(overrides(orphan.stdout), overrides(text));
    } finally {
      fs.renameSync(ws.path('moved.yaml'), ws.path('multiclass.training.yaml'));
    }

    const prediction = await scaffoldPrediction(jobId, 'job.graph.yaml', 'job.prediction.yaml');
    assert.equal(prediction.code, 0, prediction.stderr);
    assert.match(
      fs.readFileSync(ws.path('job.prediction.yaml'), 'utf8'),
      new RegExp(`\ntraining_job: ${jobId}\ngraph: job.graph.yaml\n`),
    );
    const validate = await cli('validate', 'job.graph.yaml', 'job.prediction.yaml');
    assert.equal(validate.code, 0, validate.stdout);
  });
  it('refuses a hand-edited job record whose training graph is malformed, and says so', async () => {
    // A record the store accepts (every field it checks is well-formed) with a training graph edited by hand.
    const at = '2026-01-01T00:00:00.000Z';
    const record = {
      formatVersion: 1,
      id: 'trainingjob-edited',
      kind: 'training',
      status: 'DONE',
      createdAt: at,
      updatedAt: at,
      spec: { path: ws.path('gone.training.yaml'), name: 'gone', sha256: '' },
      eventLog: [],
      artifacts: [],
      logPath: ws.path('.relgraph/jobs/trainingjob-edited.log'),
      artifactDir: ws.path('.relgraph/jobs/trainingjob-edited'),
      tags: {},
      summary: {
        training_graph: {
          query: 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH users.user_id',
          taskType: 'binary_classification',
          tables: [
            { name: 'users', primaryKey: 'user_id', columns: 'all of them' },
            7,
            { name: '' },
            {
              name: 'orders',
              primaryKey: ['x'],
              columns: [{ name: 'ts', dtype: 'date', stype: 'timestamp' }, { name: 'x' }],
            },
          ],
          edges: 'none',
        },
      },
    };
    ws.write('.relgraph/jobs/trainingjob-edited.json', JSON.stringify(record));
    const r = await cli('scaffold', 'inference-graph', '--from', 'trainingjob-edited');
    // The store's reader takes a training graph whole or not at all: a half-edited one is refused, and why.
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /the record of job 'trainingjob-edited' holds no training graph Relgraph can read/);
    assert.equal(r.stdout, '');
  });
});

describe('relgraph scaffold prediction', () => {
  async function scaffold(training: string, graph: string, output: string) {
    const r = await scaffoldPrediction(path.join(F1, training), path.join(F1, graph), output);
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(ws.path(output), 'utf8');
    const spec = parseSpec(text, ws.path(output)).spec;
    assert.ok(spec?.kind === 'prediction');
    const validate = await cli('validate', output);
    assert.deepEqual(errorsOf(validate.stdout), [], validate.stdout);
    assert.equal(validate.code, 0);
    return { stdout: r.stdout, text, spec };
  }

  it('binary: a threshold and the anchor time inferred from the graph, validating clean', async () => {
    const { stdout, text, spec } = await scaffold(
      'driver-dnf.training.yaml',
      'holdout.graph.yaml',
      'dnf.prediction.yaml',
    );
    assert.equal(spec.binaryClassificationThreshold?.value, 0.5);
    assert.equal(spec.numClassesToReturn, undefined);
    assert.match(text, /\n# anchor_time: 2022-11-20 13:00:00\n/);
    assert.match(stdout, /binary classification, anchor time defaults to 2022-11-20 13:00:00 \(latest results\.date\)/);
    assert.equal(spec.destination?.path?.value, 'out/dnf.csv');
  });

  it('multiclass: classes to return and no anchor time, validating clean', async () => {
    const { text, spec } = await scaffold(
      'driver-nationality.training.yaml',
      'nationality.graph.yaml',
      'nationality.prediction.yaml',
    );
    assert.equal(spec.numClassesToReturn?.value, 3);
    assert.equal(spec.binaryClassificationThreshold, undefined);
    assert.doesNotMatch(text, /anchor_time/);
  });

  it("binary when the training data's target holds two values, though its type alone says regression", async () => {
    const rows = ['user_id,churned', ...Array.from({ length: 40 }, (_, i) => `${i + 1},${i % 9 === 0 ? '' : i % 2}`)];
    ws.write('flags/users.csv', rows.join('\n') + '\n');
    const graph = ['kind: graph', 'tables:', '  users:', '    source: flags/users.csv', '    primary_key: user_id', ''];
    ws.write('flags.graph.yaml', graph.join('\n'));
    ws.write(
      'churn.training.yaml',
      'kind: training\ngraph: flags.graph.yaml\nquery: PREDICT users.churned FOR EACH users.user_id\n',
    );
    const r = await scaffoldPrediction('churn.training.yaml', 'flags.graph.yaml', 'churn.prediction.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Wrote churn\.prediction\.yaml: binary classification, static query/);
    assert.match(fs.readFileSync(ws.path('churn.prediction.yaml'), 'utf8'), /\nbinary_classification_threshold: 0\.5 /);
    const validate = await cli('validate', 'churn.prediction.yaml');
    assert.deepEqual(errorsOf(validate.stdout), [], validate.stdout);

    // Training data that cannot be read leaves the task type a guess: the threshold is offered, commented.
    ws.write('lost.graph.yaml', graph.join('\n').replace('flags/users.csv', 'lost/users.csv'));
    ws.write(
      'lost.training.yaml',
      'kind: training\ngraph: lost.graph.yaml\nquery: PREDICT users.churned FOR EACH users.user_id\n',
    );
    const guess = await scaffoldPrediction('lost.training.yaml', 'flags.graph.yaml', 'lost.prediction.yaml');
    assert.equal(guess.code, 0, guess.stderr);
    assert.match(guess.stdout, /^Wrote lost\.prediction\.yaml: [a-z ]+ \(a guess: the target data could not be read\)/);
    assert.match(
      fs.readFileSync(ws.path('lost.prediction.yaml'), 'utf8'),
      /\n# The task type waits for the data: [^\n]*\n(# [^\n]*\n)*# binary_classification_threshold: 0\.5\n/,
    );
  });

  it('regression: neither threshold nor classes, the anchor time from the target table, validating clean', async () => {
    const { text, spec } = await scaffold(
      'driver-position.training.yaml',
      'holdout.graph.yaml',
      'position.prediction.yaml',
    );
    assert.equal(spec.binaryClassificationThreshold, undefined);
    assert.equal(spec.numClassesToReturn, undefined);
    assert.match(text, /# A regression model: no threshold and no number of classes apply\./);
    assert.match(text, /\n# anchor_time: 2022-11-20 13:00:00\n/);
  });
});
