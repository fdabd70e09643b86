import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  jobChildRows,
  jobContextValue,
  jobDescription,
  jobGroups,
  jobRow,
  jobTooltip,
  MAX_JOBS_PER_GROUP,
  code,
  md,
} from '../../../client/jobs/jobPresentation';
import {
  formatDuration,
  predictionSummaryEntries,
  relativeTime,
  stageTimings,
  trainingMetrics,
} from '../../../client/jobs/jobText';
import { jobRecord, loadedJob, runningRecord } from './jobFixtures';

const END = Date.parse('2024-01-31T14:25:04.310Z');
const MINUTE = 60_000;

describe('job text', () => {
  it('reads times relative to now, falling back to the date after a week', () => {
    const at = '2024-01-31T14:00:00.000Z';
    const t = Date.parse(at);
    assert.equal(relativeTime(at, t + 10_000), 'just now');
    assert.equal(relativeTime(at, t + 5 * MINUTE), '5 min ago');
    assert.equal(relativeTime(at, t + 3 * 60 * MINUTE), '3 h ago');
    assert.equal(relativeTime(at, t + 2 * 24 * 60 * MINUTE), '2 d ago');
    assert.equal(relativeTime(at, t + 30 * 24 * 60 * MINUTE), '2024-01-31');
  });

  it('formats durations at the precision that matters', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(4210), '4.2 s');
    assert.equal(formatDuration(185_000), '3 min 5 s');
    assert.equal(formatDuration(7_800_000), '2 h 10 min');
  });

  it('times each stage until the next one, the last until the end, or until now while running', () => {
    const done = stageTimings(jobRecord(), END);
    assert.deepEqual(
      done.map((s) => [s.stage, s.durationMs, s.current]),
      [
        ['Validating', 269, false],
        ['Selecting rows', 300, false],
        ['Predicting', 2200, false],
        ['Writing outputs', 410, false],
      ],
    );
    const running = stageTimings(jobRecord(runningRecord()), Date.parse('2024-01-31T14:25:11.700Z'));
    assert.deepEqual(running.at(-1), {
      stage: 'Predicting',
      detail: '2 workers',
      at: '2024-01-31T14:25:01.700Z',
      durationMs: 10_000,
      current: true,
    });
  });

  it('finds training metrics in the shapes Kumo and the engine write them', () => {
    const expected = [
      { name: 'auroc', value: '0.8123' },
      { name: 'log_loss', value: '0.31' },
    ];
    assert.deepEqual(trainingMetrics({ metrics: { auroc: 0.81234, log_loss: 0.31 } }), expected);
    assert.deepEqual(
      trainingMetrics({
        eval_metrics: {
          validation_metrics: [
            { name: 'auroc', value: 0.81234 },
            { name: 'log_loss', value: 0.31 },
          ],
        },
      }),
      expected,
    );
    assert.deepEqual(trainingMetrics({ training: { metrics: { auroc: 0.81234, log_loss: 0.31 } } }), expected);
    assert.deepEqual(trainingMetrics({ validation_metrics: { rows: 120, auroc: 0.7 } }), [
      { name: 'auroc', value: '0.7' },
      { name: 'validation rows', value: '120' },
    ]);
    assert.deepEqual(trainingMetrics({ task_type: 'binary_classification' }), []);
  });

  it('summarises a batch prediction: entities, anchor, threshold split, scores, classes, warnings', () => {
    const entries = predictionSummaryEntries({
      num_entities_predicted: 130,
      num_distinct_entities: 130,
      task_type: 'binary_classification',
      anchor_time: '2010-01-01 00:00:00',
      anchor_time_source: 'spec',
      binary: { threshold: 0.5, predicted_true: 12, predicted_false: 118 },
      score_distribution: { min: 0.01, p10: 0.02, p50: 0.1234567, mean: 0.2, max: 0.97 },
      num_workers: 2,
      training_job_id: 'trainingjob-20240131-142000-aaaaaa',
      warnings: ['the training spec changed'],
    });
    assert.deepEqual(entries, [
      { name: 'entities predicted', value: '130' },
      { name: 'task', value: 'binary_classification' },
      { name: 'anchor time', value: '2010-01-01 00:00:00 (spec)' },
      { name: 'threshold', value: '0.5: 12 true, 118 false' },
      { name: 'TRUE_PROB', value: 'min 0.01, p50 0.1235, mean 0.2, max 0.97' },
      { name: 'workers', value: '2' },
      { name: 'model', value: 'trainingjob-20240131-142000-aaaaaa' },
      { name: 'warning', value: 'the training spec changed' },
    ]);
    const multiclass = predictionSummaryEntries({
      anchor_time: null,
      num_entities_predicted: 85,
      num_distinct_entities: 85,
      class_counts: [
        { class: 'British', count: 20 },
        { class: 'German', count: 10 },
        { class: 'French', count: 5 },
        { class: 'Italian', count: 1 },
      ],
    });
    assert.deepEqual(multiclass.find((e) => e.name === 'anchor time')?.value, 'none (static query)');
    assert.deepEqual(multiclass.find((e) => e.name === 'top classes')?.value, 'British 20, German 10, French 5, ...');
  });
});

