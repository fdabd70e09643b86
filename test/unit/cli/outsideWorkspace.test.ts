import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseValidateArgs } from '../../../cli/commands/validateCommand';
import { runCli } from '../../../cli/main';
import { projectFolderOf } from '../../../cli/projectFolder';

let root: string;
let project: string;
let secrets: string;

async function validate(...args: string[]): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  const code = await runCli(['validate', '--format', 'json', ...args], {
    stdout: (text) => out.push(text),
    stderr: () => undefined,
    cwd: project,
    env: {},
    signal: new AbortController().signal,
  });
  return { code, stdout: out.join('') };
}

const dataCodes = (stdout: string) =>
  (JSON.parse(stdout) as { files: { diagnostics: { code: string; source: string; message: string }[] }[] }).files
    .flatMap((f) => f.diagnostics)
    .filter((d) => d.source === 'relgraph-data');

/** A repository whose graph reads one table from the project and one from a folder beside it. */
before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-outside-cli-'));
  project = path.join(root, 'project');
  secrets = path.join(root, 'secrets');
  fs.mkdirSync(path.join(project, '.git'), { recursive: true });
  fs.mkdirSync(path.join(project, 'specs', 'data'), { recursive: true });
  fs.mkdirSync(secrets);
  fs.writeFileSync(path.join(secrets, 'customers.csv'), 'customer_id,password\n1,hunter2\n1,swordfish\n');
  fs.writeFileSync(path.join(project, 'specs', 'data', 'orders.csv'), 'order_id,customer_id\n10,1\n');
  fs.writeFileSync(
    path.join(project, 'specs', 'shop.graph.yaml'),
    [
      'kind: graph',
      'tables:',
      '  customers:',
      `    source: ${path.join(secrets, 'customers.csv')}`,
      '    primary_key: customer_id',
      '  orders:',
      '    source: ../specs/data/orders.csv',
      '    primary_key: order_id',
      'edges:',
      '  - { src_table: orders, fkey: customer_id, dst_table: customers }',
      '',
    ].join('\n'),
  );
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe("relgraph validate reads data only inside the spec's project", () => {
  it("takes the nearest folder with .git or .relgraph as the project, else the spec's folder", () => {
    assert.equal(projectFolderOf(path.join(project, 'specs', 'shop.graph.yaml')), project);
    assert.equal(projectFolderOf(path.join(secrets, 'x.graph.yaml')), secrets);
  });

  it('reports a source outside it as source-outside-workspace and quotes nothing from it', async () => {
    const { code, stdout } = await validate('specs');
    assert.equal(code, 0, 'a warning, not an error');
    const diagnostics = dataCodes(stdout);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['source-outside-workspace'],
    );
    assert.match(diagnostics[0].message, /--allow-outside-workspace/);
    assert.ok(!stdout.includes('hunter2') && !stdout.includes('primary-key-not-unique'));
  });

  it('reads it with --allow-outside-workspace', async () => {
    assert.equal(parseValidateArgs(['--allow-outside-workspace']).allowOutsideWorkspace, true);
    const { code, stdout } = await validate('specs', '--allow-outside-workspace');
    assert.equal(code, 1);
    assert.deepEqual(
      dataCodes(stdout).map((d) => d.code),
      ['primary-key-not-unique'],
    );
  });
});
