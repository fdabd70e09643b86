import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError, type CliIo } from '../../../cli/CliCommand';
import { createValidateCommand, parseValidateArgs } from '../../../cli/commands/validateCommand';
import { runCli } from '../../../cli/main';

let root: string;

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

function io(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd,
    env,
    signal: new AbortController().signal,
  };
}

async function validate(args: string[], cwd = root): Promise<Captured> {
  const capture = io(cwd);
  const code = await runCli(['validate', ...args], capture);
  return { code, stdout: capture.out.join(''), stderr: capture.err.join('') };
}

function write(relative: string, text: string): void {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const GRAPH = [
  'kind: graph',
  'tables:',
  '  customers:',
  '    source: data/customers.csv',
  '    primary_key: customer_id',
  '  orders:',
  '    source: data/orders.csv',
  '    primary_key: order_id',
  '    time_column: ts',
  'edges:',
  '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
  '',
].join('\n');

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-validate-'));
  for (const folder of ['clean', 'broken', 'contract', 'warnings', 'duplicates']) {
    write(`${folder}/data/customers.csv`, 'customer_id,country\n1,DE\n2,FR\n3,US\n');
    write(`${folder}/data/orders.csv`, 'order_id,customer_id,amount,ts\n1,1,9.5,2024-01-03\n2,2,20.0,2024-03-05\n');
    write(`${folder}/shop.graph.yaml`, GRAPH);
  }
  write(
    'clean/churn.training.yaml',
    'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH customers.customer_id\n',
  );

  // typo: 'customer' starts at line 3, column 58 (1-based). missing: line 2 names a graph that does not exist.
  write(
    'broken/typo.training.yaml',
    'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH customer.customer_id\n',
  );
  write(
    'broken/missing.training.yaml',
    'kind: training\ngraph: nope.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH customers.customer_id\n',
  );

  // An inference graph with a renamed table, used by a prediction spec next to it.
  write(
    'contract/churn.training.yaml',
    'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30, days) = 0 FOR EACH customers.customer_id\n',
  );
  write(
    'contract/holdout.graph.yaml',
    GRAPH.replace('  customers:', '  customer:').replace('dst_table: customers', 'dst_table: customer'),
  );
  write(
    'contract/churn.prediction.yaml',
    'kind: prediction\ntraining_job: churn.training.yaml\ngraph: holdout.graph.yaml\nbinary_classification_threshold: 0.5\n',
  );

  // A regression model given a threshold: a warning only.
  write(
    'warnings/spend.training.yaml',
    'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT SUM(orders.amount, 0, 30, days) FOR EACH customers.customer_id\n',
  );
  write(
    'warnings/spend.prediction.yaml',
    'kind: prediction\ntraining_job: spend.training.yaml\nbinary_classification_threshold: 0.5\n',
  );

  // Valid YAML whose data breaks a rule only the data tier can see.
  write('duplicates/data/customers.csv', 'customer_id,country\n1,DE\n1,FR\n3,US\n');

  fs.mkdirSync(path.join(root, 'empty-folder'));
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('parseValidateArgs', () => {
  it('defaults to text output with data checks over the current directory', () => {
    assert.deepEqual(parseValidateArgs([]), { paths: [], format: 'text', data: true });
  });

  it('reads paths, --format in both spellings, --no-data and --', () => {
    assert.deepEqual(parseValidateArgs(['a', '--format', 'json', 'b', '--no-data']), {
      paths: ['a', 'b'],
      format: 'json',
      data: false,
    });
    assert.equal(parseValidateArgs(['--format=sarif']).format, 'sarif');
    assert.deepEqual(parseValidateArgs(['--', '--odd-name.graph.yaml']).paths, ['--odd-name.graph.yaml']);
  });

  it('rejects unknown options, unknown formats and a missing format value', () => {
    assert.throws(() => parseValidateArgs(['--fromat', 'json']), UsageError);
    assert.throws(() => parseValidateArgs(['--format', 'xml']), /unknown format 'xml'/);
    assert.throws(() => parseValidateArgs(['--format']), /--format needs a value/);
    assert.throws(() => parseValidateArgs(['--format=']), /--format needs a value/);
  });
});

describe('relgraph validate', () => {
  it('exits 0 on clean specs and prints the summary', async () => {
    const run = await validate(['clean']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.stdout, '0 errors, 0 warnings in 2 files\n');
  });

  it('validates the current directory when given no paths', async () => {
    const run = await validate([], path.join(root, 'clean'));
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '0 errors, 0 warnings in 2 files\n');
  });

  it('exits 1 on errors, printing path:line:col severity code message with 1-based positions', async () => {
    const run = await validate(['broken', '--no-data']);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^broken\/missing\.training\.yaml:2:8 error file-not-found .*nope\.graph\.yaml/);
    assert.match(lines[1], /^broken\/typo\.training\.yaml:3:58 error pql-unknown-table .*'customer'/);
    assert.equal(lines.at(-1), '2 errors, 0 warnings in 3 files');
  });

  it('exits 0 when there are only warnings', async () => {
    const run = await validate(['warnings', '--no-data']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^warnings\/spend\.prediction\.yaml:3:1 warning threshold-not-applicable /m);
    assert.match(run.stdout, /0 errors, 1 warning in 3 files\n$/);
  });

  it('prints JSON with the same findings in 0-based positions', async () => {
    const run = await validate(['broken', '--no-data', '--format', 'json']);
    assert.equal(run.code, 1);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(
      json.files.map((f: { path: string }) => f.path),
      ['broken/missing.training.yaml', 'broken/shop.graph.yaml', 'broken/typo.training.yaml'],
    );
    const [unknownTable] = json.files[2].diagnostics;
    assert.equal(unknownTable.code, 'pql-unknown-table');
    assert.equal(unknownTable.severity, 'error');
    assert.deepEqual(unknownTable.range.start, { line: 2, character: 57 });
    assert.deepEqual({ errors: json.summary.errors, warnings: json.summary.warnings }, { errors: 2, warnings: 0 });
  });

  it("reports each query's task type and why in JSON, decided by the data unless --no-data", async () => {
    write('task/data/customers.csv', 'customer_id,country,churned\n1,DE,0\n2,FR,1\n3,US,\n');
    write('task/data/orders.csv', 'order_id,customer_id,amount,ts\n1,1,9.5,2024-01-03\n');
    write('task/shop.graph.yaml', GRAPH);
    write(
      'task/churned.training.yaml',
      'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT customers.churned FOR EACH customers.customer_id\n',
    );
    write(
      'task/spend.training.yaml',
      'kind: training\ngraph: shop.graph.yaml\nquery: PREDICT SUM(orders.amount, 0, 30, days) FOR EACH customers.customer_id\n',
    );
    const withData = JSON.parse((await validate(['task', '--format', 'json'])).stdout);
    const byPath = (json: { files: { path: string; task?: unknown }[] }, p: string) =>
      json.files.find((f) => f.path === p);
    assert.deepEqual(byPath(withData, 'task/churned.training.yaml')?.task, {
      type: 'binary_classification',
      reason:
        'customers.churned holds two values in the data (0 and 1), so each entity gets true or false; true means customers.churned = 1',
      basis: 'data',
      dependsOnData: false,
      positiveClass: '1',
      classes: ['0', '1'],
    });
    assert.deepEqual(byPath(withData, 'task/spend.training.yaml')?.task, {
      type: 'regression',
      reason: 'SUM over a window is a number',
      basis: 'query',
      dependsOnData: false,
    });
    assert.equal(byPath(withData, 'task/shop.graph.yaml')?.task, undefined, 'a graph has no query');
    const withoutData = JSON.parse((await validate(['task', '--no-data', '--format', 'json'])).stdout);
    const unread = byPath(withoutData, 'task/churned.training.yaml')?.task as { type: string; dependsOnData: boolean };
    assert.deepEqual([unread.type, unread.dependsOnData], ['multiclass_classification', true]);
  });

  it('prints SARIF with 1-based regions and relative URIs', async () => {
    const run = await validate(['broken', '--no-data', '--format=sarif']);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'pql-unknown-table');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, {
      uri: 'broken/typo.training.yaml',
      uriBaseId: '%SRCROOT%',
    });
    assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
    assert.equal(result.locations[0].physicalLocation.region.startColumn, 58);
  });

  it('runs the data checks by default and skips them with --no-data', async () => {
    const withData = await validate(['duplicates/shop.graph.yaml', '--format', 'json']);
    const codes = JSON.parse(withData.stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
    assert.ok(codes.includes('primary-key-not-unique'), `data tier codes: ${codes.join(', ')}`);
    assert.equal(withData.code, 1);
    const withoutData = await validate(['duplicates/shop.graph.yaml', '--no-data']);
    assert.equal(withoutData.code, 0);
    assert.equal(withoutData.stdout, '0 errors, 0 warnings in 1 file\n');
  });

  it('checks an inference graph named alone against the training graph of the prediction spec next to it', async () => {
    const run = await validate(['contract/holdout.graph.yaml', '--no-data']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^contract\/holdout\.graph\.yaml:3:3 error table-not-in-training .*'customers'/m);
  });

  it('says so on stderr when a folder holds no spec files, and exits 0', async () => {
    const run = await validate(['empty-folder']);
    assert.equal(run.code, 0);
    assert.match(run.stderr, /no spec files found/);
    assert.equal(run.stdout, '0 errors, 0 warnings in 0 files\n');
  });

  it('colors text output only on a TTY without NO_COLOR', async () => {
    const runWith = async (tty: boolean, env: NodeJS.ProcessEnv) => {
      const capture = io(root, env);
      await createValidateCommand({ stdoutIsTty: () => tty }).run(['broken', '--no-data'], capture);
      return capture.out.join('');
    };
    const escape = '\u001b[';
    assert.ok((await runWith(true, {})).includes(`${escape}31merror`), 'errors in red on a TTY');
    assert.ok(!(await runWith(true, { NO_COLOR: '1' })).includes(escape), 'NO_COLOR turns color off');
    assert.ok(!(await runWith(false, {})).includes(escape), 'no color when piped');
  });
});
