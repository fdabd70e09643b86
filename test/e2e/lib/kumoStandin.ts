// The Kumo contract stand-in (test/kumo/KumoContractServer.ts) as a process of its own, for the e2e run: a Kumo
// deployment with a trained model (trainingjob-1), a finished batch prediction, one that finishes after a few reads and one that
// runs until cancelled, and a launch that
// serves 30 predicted entities. Writes `{ url, key }` to --connection-file once it listens (the key is
// test/kumo's SECRET_KEY: the e2e test types both into the Connect quick input), and prints every request it refused.
// Runs until killed (run.sh kills its process group).
//
// node --import tsx test/e2e/lib/kumoStandin.ts --connection-file FILE
import * as fs from 'node:fs';
import { KumoContractServer } from '../../kumo/KumoContractServer';
import { predictionPartitions, SECRET_KEY } from '../../kumo/kumoTestWorld';

const connectionFile = process.argv[process.argv.indexOf('--connection-file') + 1];
if (!connectionFile || process.argv.indexOf('--connection-file') < 0) {
  console.error('usage: kumoStandin.ts --connection-file FILE');
  process.exit(2);
}

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
