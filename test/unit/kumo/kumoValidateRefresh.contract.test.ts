import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closedPort, KumoTestWorld } from '../../kumo/kumoTestWorld';
import {
  SHOP_BINARY_JOB,
  SHOP_CONNECTORS,
  SHOP_TRAINING_GRAPH,
  shopConnectorGraphLines,
} from '../../kumo/shopKumoState';

/**
 * `relgraph validate` keeps a pulled Kumo training graph current before checking specs against it, and works
 * offline from the copy: the real CLI against the Kumo contract stand-in server and the kumoai contract stand-in
 * (test/kumo/python), both stand-ins since neither Kumo's cloud nor its SDK can be reached from here.
 */
let world: KumoTestWorld;
const JOB = 'trainingjob-shop';
const OLD = '2024-01-01T00:00:00.000Z';

/** Kumo re-ran the job on a graph whose customers table is now called `customer`. */
const RETRAINED_JOB = {
  ...SHOP_BINARY_JOB,
  query: 'PREDICT COUNT(orders.*, 0, 30, days) > 0 FOR EACH customer.customer_id',
  graph: {
    tables: { customer: SHOP_TRAINING_GRAPH.tables.customers, orders: SHOP_TRAINING_GRAPH.tables.orders },
    edges: [{ src_table: 'orders', fkey: 'customer_id', dst_table: 'customer' }],
  },
};

/** A prediction on this year's connector tables, keyed by the training graph's table name for customers. */
function predictionSpec(customers: string, trainingJob = `kumo:${JOB}`): string {
  return [
    'kind: prediction',
    `training_job: ${trainingJob}`,
    'anchor_time: 2024-06-01',
    'binary_classification_threshold: 0.5',
    ...shopConnectorGraphLines(customers),
    '',
  ].join('\n');
}

const cacheFile = () => path.join(world.dir, '.relgraph', 'kumo', `${JOB}.json`);
const cached = () => JSON.parse(fs.readFileSync(cacheFile(), 'utf8'));
/** The copy as if pulled before Kumo's last change of the job. */
const makeStale = () =>
  fs.writeFileSync(cacheFile(), JSON.stringify({ ...cached(), pulledAt: OLD, jobUpdatedAt: OLD }));
const jobReads = () => world.server.requestsTo('GET', new RegExp(`^/training_jobs/${JOB}$`)).length;

interface JsonReport {
  files: { path: string; diagnostics: { code: string; severity: string; message: string }[] }[];
  summary: { errors: number };
}

before(async () => {
  world = await KumoTestWorld.create();
  world.standinState({ training_jobs: { [JOB]: SHOP_BINARY_JOB }, connectors: SHOP_CONNECTORS });
  world.server.addJob({
    id: JOB,
    kind: 'training',
    steps: [{ status: 'DONE', stage: 'Training' }],
    createdAt: '2024-02-01T09:00:00+00:00',
  });
  world.write('churn.prediction.yaml', predictionSpec('customers'));
  world.write('churn-copy.prediction.yaml', predictionSpec('customers'));
  world.write('elsewhere.prediction.yaml', predictionSpec('customers', 'kumo:trainingjob-never-pulled'));
  const pull = await world.cli(['kumo', 'pull', `kumo:${JOB}`]);
  assert.equal(pull.code, 0, pull.stderr);
});

// Whatever the tests did, the key appears in no output and no file, and nothing undocumented was sent.
after(() => world.removeCheckingNothingLeaked());

