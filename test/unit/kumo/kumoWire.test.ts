import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  listItems,
  parseArtifactStatus,
  parseInstant,
  parseJobResource,
  parseLaunchAnswer,
  parsePartitionUrls,
  parseProgress,
  parseStatus,
  parseTimedelta,
} from '../../../backend/kumo/kumoWire';
import { KUMO_SDK_RETRY, parseRetryAfter, RetryBudget } from '../../../backend/kumo/retryPolicy';

describe('Kumo wire shapes (kumo-semantics.md §1.8, §2)', () => {
  it('reads datetimes in every plausible spelling as UTC ISO instants (§2: the wire form is not documented)', () => {
    assert.equal(parseInstant('2024-03-01T10:00:00+00:00'), '2024-03-01T10:00:00.000Z');
    assert.equal(parseInstant('2024-03-01T12:00:00+02:00'), '2024-03-01T10:00:00.000Z');
    assert.equal(parseInstant('2024-03-01 10:00:00'), '2024-03-01T10:00:00.000Z', 'a naive datetime is UTC');
    assert.equal(parseInstant('2024-03-01T10:00:00.123456'), '2024-03-01T10:00:00.123Z');
    assert.equal(parseInstant(1709287200), '2024-03-01T10:00:00.000Z', 'epoch seconds');
    assert.equal(parseInstant(1709287200000), '2024-03-01T10:00:00.000Z', 'epoch milliseconds');
    assert.equal(parseInstant('yesterday'), undefined);
    assert.equal(parseInstant(null), undefined);
  });

  it('reads timedeltas as seconds: numbers, H:MM:SS and ISO-8601 durations', () => {
    assert.equal(parseTimedelta(12.5), 12.5);
    assert.equal(parseTimedelta('0:01:02.5'), 62.5);
    assert.equal(parseTimedelta('1 day, 2:00:00'), 93600);
    assert.equal(parseTimedelta('PT1H2M3S'), 3723);
    assert.equal(parseTimedelta('P1DT0.5S'), 86400.5);
    assert.equal(parseTimedelta('PT'), undefined);
    assert.equal(parseTimedelta('soon'), undefined);
  });

  it("maps Kumo's statuses, including UNTRAINED and MISSING, onto Relgraph's", () => {
    assert.deepEqual(parseStatus('RUNNING'), { status: 'RUNNING' });
    assert.deepEqual(parseStatus('done'), { status: 'DONE' });
    assert.deepEqual(parseStatus('JobStatus.CANCELLED'), { status: 'CANCELLED' });
    assert.equal(parseStatus('MISSING')?.status, 'FAILED');
    assert.equal(parseStatus('UNTRAINED')?.status, 'NOT_STARTED');
    assert.equal(parseStatus('EXPLODED'), undefined);
  });

  it('reads a job resource into a BackendJob: stages, validation, result, model, anchor, tags', () => {
    const job = parseJobResource(
      {
        job_id: 'bp-job-1',
        created_at: '2024-03-01T10:00:00+00:00',
        tags: { team: 'growth', n: 3 },
        unknown_field: 'ignored',
        config: { model_training_job_id: 'trainingjob-7', prediction_time: '2010-01-01T00:00:00' },
        result: { num_entities_predicted: 42 },
        job_status_report: {
          status: 'FAILED',
          tracking_url: 'https://acme.kumoai.cloud/jobs/bp-job-1',
          start_time: '2024-03-01T10:00:01+00:00',
          end_time: '2024-03-01T10:05:00+00:00',
          event_log: [
            { stage_name: 'Ingesting', last_updated_at: '2024-03-01T10:01:00+00:00' },
            { stage_name: 'Predicting', last_updated_at: '2024-03-01T10:04:00+00:00', detail: 'worker 2 died' },
            { nonsense: true },
          ],
          validation_response: {
            errors: [{ title: 'No rows to predict', message: 'Every target is set.' }],
            warnings: [{ title: 'Anchor', message: 'late' }],
            info_items: [],
          },
        },
      },
      'batch_prediction',
    );
    assert.deepEqual(job.ref, { backend: 'kumo', id: 'bp-job-1' });
    assert.equal(job.status, 'FAILED');
    assert.equal(job.endedAt, '2024-03-01T10:05:00.000Z');
    assert.equal(job.updatedAt, '2024-03-01T10:05:00.000Z');
    assert.deepEqual(
      job.eventLog.map((e) => e.stage),
      ['Ingesting', 'Predicting'],
    );
    assert.equal(job.error, 'No rows to predict: Every target is set.');
    assert.deepEqual(job.trainingJob, { backend: 'kumo', id: 'trainingjob-7' });
    assert.equal(job.anchorTime, '2010-01-01T00:00:00.000Z');
    assert.deepEqual(job.tags, { team: 'growth', n: '3' });
    assert.equal(job.validation?.warnings[0].title, 'Anchor');
    assert.equal(job.trackingUrl, 'https://acme.kumoai.cloud/jobs/bp-job-1');
  });

  it('refuses what cannot be a job, naming what is wrong', () => {
    assert.throws(
      () => parseJobResource({ job_id: '../etc', job_status_report: { status: 'DONE' } }, 'training'),
      /not a job id/,
    );
    assert.throws(
      () => parseJobResource({ job_id: 'x1', job_status_report: { status: 'BOOM' } }, 'training'),
      /not a Kumo job status/,
    );
    assert.throws(() => parseJobResource('bp-job-1', 'training'), /not a JSON object/);
  });

  it('reads lists bare or in an envelope (§2.2 does not document the envelope)', () => {
    assert.deepEqual(listItems([1, 2]), [1, 2]);
    assert.deepEqual(listItems({ jobs: [1] }), [1]);
    assert.deepEqual(listItems({ whatever: [3], count: 1 }), [3]);
    assert.throws(() => listItems({ a: [1], b: [2] }), /neither a list/);
  });

  it('reads progress of prediction, training and table jobs; null early on', () => {
    assert.deepEqual(parseProgress({ completed_iterations: 2, total_iterations: 5, elapsed_prediction_time: 'PT3S' }), {
      completed: 2,
      total: 5,
      elapsedSeconds: 3,
    });
    assert.deepEqual(parseProgress({ completed_trials: 1, total_trials: 4 }), { completed: 1, total: 4 });
    assert.deepEqual(parseProgress({ num_finished_iterations: 3, num_expected_iterations: 9 }), {
      completed: 3,
      total: 9,
    });
    assert.equal(parseProgress(null), undefined);
  });

  it('reads the launch answer [job_id | null, validation], and artifact statuses bare or wrapped', () => {
    assert.deepEqual(
      parseLaunchAnswer(['bp-job-9', { errors: [], warnings: [{ title: 't', message: 'm' }], info_items: [] }]),
      {
        jobId: 'bp-job-9',
        validation: { errors: [], warnings: [{ title: 't', message: 'm' }], info: [] },
      },
    );
    assert.equal(parseLaunchAnswer([null, { errors: [{ title: 'e', message: 'bad' }] }]).jobId, undefined);
    assert.throws(() => parseLaunchAnswer(['a b', {}]), /not a job id/);
    assert.equal(parseArtifactStatus('RUNNING'), 'RUNNING');
    assert.equal(parseArtifactStatus({ status: 'DONE' }), 'DONE');
    assert.deepEqual(parsePartitionUrls({ prediction_partitions: ['https://s3/a?sig=1'] }, 'prediction_partitions'), [
      'https://s3/a?sig=1',
    ]);
    assert.throws(
      () => parsePartitionUrls({ prediction_partitions: ['file:///etc/passwd'] }, 'prediction_partitions'),
      /http/,
    );
  });
});

describe("retries as Kumo's SDK does (§1.1: status 5, read 3, connect 3, total 10, backoff 2)", () => {
  it('doubles the wait from the backoff factor, capped, unless Retry-After says otherwise', () => {
    const budget = new RetryBudget(KUMO_SDK_RETRY);
    const waits: number[] = [];
    while (budget.allow('status')) waits.push(budget.delayMs());
    assert.deepEqual(waits, [2000, 4000, 8000, 16000, 32000], 'five status retries');
    const read = new RetryBudget(KUMO_SDK_RETRY);
    assert.equal(
      [read.allow('read'), read.allow('read'), read.allow('read'), read.allow('read')].filter(Boolean).length,
      3,
    );
    assert.equal(new RetryBudget(KUMO_SDK_RETRY).delayMs('7'), 7000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 30_000);
  });

  it('stops at the total budget across kinds', () => {
    const budget = new RetryBudget({ ...KUMO_SDK_RETRY, total: 4 });
    const allowed = ['status', 'read', 'connect', 'status', 'read'].map((k) => budget.allow(k as 'status'));
    assert.deepEqual(allowed, [true, true, true, true, false]);
  });
});
