// The Kumo contract stand-in (test/kumo/KumoContractServer.ts) as a process of its own, for the e2e run: a Kumo
// deployment with a trained model (trainingjob-1), a finished batch prediction, one that finishes after a few reads and one that
// runs until cancelled, and a launch that
// serves 30 predicted entities. Writes `{ url, key }` to --connection-file once it listens (the key is
// test/kumo's SECRET_KEY: the e2e test types both into the Connect quick input), and prints every request it refused.
// Writes to --standin-state what the kumoai contract stand-in (test/kumo/python, on the editor's PYTHONPATH: run.sh)
// answers for Kumo's SDK: trainingjob-1's query and graph (drivers and results of Snowflake connector f1_sf), and
// f1_sf's tables, the training ones and those of 2010, two of which fit drivers equally.
// Runs until killed (run.sh kills its process group).
//
// node --import tsx test/e2e/lib/kumoStandin.ts --connection-file FILE --standin-state FILE
import * as fs from 'node:fs';
import { KumoContractServer } from '../../kumo/KumoContractServer';
import { predictionPartitions, SECRET_KEY } from '../../kumo/kumoTestWorld';
import { column } from '../../kumo/shopKumoState';

const argument = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : '');
const connectionFile = argument('--connection-file');
const standinStateFile = argument('--standin-state');
if (!connectionFile || !standinStateFile) {
  console.error('usage: kumoStandin.ts --connection-file FILE --standin-state FILE');
  process.exit(2);
}

const DRIVER_COLUMNS = [
  column('driverId', 'int', 'ID'),
  column('forename', 'string', 'text'),
  column('nationality', 'string', 'categorical'),
  column('dob', 'date', 'timestamp'),
];
const RESULT_COLUMNS = [
  column('resultId', 'int', 'ID'),
  column('driverId', 'int', 'ID'),
  column('statusId', 'int', 'categorical'),
  column('points', 'float', 'numerical'),
  column('date', 'date', 'timestamp'),
];
/** What Kumo's SDK finds on the deployment (the kumoai stand-in's KUMOAI_STANDIN_STATE). */
const SDK_STATE = {
  training_jobs: {
    'trainingjob-1': {
      query: 'PREDICT COUNT(results.*, 0, 30, days) > 0 FOR EACH drivers.driverId',
      task_type: 'binary_classification',
      graph: {
        tables: {
          drivers: {
            source: { connector: 'f1_sf', class: 'SnowflakeConnector', table: 'DRIVERS' },
            primary_key: 'driverId',
            columns: DRIVER_COLUMNS,
          },
          results: {
            source: { connector: 'f1_sf', class: 'SnowflakeConnector', table: 'RESULTS' },
            primary_key: 'resultId',
            time_column: 'date',
            columns: RESULT_COLUMNS,
          },
        },
        edges: [{ src_table: 'results', fkey: 'driverId', dst_table: 'drivers' }],
      },
    },
  },
  connectors: {
    f1_sf: {
      class: 'SnowflakeConnector',
      tables: {
        DRIVERS: { columns: DRIVER_COLUMNS },
        RESULTS: { columns: RESULT_COLUMNS },
        DRIVERS_2010: { columns: DRIVER_COLUMNS },
        // The same columns as DRIVERS_2010: the scaffold reports drivers ambiguous, and the user picks.
        DRIVER_LIST_2010: { columns: DRIVER_COLUMNS },
        RESULTS_2010: { columns: [...RESULT_COLUMNS, column('laps', 'int', 'numerical')] },
      },
    },
  },
};

async function main(): Promise<void> {
  const server = await KumoContractServer.start(SECRET_KEY);
  const partitions = await predictionPartitions(30, 3);
  server.addJob({
    id: 'trainingjob-1',
    kind: 'training',
    steps: [{ status: 'DONE', stage: 'Training' }],
    createdAt: '2024-02-01T09:00:00+00:00',
    config: { pquery_id: 'driver-dnf' },
  });
  server.addJob({
    id: 'bp-job-done',
    kind: 'prediction',
    steps: [{ status: 'DONE', stage: 'Predicting' }],
    createdAt: '2024-03-02T10:00:00+00:00',
    config: { model_training_job_id: 'trainingjob-1' },
    result: { num_entities_predicted: 30 },
    partitions: { predictions: partitions },
  });
  server.addJob({
    id: 'bp-job-running',
    kind: 'prediction',
    createdAt: '2024-03-04T10:00:00+00:00',
    steps: [
      { status: 'RUNNING', stage: 'Predicting', progress: [1, 4] },
      { status: 'RUNNING', stage: 'Predicting', progress: [2, 4] },
      { status: 'RUNNING', stage: 'Predicting', progress: [3, 4] },
      { status: 'DONE', stage: 'Predicting' },
    ],
    config: { model_training_job_id: 'trainingjob-1' },
    result: { num_entities_predicted: 30 },
    partitions: { predictions: partitions },
  });
  // Runs for as long as the test: the one it cancels.
  server.addJob({
    id: 'bp-job-long',
    kind: 'prediction',
    createdAt: '2024-03-05T10:00:00+00:00',
    steps: Array.from({ length: 1000 }, (_, i) => ({
      status: 'RUNNING' as const,
      stage: 'Predicting',
      progress: [Math.min(i, 999), 1000] as [number, number],
    })),
    config: { model_training_job_id: 'trainingjob-1' },
  });
  server.launch = { partitions: { predictions: partitions }, numEntities: 30 };
  fs.writeFileSync(standinStateFile, JSON.stringify(SDK_STATE, null, 2));
  fs.writeFileSync(connectionFile, JSON.stringify({ url: server.url, key: SECRET_KEY }));
  console.log(`Kumo contract stand-in on ${server.url}`);

  // What the stand-in refused (a request off the documented shapes, a presigned download with credentials) is a
  // failure the e2e test reports: it is printed as it happens.
  let reported = 0;
  setInterval(() => {
    for (const violation of server.violations.slice(reported))
      console.log(`KUMO-VIOLATION ${JSON.stringify(violation)}`);
    reported = server.violations.length;
  }, 500);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
