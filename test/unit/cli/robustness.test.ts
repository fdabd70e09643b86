import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDiagnosticCode } from '../../../core/diagnostics/DiagnosticCodes';

/**
 * Hostile inputs through the real CLI in a child process: each must end in diagnostics (exit 0 or 1,
 * valid JSON), never a stack trace, never a hang. The timeout is a hang guard, not a speed assertion.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const HANG_GUARD_MS = 60_000;

let dir: string;

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runCli(args: string[], cwd = dir): CliRun {
  const result = spawnSync(process.execPath, [path.join(REPO, 'bin', 'relgraph.js'), ...args], {
    cwd,
    env: { ...process.env, RELGRAPH_FROM_SOURCE: '1', NO_COLOR: '1', RELGRAPH_DEBUG: '' },
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
    // The CLI turns SIGTERM into a graceful abort, which a stuck synchronous loop never sees.
    killSignal: 'SIGKILL',
    maxBuffer: 512 * 1024 * 1024,
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut };
}

/** A stack trace line (`    at fn (file:1:2)`) anywhere in the output means an uncaught error leaked. */
function assertNoStackTrace(run: CliRun): void {
  const output = run.stdout + run.stderr;
  assert.doesNotMatch(output, /^\s+at .+[:(].*\d+:\d+\)?$/m, `stack trace in output:\n${run.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(run.stderr, /\b(TypeError|RangeError|ReferenceError|SyntaxError):/, run.stderr.slice(0, 2000));
}

interface JsonOutput {
  files: { path: string; diagnostics: { code: string; severity: string; message: string; range: unknown }[] }[];
  summary: { errors: number; warnings: number };
}

/** Validates one file with --format json and returns its diagnostics after the common assertions. */
function validateHostile(file: string): JsonOutput['files'][number]['diagnostics'] {
  const run = runCli(['validate', '--format', 'json', file]);
  assert.equal(run.timedOut, false, `relgraph validate ${file} did not finish within the hang guard`);
  assertNoStackTrace(run);
  assert.ok(run.status === 0 || run.status === 1, `exit code ${run.status}; stderr:\n${run.stderr.slice(0, 2000)}`);
  const json = JSON.parse(run.stdout) as JsonOutput;
  assert.equal(json.files.length, 1);
  assert.equal(json.files[0].path, file);
  const diagnostics = json.files[0].diagnostics;
  for (const d of diagnostics) {
    assert.ok(isDiagnosticCode(d.code), `unknown code ${d.code}`);
    assert.equal(typeof d.message, 'string');
  }
  assert.equal(run.status, json.summary.errors > 0 ? 1 : 0, 'exit code follows the error count');
  return diagnostics;
}

function write(name: string, content: string | Buffer): string {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-robust-'));
  write('data/customers.csv', 'customer_id,country\n1,DE\n2,FR\n');
  write('data/orders.csv', 'order_id,customer_id,amount,ts\n1,1,9.5,2024-01-03\n2,2,20.0,2024-01-05\n');
  write(
    'shop.graph.yaml',
    [
      'kind: graph',
      'tables:',
      '  customers: { source: data/customers.csv, primary_key: customer_id }',
      '  orders: { source: data/orders.csv, primary_key: order_id, time_column: ts }',
      'edges:',
      '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
      '',
    ].join('\n'),
  );
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('relgraph validate on hostile input', () => {
  it('an empty file', () => {
    const diagnostics = validateHostile(write('empty.graph.yaml', ''));
    assert.ok(diagnostics.length > 0, 'an empty spec is reported');
  });

  it('binary garbage', () => {
    // A fixed pseudo-random byte stream (with NULs and invalid UTF-8), the same on every run.
    const bytes = Buffer.alloc(64 * 1024);
    let state = 12345;
    for (let i = 0; i < bytes.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      bytes[i] = state >>> 24;
    }
    const diagnostics = validateHostile(write('garbage.training.yaml', bytes));
    assert.ok(diagnostics.length > 0);
  });

  it('a 5 MB YAML file', () => {
    const entries = ['kind: graph\ntables:\n'];
    let size = entries[0].length;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const name = `table_${String(i).padStart(6, '0')}`;
      const entry =
        `  ${name}:\n    source: data/missing/${name}.csv\n    primary_key: id\n    time_column: created_at\n` +
        `    description: ${'Rows of a generated table whose source file does not exist.'.repeat(3)}\n`;
      entries.push(entry);
      size += entry.length;
    }
    const file = write('huge.graph.yaml', entries.join(''));
    assert.ok(fs.statSync(path.join(dir, file)).size >= 5 * 1024 * 1024);
    const diagnostics = validateHostile(file);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'yaml-syntax');
    assert.match(diagnostics[0].message, /up to 2 MB/);
  });

  it('a YAML alias bomb (billion laughs)', () => {
    const lines = ['kind: graph', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      const previous = `*${names[i - 1]}`;
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(previous).join(',')}]`);
    }
    lines.push('tables: *i');
    const diagnostics = validateHostile(write('bomb.graph.yaml', lines.join('\n') + '\n'));
    assert.ok(diagnostics.length > 0);
  });

  it('10,000 levels of nesting', () => {
    const depth = 10_000;
    const flow = `kind: graph\ntables: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    assert.ok(validateHostile(write('deep-flow.graph.yaml', flow)).length > 0);
    const mapping = `kind: graph\ntables: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
    assert.ok(validateHostile(write('deep-map.graph.yaml', mapping)).length > 0);
  });

  it('a UTF-16 encoded spec', () => {
    const text = fs.readFileSync(path.join(dir, 'shop.graph.yaml'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.ok(validateHostile(write('utf16.graph.yaml', utf16)).length > 0);
  });

  it('a latin-1 encoded spec', () => {
    // The file names its graph 'café.graph.yaml' in latin-1 (é = 0xE9), which is not UTF-8.
    write('café.graph.yaml', fs.readFileSync(path.join(dir, 'shop.graph.yaml')));
    const text =
      'kind: training\ngraph: caf\u00e9.graph.yaml\nquery: PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customers.customer_id\n';
    assert.ok(validateHostile(write('latin1.training.yaml', Buffer.from(text, 'latin1'))).length > 0);
  });

  it('a PQL query of 100,000 characters', () => {
    const condition = ' OR orders.amount > 1';
    const repeats = Math.ceil(100_000 / condition.length);
    const query = `PREDICT COUNT(orders.* WHERE orders.amount > 1${condition.repeat(repeats)}, 0, 30, days) > 0 FOR EACH customer.customer_id`;
    assert.ok(query.length >= 100_000);
    const file = write('long-query.training.yaml', `kind: training\ngraph: shop.graph.yaml\nquery: ${query}\n`);
    const diagnostics = validateHostile(file);
    assert.ok(
      diagnostics.some((d) => d.code === 'pql-unknown-table'),
      'the misspelt entity table at the end of the query is found',
    );
  });
});

describe('relgraph validate usage errors exit with 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['validate', '--bogus'], /unknown option '--bogus'/],
    ['a path that does not exist', ['validate', 'no/such/folder'], /no such file or folder: 'no\/such\/folder'/],
    ['an unknown format', ['validate', '--format', 'xml', 'shop.graph.yaml'], /unknown format 'xml'/],
    ['a missing format value', ['validate', 'shop.graph.yaml', '--format'], /--format needs a value/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const run = runCli(args);
      assert.equal(run.timedOut, false);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Usage: relgraph validate/);
      assert.equal(run.stdout, '');
      assertNoStackTrace(run);
    });
  }
});
