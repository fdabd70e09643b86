import type { KumoContractServer } from './KumoContractServer';

/**
 * The Kumo jobs the CLI contract tests start from: a DONE training job, and batch predictions DONE (with
 * its output `partitions`, tagged team=growth), FAILED with Kumo's validation errors and warnings, and
 * RUNNING with `/progress` (1/4, then 2/4).
 */
export function addJobFixtures(server: KumoContractServer, partitions: Buffer[]): void {
  server.addJob({
    id: 'trainingjob-1',
    kind: 'training',
    steps: [{ status: 'DONE', stage: 'Training' }],
    createdAt: '2024-02-01T09:00:00+00:00',
    config: { pquery_id: 'churn-pq' },
  });
  server.addJob({
    id: 'bp-job-done',
    kind: 'prediction',
    steps: [{ status: 'DONE', stage: 'Predicting' }],
    createdAt: '2024-03-02T10:00:00+00:00',
    tags: { team: 'growth' },
    config: { model_training_job_id: 'trainingjob-1' },
    result: { num_entities_predicted: 30 },
    partitions: { predictions: partitions },
  });
  server.addJob({
    id: 'bp-job-failed',
    kind: 'prediction',
    createdAt: '2024-03-03T10:00:00+00:00',
    steps: [
      {
        status: 'FAILED',
        stage: 'Generating prediction table',
        validation: {
          errors: [
            {
              title: 'No rows to predict',
              message: 'Every customers.churned value is set; leave the rows to predict empty.',
            },
          ],
          warnings: [{ title: 'Stale graph', message: 'The graph was refreshed 40 days ago.' }],
        },
      },
    ],
  });
  server.addJob({
    id: 'bp-job-running',
    kind: 'prediction',
    createdAt: '2024-03-04T10:00:00+00:00',
    steps: [
      { status: 'RUNNING', stage: 'Predicting', progress: [1, 4] },
      { status: 'RUNNING', stage: 'Predicting', progress: [2, 4] },
    ],
  });
}
