import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cliFailureText,
  kumoScaffoldAnswer,
  kumoScaffoldArgs,
  pulledGraphStatus,
  type KumoScaffoldAnswer,
} from '../../../client/predictions/kumoScaffoldCli';
import { KumoTestWorld } from '../../kumo/kumoTestWorld';
import { column, CUSTOMER_COLUMNS, SHOP_BINARY_JOB, SHOP_CONNECTORS } from '../../kumo/shopKumoState';

/**
 * The editor's Kumo scaffold (KumoScaffoldMatcher) runs the CLI and reads its JSON: these are the arguments it
 * builds and the reading of what the real CLI answers, against the Kumo and kumoai contract stand-ins (Kumo's
 * cloud and SDK cannot be reached from here). If the CLI's output contract changed, the review would show
 * nothing: this test is where that shows.
 */
let world: KumoTestWorld;
const JOB = 'trainingjob-shop';

before(async () => {
  world = await KumoTestWorld.create();
  // Two new customer tables with the same columns: the CLI must not pick one, the user does.
  const shopSf = SHOP_CONNECTORS.shop_sf;
  world.standinState({
    training_jobs: { [JOB]: SHOP_BINARY_JOB },
    connectors: {
      ...SHOP_CONNECTORS,
      shop_sf: {
        ...shopSf,
        tables: {
          ...shopSf.tables,
          CUSTOMER_LIST_2024: { columns: [...CUSTOMER_COLUMNS, column('email', 'string', 'text')] },
        },
      },
    },
  });
  world.server.addJob({ id: JOB, kind: 'training', steps: [{ status: 'DONE', stage: 'Training' }] });
});

after(() => world.removeCheckingNothingLeaked());

async function answer(...choices: { table: string; source: string | null }[]): Promise<KumoScaffoldAnswer> {
  const run = await world.cli(kumoScaffoldArgs({ jobId: JOB, connector: 'shop_sf', tables: '*_2024', choices }));
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const read = kumoScaffoldAnswer(run.stdout);
  assert.ok(!('problem' in read), JSON.stringify(read));
  return read;
}

describe("the editor's Kumo scaffold reads the CLI (Kumo and kumoai contract stand-ins)", () => {
  it('tells a training graph not pulled yet, then the connectors of the pulled one', async () => {
    const before = await world.cli(['kumo', 'status', '--json']);
    assert.equal(before.code, 0, before.stderr);
    assert.deepEqual(pulledGraphStatus(before.stdout, JOB), { pulled: false, connectors: [] });
    const pull = await world.cli(['kumo', 'pull', `kumo:${JOB}`]);
    assert.equal(pull.code, 0, pull.stderr);
    const after = await world.cli(['kumo', 'status', '--json']);
    assert.deepEqual(pulledGraphStatus(after.stdout, JOB), { pulled: true, state: 'current', connectors: ['shop_sf'] });
  });

  it("shows the CLI's decisions: an ambiguous table with its candidates, a matched one with its connector table", async () => {
    const { tables, text } = await answer();
    const [customers, orders] = tables;
    assert.equal(customers.status, 'ambiguous');
    assert.equal(customers.source, undefined);
    assert.match(customers.reason, /^ambiguous: CUSTOMERS_2024, CUSTOMER_LIST_2024 fit equally by their columns/);
    assert.equal(customers.neededColumns, 3);
    assert.deepEqual(
      customers.candidates.map((c) => [c.path, c.label, c.matched, c.missing.length]),
      [
        ['CUSTOMER_LIST_2024', 'CUSTOMER_LIST_2024', 3, 0],
        ['CUSTOMERS_2024', 'CUSTOMERS_2024', 3, 0],
        ['ORDERS_2024', 'ORDERS_2024', 1, 2],
      ],
    );
    assert.deepEqual(customers.candidates[2].missing, ['segment (string)', 'country (string)']);
    assert.deepEqual(
      [orders.status, orders.source, orders.reason, orders.problems],
      ['matched', 'ORDERS_2024', 'matched by its columns: 4 of 4 columns the model uses', []],
    );
    assert.match(text, / {2}customers:\n( {4}#.*\n)+ {4}source: # to fill in\n/);
  });

  it("the user's pick goes to the CLI as --match, and comes back as its decision and text", async () => {
    const chosen = await answer({ table: 'customers', source: 'CUSTOMERS_2024' });
    assert.deepEqual(
      [chosen.tables[0].status, chosen.tables[0].source, chosen.tables[0].reason],
      ['matched', 'CUSTOMERS_2024', 'chosen: 3 of 3 columns the model uses'],
    );
    assert.match(chosen.text, / {4}source: \{ connector: shop_sf, table: CUSTOMERS_2024 \}\n/);
    const none = await answer({ table: 'customers', source: null });
    assert.deepEqual(
      [none.tables[0].status, none.tables[0].reason],
      ['unmatched', 'no source: left to fill in, as chosen'],
    );
  });

  it('says why a run failed in the words of the CLI, without its prefix', async () => {
    const run = await world.cli(kumoScaffoldArgs({ jobId: JOB, connector: 'shop_sff', choices: [] }));
    assert.equal(run.code, 1);
    assert.ok('problem' in kumoScaffoldAnswer(run.stdout));
    assert.match(cliFailureText(run.stderr, run.stdout), /^Kumo has no connector named 'shop_sff' \(asked as /);
  });

  it('refuses answers that are not what it asked for', () => {
    assert.ok('problem' in kumoScaffoldAnswer('Wrote x.graph.yaml'));
    assert.ok('problem' in kumoScaffoldAnswer(JSON.stringify({ tables: [{ table: 'a', status: 'odd' }], text: '' })));
    assert.ok('problem' in pulledGraphStatus('{"url":"x"}', JOB));
    assert.deepEqual(kumoScaffoldArgs({ jobId: 'j', connector: 'c', choices: [{ table: 't', source: null }] }), [
      'scaffold',
      'inference-graph',
      '--from',
      'kumo:j',
      '--connector',
      'c',
      '--match',
      't=',
      '--json',
    ]);
  });
});
