import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliInProcess, type CliRun } from '../../helpers/cliInProcess';
import { writeLocalJobRecord } from '../../helpers/localJobRecords';

/**
 * Issue #10, the local-store bullet: after `npm run demo`, `npx relgraph jobs list` and
 * `npx relgraph predictions <id>` from the repository root find the demo's jobs in
 * `examples/f1/.relgraph`. Job ids are unique, so every store at, above or below the current folder
 * answers (a bounded search that skips node_modules, hidden and build folders); `--workspace` still narrows.
 */
let root: string;
const F1 = () => path.join(root, 'examples', 'f1');
const OTHER = () => path.join(root, 'projects', 'shop');
const PREDICTION = 'bp-job-20240131-142501-3fa9c2';
const TRAINING = 'trainingjob-20240130-100000-abcdef';

const writeRecord = writeLocalJobRecord;

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-repo-'));
  const output = path.join(F1(), 'out', 'dnf_predictions.csv');
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, 'ENTITY,TARGET_PRED\n2,false\n1,true\n');
  writeRecord(F1(), PREDICTION, {
    outputPaths: [output],
    artifacts: [{ type: 'predictions', path: output, format: 'csv', files: [output], rows: 2 }],
  });
  writeRecord(OTHER(), TRAINING);
  // Stores nobody means: a dependency's and a hidden folder's.
  writeRecord(path.join(root, 'node_modules', 'pkg'), 'bp-job-20240101-000000-111111');
  writeRecord(path.join(root, '.cache', 'x'), 'bp-job-20240101-000000-222222');
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

function cli(cwd: string, ...args: string[]): Promise<CliRun> {
  return cliInProcess(cwd, args);
}

describe('local job commands from a folder above the job stores', () => {
  it('jobs list lists the jobs of every store below, with the backend and the workspace', async () => {
    const list = await cli(root, 'jobs', 'list');
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ID +KIND +STATUS +PROGRESS +CREATED \(UTC\) +SPEC +BACKEND +WORKSPACE$/);
    assert.match(lines[1], new RegExp(`^${PREDICTION} +prediction +DONE .* local +examples/f1$`));
    assert.match(lines[2], new RegExp(`^${TRAINING} +training +DONE .* local +projects/shop$`));
    assert.equal(lines.length, 3, 'not the stores in node_modules or hidden folders');
  });

  it('--json carries the backend, the id as Relgraph writes it, and the workspace', async () => {
    const jobs = JSON.parse((await cli(root, 'jobs', 'list', '--json')).stdout) as Record<string, unknown>[];
    assert.deepEqual(
      jobs.map((j) => [j.id, j.backend, j.ref, j.workspace]),
      [
        [PREDICTION, 'local', PREDICTION, F1()],
        [TRAINING, 'local', TRAINING, OTHER()],
      ],
    );
  });

  it('jobs show, jobs logs and predictions find a job by id alone', async () => {
    assert.match(
      (await cli(root, 'jobs', 'show', PREDICTION)).stdout,
      new RegExp(`^${PREDICTION}  batch_prediction  DONE`),
    );
    assert.match((await cli(root, 'jobs', 'logs', TRAINING)).stdout, /job trainingjob-.* created/);
    const rows = await cli(root, 'predictions', PREDICTION, '--format', 'csv');
    assert.equal(rows.code, 0, rows.stderr);
    assert.equal(rows.stdout, 'ENTITY,TARGET_PRED\n1,true\n2,false\n');
  });

  it('--workspace narrows to one store; a folder with none says where it looked', async () => {
    const list = await cli(root, 'jobs', 'list', '--workspace', 'projects/shop');
    assert.doesNotMatch(list.stdout, new RegExp(PREDICTION));
    assert.match(list.stdout, new RegExp(TRAINING));
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-empty-'));
    try {
      const none = await cli(empty, 'jobs', 'list');
      assert.equal(none.stdout, 'no jobs in the .relgraph/ job stores at, above or below this folder\n');
      const show = await cli(empty, 'jobs', 'show', PREDICTION);
      assert.equal(show.code, 1);
      assert.match(show.stderr, /no local job 'bp-job-.*' \(no \.relgraph\/jobs folder was found here\)/);
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });

  it('kumo: ids and --backend kumo say how to set the Kumo backend up while it is not registered', async () => {
    const show = await cli(root, 'jobs', 'show', 'kumo:bp-job-1');
    assert.equal(show.code, 2);
    assert.match(
      show.stderr,
      /kumo:bp-job-1 is a Kumo job, but the Kumo backend is not available here: set KUMO_API_URL/,
    );
    const list = await cli(root, 'jobs', 'list', '--backend', 'kumo');
    assert.equal(list.code, 2);
    assert.match((await cli(root, 'jobs', 'list', '--backend', 'local')).stdout, new RegExp(PREDICTION));
    assert.equal((await cli(root, 'jobs', 'list', '--backend', 'cloud')).code, 2);
  });
});