describe('relgraph validate and pulled Kumo training graphs (Kumo and kumoai contract stand-ins)', () => {
  it('checks a current copy without pulling it: one read of the job for the specs naming it, none for a job never pulled', async () => {
    const reads = jobReads();
    const calls = world.standinCalls().length;
    const run = await world.cli(['validate', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(run.stderr, '');
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.summary.errors, 0);
    assert.equal(jobReads(), reads + 1, 'two specs name the job: it is read once');
    assert.equal(world.server.requestsTo('GET', /trainingjob-never-pulled/).length, 0);
    assert.equal(world.standinCalls().length, calls, "Kumo's SDK did not run");
  });

  it("pulls again a copy older than the job's last change on Kumo, and the new graph's checks are reported", async () => {
    world.standinState({ training_jobs: { [JOB]: RETRAINED_JOB }, connectors: SHOP_CONNECTORS });
    makeStale();
    const run = await world.cli(['validate', '--format', 'json', 'churn.prediction.yaml']);
    assert.match(
      run.stderr,
      /^kumo:trainingjob-shop changed on Kumo since it was pulled \(2024-01-01T00:00:00\.000Z\): pulling it again\n {2}pulled again: \.relgraph\/kumo\/trainingjob-shop\.json\n$/,
    );
    assert.notEqual(cached().pulledAt, OLD);
    assert.deepEqual(
      cached().tables.map((t: { name: string }) => t.name),
      ['customer', 'orders'],
    );
    // stdout is the report alone, checked against the graph just pulled.
    const report = JSON.parse(run.stdout) as JsonReport;
    const renamed = report.files[0].diagnostics.find((d) => d.code === 'table-not-in-training');
    assert.match(
      String(renamed?.message),
      /Table 'customers' is not in the training graph .*Did you mean 'customer'\?/,
    );
    assert.equal(run.code, 1, 'the new graph makes the spec wrong: validation fails, as it says');
  });

  it('works offline from the copy when Kumo cannot be reached: one warning on stderr, and the exit code of the checks', async () => {
    world.write('churn.prediction.yaml', predictionSpec('customer'));
    makeStale();
    const url = `http://127.0.0.1:${await closedPort()}/api`;
    const json = await world.cli(['validate', '--format', 'json', 'churn.prediction.yaml'], {
      env: { KUMO_API_URL: url },
    });
    assert.equal(json.code, 0, 'a clean validation stays clean without the network');
    assert.equal(JSON.parse(json.stdout).summary.errors, 0);
    const lines = json.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, json.stderr);
    assert.match(
      lines[0],
      /^warning: could not refresh the pulled training graph of kumo:trainingjob-shop \(Cannot reach Kumo at http:\/\/127\.0\.0\.1:\d+\/api \(ECONNREFUSED\)\. .*\); validating against the copy pulled at 2024-01-01T00:00:00\.000Z$/,
    );
    assert.equal(cached().pulledAt, OLD, 'the copy is kept');
    const text = await world.cli(['validate', 'churn.prediction.yaml'], { env: { KUMO_API_URL: url } });
    assert.equal(text.code, 0);
    assert.doesNotMatch(text.stdout, /could not refresh/, 'the warning is not part of the report');
  });

  it("keeps the copy, with a warning, when Kumo's SDK cannot pull it", async () => {
    const run = await world.cli(['validate', '--format', 'sarif', 'churn.prediction.yaml'], {
      env: { PYTHONPATH: '' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).version, '2.1.0');
    assert.match(
      run.stderr,
      /^warning: could not refresh the pulled training graph of kumo:trainingjob-shop \(Kumo's Python SDK is not importable by .*\); validating against the copy pulled at 2024-01-01T00:00:00\.000Z$/m,
    );
    assert.equal(cached().pulledAt, OLD);
  });

  it('--offline, or no KUMO_API_URL, checks against the copy without contacting Kumo', async () => {
    const requests = world.server.requests.length;
    const offline = await world.cli(['validate', '--offline', 'churn.prediction.yaml']);
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(offline.stderr, '');
    const unset = await world.cli(['validate', 'churn.prediction.yaml'], { env: { KUMO_API_URL: undefined } });
    assert.equal(unset.code, 0, unset.stderr);
    assert.equal(unset.stderr, '');
    assert.equal(world.server.requests.length, requests);
    assert.equal(cached().pulledAt, OLD);
  });
});
