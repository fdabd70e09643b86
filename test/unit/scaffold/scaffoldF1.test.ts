import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import { validateSpecFile } from '../../../core/validation/validateSpec';
import { DuckDbSession } from '../../../data/DuckDbSession';
import { NodeSpecHost } from '../../../data/NodeSpecHost';
import { sqlString } from '../../../data/sourceScan';
import { runCliIn, type CliRun } from '../../helpers/runCliIn';

/**
 * `relgraph scaffold` on the real F1 example: the training graph (f1.graph.yaml, through the
 * driver-dnf training spec) against the holdout files in examples/f1/data/full, renamed copies of
 * them, and copies with a table and a column missing.
 */
const F1 = path.resolve(__dirname, '..', '..', '..', 'examples', 'f1');
const FULL = path.join(F1, 'data', 'full');
const DNF = path.join(F1, 'driver-dnf.training.yaml');

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-scaffold-f1-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<CliRun> {
  return runCliIn(dir, args);
}

/** `relgraph scaffold prediction --from <from> --graph <graph> -o <output>` */
function scaffoldPrediction(from: string, graph: string, output: string): Promise<CliRun> {
  return cli('scaffold', 'prediction', '--from', from, '--graph', graph, '-o', output);
}

function graphAt(file: string): GraphSpec {
  const v = validateSpecFile(file, new NodeSpecHost());
  assert.ok(v.spec?.kind === 'graph' && v.graph, file);
  return v.graph;
}

/** Everything of a graph but its file: what the engine and the validator read. */
function resolved(graph: GraphSpec) {
  return {
    tables: graph.tables.map((t) => ({
      name: t.name,
      sourcePath: t.sourcePath,
      primaryKey: t.primaryKey?.value,
      timeColumn: t.timeColumn?.value,
      endTimeColumn: t.endTimeColumn?.value,
      columns: t.columns.map((c) => [c.name, c.stype?.value, c.dtype?.value, c.exclude ?? false]),
    })),
    edges: graph.edges.map((e) => [e.srcTable.value, e.fkey.value, e.dstTable.value]),
  };
}