describe('job rows', () => {
  it('gives each state and kind its context value, icon and description', () => {
    const cases: [ReturnType<typeof loadedJob>, string, string, RegExp][] = [
      [
        loadedJob({ status: 'NOT_STARTED', endedAt: undefined }),
        'relgraph.job.queued.prediction',
        'clock',
        /^not started · /,
      ],
      [loadedJob({ status: 'QUEUED', endedAt: undefined }), 'relgraph.job.queued.prediction', 'clock', /^queued · /],
      [loadedJob(runningRecord()), 'relgraph.job.running.prediction', 'sync~spin', /^Predicting 37% · started /],
      [loadedJob(runningRecord(), true), 'relgraph.job.cancelling.prediction', 'loading~spin', /^cancelling… · /],
      [
        loadedJob({ summary: { num_entities_predicted: 130 } }),
        'relgraph.job.done.prediction',
        'pass',
        /^130 predicted · 3\.2 s · /,
      ],
      [
        loadedJob({ status: 'FAILED', error: { message: 'boom', stage: 'Predicting' } }),
        'relgraph.job.failed.prediction',
        'error',
        /^failed in Predicting · /,
      ],
      [loadedJob({ status: 'CANCELLED' }), 'relgraph.job.cancelled.prediction', 'circle-slash', /^cancelled · /],
      [
        loadedJob({ id: 'trainingjob-20240131-142501-3fa9c2', summary: { metrics: { auroc: 0.8 } } }),
        'relgraph.job.done.training',
        'pass',
        /^auroc 0\.8 · /,
      ],
    ];
    for (const [job, context, icon, description] of cases) {
      const row = jobRow(job, END + 5 * MINUTE);
      assert.equal(row.contextValue, context);
      assert.equal(jobContextValue(job), context);
      assert.equal(row.icon.id, icon, context);
      assert.match(jobDescription(job, END + 5 * MINUTE), description, context);
      assert.equal(row.label, 'driver-dnf-2010');
    }
  });

  it('keeps a job row id stable while the job changes, and distinct between stores', () => {
    const a = jobRow(loadedJob(runningRecord()), END);
    const b = jobRow(loadedJob({ summary: { num_entities_predicted: 1 } }), END);
    assert.equal(a.id, b.id);
    const other = { ...loadedJob(), file: '/q/.relgraph/jobs/bp-job-20240131-142501-3fa9c2.json' };
    assert.notEqual(jobRow(other, END).id, a.id);
  });

  it('puts id, spec, a stage table, the summary and the error in the tooltip', () => {
    const tooltip = jobTooltip(
      loadedJob({
        status: 'FAILED',
        error: { message: 'the prediction table has no ENTITY column', stage: 'Selecting rows' },
        summary: undefined,
      }),
      END,
    );
    assert.match(tooltip, /`bp-job-20240131-142501-3fa9c2`/);
    assert.match(tooltip, /Spec: `\/p\/examples\/f1\/driver-dnf-2010\.prediction\.yaml`/);
    assert.match(tooltip, /\| Predicting: 2 workers \| 14:25:01 \| 2\.2 s \|/);
    assert.match(tooltip, /\*\*Error\*\* \(during Selecting rows\): the prediction table has no ENTITY column/);
  });

  it('lists error, stages, outputs, summary and log under a job', () => {
    const job = loadedJob({
      status: 'DONE',
      summary: { num_entities_predicted: 130, task_type: 'binary_classification' },
      artifacts: [
        {
          type: 'predictions',
          format: 'parquet',
          path: '/p/out/dnf_predictions',
          files: ['/p/out/dnf_predictions/part_000.parquet', '/p/out/dnf_predictions/part_001.parquet'],
          rows: 130,
        },
        { type: 'embeddings', format: 'csv', path: '/p/out/dnf_embeddings.csv', files: ['/p/out/dnf_embeddings.csv'] },
      ],
    });
    const rows = jobChildRows(job, END);
    assert.deepEqual(
      rows.map((r) => r.label),
      ['Stages', 'Outputs', 'Summary', 'Log'],
    );
    const outputs = rows[1].children!;
    assert.deepEqual(
      outputs.map((o) => [o.label, o.description, o.contextValue, o.icon.id]),
      [
        [
          'predictions',
          'parquet · 2 files · 130 rows · dnf_predictions',
          'relgraph.jobArtifact.previewable',
          'file-directory',
        ],
        ['embeddings', 'csv · dnf_embeddings.csv', 'relgraph.jobArtifact.previewable', 'file'],
      ],
    );
    assert.equal(outputs[0].artifact?.path, '/p/out/dnf_predictions');
    assert.deepEqual(rows[0].children!.map((s) => s.description).at(-1), '410 ms');
    assert.equal(rows[3].opensLog, true);

    const failed = jobChildRows(loadedJob({ status: 'FAILED', error: { message: 'x', stage: 'Predicting' } }), END);
    assert.equal(failed[0].label, 'Failed in Predicting');
    assert.equal(failed[1].children!.at(-1)!.icon.id, 'error', 'the stage it failed in is marked');
  });

  it('offers no preview on the outputs of a training job or of an unfinished prediction', () => {
    const model = { type: 'model', format: 'json' as const, path: '/m/model.json', files: ['/m/model.json'] };
    const training = loadedJob({ id: 'trainingjob-20240131-142501-3fa9c2', artifacts: [model] });
    const outputs = jobChildRows(training, END).find((r) => r.label === 'Outputs')!;
    assert.equal(outputs.children![0].contextValue, 'relgraph.jobArtifact');
    const preds = { ...model, type: 'predictions' };
    const running = loadedJob(runningRecord({ artifacts: [preds] }));
    assert.equal(
      jobChildRows(running, END).find((r) => r.label === 'Outputs')!.children![0].contextValue,
      'relgraph.jobArtifact',
    );
  });

  it('shows the metrics of a training job', () => {
    const job = loadedJob({ id: 'trainingjob-20240131-142501-3fa9c2', summary: { metrics: { auroc: 0.8, rows: 10 } } });
    const metrics = jobChildRows(job, END).find((r) => r.label === 'Metrics')!;
    assert.deepEqual(
      metrics.children!.map((m) => [m.label, m.description]),
      [
        ['auroc', '0.8'],
        ['validation rows', '10'],
      ],
    );
  });

  it("shows a training job's warnings beside its metrics (a model no better than a constant)", () => {
    const warning = 'the model is no better than a constant on the validation rows (AUROC 0.4800 <= 0.5)';
    const job = loadedJob({
      id: 'trainingjob-20240131-142501-3fa9c2',
      summary: { validation_metrics: { auroc: 0.48, rows: 10 }, warnings: [warning, 7] },
    });
    const metrics = jobChildRows(job, END).find((r) => r.label === 'Metrics')!;
    assert.deepEqual(
      metrics.children!.map((m) => [m.label, m.description, m.icon?.id]),
      [
        ['auroc', '0.48', 'symbol-number'],
        ['validation rows', '10', 'symbol-number'],
        ['warning', warning, 'warning'],
      ],
    );
  });

  it('groups training and prediction jobs, counts active ones, and caps long lists', () => {
    assert.deepEqual(jobGroups([]), [], 'no groups at all: the welcome view shows');
    const jobs = [
      loadedJob(runningRecord()),
      loadedJob({ id: 'trainingjob-20240131-142501-3fa9c2' }),
      ...Array.from({ length: MAX_JOBS_PER_GROUP + 2 }, (_, i) =>
        loadedJob({ id: `bp-job-20240101-000000-${String(i).padStart(6, '0')}` }),
      ),
    ];
    const [training, prediction] = jobGroups(jobs);
    assert.equal(training.label, 'Training jobs');
    assert.equal(training.description, '1');
    assert.equal(prediction.description, `${MAX_JOBS_PER_GROUP + 3} · 1 active`);
    assert.equal(prediction.jobs.length, MAX_JOBS_PER_GROUP);
    assert.equal(prediction.hidden, 3);
    assert.equal(jobGroups([loadedJob()])[0].description, 'none');
  });

  it('escapes Markdown in messages, and shows paths as code spans that cannot break a table', () => {
    assert.equal(md('a_b|c*d <x> 1.5-2'), 'a\\_b\\|c\\*d \\<x\\> 1.5-2');
    assert.equal(code('/p/a|b_c.csv'), '`/p/a\\|b_c.csv`');
    assert.equal(code('/p/`odd`'), '`` /p/`odd` ``');
  });
});