/** A graph file without its leading comment lines. */
function body(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/^(#.*\n)+/, '');
}

/** A copy of the holdout files, changed by `edit` with DuckDB. */
async function copyOfHoldout(name: string, edit: (session: DuckDbSession, folder: string) => Promise<void>) {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  for (const file of fs.readdirSync(FULL)) fs.copyFileSync(path.join(FULL, file), path.join(folder, file));
  const session = await DuckDbSession.open({ threads: 1 });
  try {
    await edit(session, folder);
  } finally {
    session.close();
  }
  return folder;
}

const scan = (file: string) => `read_csv(${sqlString(file)}, header = true, auto_detect = true, sample_size = -1)`;

describe('relgraph scaffold on the F1 example', () => {
  it('reproduces holdout.graph.yaml from the training graph and the holdout files', async () => {
    const r = await cli('scaffold', 'inference-graph', '--from', DNF, '--data', FULL, '-o', 'holdout.graph.yaml');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(r.stdout.match(/\(same file name as the training source\)/g)?.length, 10, r.stdout);
    assert.match(r.stdout, /Wrote holdout\.graph\.yaml: 10 of 10 tables matched cleanly\./);
    const written = path.join(dir, 'holdout.graph.yaml');
    assert.deepEqual(resolved(graphAt(written)), resolved(graphAt(path.join(F1, 'holdout.graph.yaml'))));
    // Written next to holdout.graph.yaml, it would be the same file but for the comment at the top.
    const beside = body(written).replaceAll(`${path.relative(dir, F1)}/`, '');
    assert.equal(beside, body(path.join(F1, 'holdout.graph.yaml')));
  });

  it('a model of the training graph validates clean and predicts the same rows on it as on holdout.graph.yaml', async () => {
    const graph = path.relative(dir, path.join(F1, 'f1.graph.yaml'));
    fs.writeFileSync(
      path.join(dir, 'dnf.training.yaml'),
      [
        'kind: training',
        `graph: ${graph}`,
        'query: >-',
        '  PREDICT COUNT(results.* WHERE results.statusId != 1, 0, 30, days) > 0',
        '  FOR EACH drivers.driverId ASSUMING COUNT(results.*, 0, 30, days) > 0',
        'train: { start_time: 2008-01-01, end_time: 2009-10-01, timeframe_step: 90, validation_start: 2009-04-01 }',
        'model: { run_mode: fast, num_trees: 8 }',
        '',
      ].join('\n'),
    );
    const train = await cli('train', 'dnf.training.yaml', '--quiet');
    assert.equal(train.code, 0, train.stderr);

    const scaffold = await scaffoldPrediction('dnf.training.yaml', 'holdout.graph.yaml', 'scaffolded.prediction.yaml');
    assert.equal(scaffold.code, 0, scaffold.stderr);
    const validate = await cli('validate', '.');
    assert.equal(validate.code, 0, validate.stdout);
    assert.match(validate.stdout, /^0 errors, \d+ warnings? in 3 files/m);

    // The same rows from both graphs; a short prediction table at RelBench's test anchor keeps it quick.
    fs.writeFileSync(path.join(dir, 'rows.csv'), 'ENTITY\n1\n4\n8\n13\n18\n20\n22\n30\n');
    const settings = 'anchor_time: 2010-01-01\nprediction_table: rows.csv\n';
    fs.appendFileSync(path.join(dir, 'scaffolded.prediction.yaml'), settings);
    const reference = fs
      .readFileSync(path.join(dir, 'scaffolded.prediction.yaml'), 'utf8')
      .replace('graph: holdout.graph.yaml', `graph: ${path.relative(dir, path.join(F1, 'holdout.graph.yaml'))}`)
      .replace(/scaffolded/g, 'reference');
    fs.writeFileSync(path.join(dir, 'reference.prediction.yaml'), reference);
    for (const spec of ['scaffolded', 'reference']) {
      const predict = await cli('predict', `${spec}.prediction.yaml`, '--head', '0', '--no-data');
      assert.equal(predict.code, 0, predict.stderr);
    }
    const ours = fs.readFileSync(path.join(dir, 'out', 'scaffolded_predictions.csv'), 'utf8');
    assert.equal(ours.trim().split('\n').length, 9, ours);
    assert.equal(ours, fs.readFileSync(path.join(dir, 'out', 'reference_predictions.csv'), 'utf8'));
  });

  it('finds renamed files by their columns: drv.csv and res_2010.parquet', async () => {
    const folder = await copyOfHoldout('renamed', async (session, to) => {
      fs.renameSync(path.join(to, 'drivers.csv'), path.join(to, 'drv.csv'));
      const parquet = path.join(to, 'res_2010.parquet');
      await session.run(
        `COPY (SELECT * FROM ${scan(path.join(to, 'results.csv'))} WHERE year(date) <= 2010) TO ${sqlString(parquet)} (FORMAT parquet)`,
      );
      fs.rmSync(path.join(to, 'results.csv'));
    });
    const r = await cli('scaffold', 'inference-graph', '--from', DNF, '--data', folder, '-o', 'renamed.graph.yaml');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(
      r.stdout,
      /^ {2}drivers {16}renamed\/drv\.csv \(matched by its columns: 7 of 7 columns the model uses\)$/m,
    );
    assert.match(
      r.stdout,
      /^ {2}results {16}renamed\/res_2010\.parquet \(matched by its columns: 15 of 15 columns the model uses\)$/m,
    );
    const sources = graphAt(path.join(dir, 'renamed.graph.yaml')).tables.map((t) => [t.name, t.source?.value]);
    assert.deepEqual(Object.fromEntries(sources), {
      races: 'renamed/races.csv',
      circuits: 'renamed/circuits.csv',
      drivers: 'renamed/drv.csv',
      results: 'renamed/res_2010.parquet',
      standings: 'renamed/standings.csv',
      constructors: 'renamed/constructors.csv',
      constructor_results: 'renamed/constructor_results.csv',
      constructor_standings: 'renamed/constructor_standings.csv',
      qualifying: 'renamed/qualifying.csv',
      status: 'renamed/status.csv',
    });

    // Every file renamed: the columns alone still place every table.
    const anonymous = path.join(dir, 'anonymous');
    fs.mkdirSync(anonymous);
    fs.readdirSync(FULL).forEach((file, i) =>
      fs.copyFileSync(path.join(FULL, file), path.join(anonymous, `t${i}.csv`)),
    );
    const json = await cli('scaffold', 'inference-graph', '--from', DNF, '--data', 'anonymous', '--json');
    assert.equal(json.code, 0, json.stderr);
    const decisions = JSON.parse(json.stdout) as { tables: { table: string; reason: string; path: string }[] };
    const names = fs.readdirSync(FULL);
    for (const t of decisions.tables) {
      assert.equal(t.reason, 'columns', t.table);
      assert.equal(names[Number(/t(\d+)\.csv$/.exec(t.path)?.[1])], `${t.table}.csv`);
    }

    const prediction = await scaffoldPrediction(DNF, 'renamed.graph.yaml', 'renamed.prediction.yaml');
    assert.equal(prediction.code, 0, prediction.stderr);
    const validate = await cli('validate', 'renamed.graph.yaml', 'renamed.prediction.yaml');
    assert.equal(validate.code, 0, validate.stdout);
  });

  it('names exactly the missing table and column, and the written spec shows the same problems when validated', async () => {
    const folder = await copyOfHoldout('partial', async (session, to) => {
      fs.rmSync(path.join(to, 'status.csv'));
      const results = path.join(to, 'results.csv');
      const without = path.join(to, 'results-without-laps.csv');
      await session.run(`COPY (SELECT * EXCLUDE (laps) FROM ${scan(results)}) TO ${sqlString(without)} (HEADER)`);
      fs.renameSync(without, results);
    });
    const r = await cli('scaffold', 'inference-graph', '--from', DNF, '--data', folder, '-o', 'partial.graph.yaml');
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const problems = r.stdout.split('\n').filter((line) => /^[!?] |^ +- /.test(line));
    assert.deepEqual(problems, [
      '                         - Missing columns the model uses: laps (int64). Add them to the data (empty values are allowed) or retrain without them.',
      '! status                 no match: no file is named like it and none has its columns',
      '                         - It needs a source with the columns statusId (int64), status (string). Closest: partial/results.csv, with statusId but without status.',
    ]);
    assert.match(r.stdout, /8 of 10 tables matched cleanly, 1 matched with column problems, 1 without a source\./);
    const text = fs.readFileSync(path.join(dir, 'partial.graph.yaml'), 'utf8');
    assert.match(text, / {2}results:\n {4}# Missing columns the model uses: laps \(int64\)\./);
    assert.match(
      text,
      / {2}status:\n {4}# No match: [^\n]*\n( {4}#[^\n]*\n)+ {4}source: # to fill in\n {4}primary_key: statusId\n/,
    );

    const prediction = await scaffoldPrediction(DNF, 'partial.graph.yaml', 'partial.prediction.yaml');
    assert.equal(prediction.code, 0, prediction.stderr);
    const validate = await cli('validate', 'partial.graph.yaml', 'partial.prediction.yaml', '--format', 'json');
    assert.equal(validate.code, 1);
    const report = JSON.parse(validate.stdout) as {
      files: { path: string; diagnostics: { code: string; severity: string; message: string }[] }[];
    };
    const errors = report.files.flatMap((f) =>
      f.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => [path.basename(f.path), d.code, d.message.split(' (')[0]]),
    );
    assert.deepEqual(errors, [
      [
        'partial.graph.yaml',
        'schema',
        "'tables.status.source' has an unexpected shape: The table's data: a local file relative to this file",
      ],
      ['partial.prediction.yaml', 'training-column-missing', "Column 'laps' of table 'results' is used by the model"],
    ]);
  });
});
