import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewPageHtml } from '../../../client/predictions/previewPageHtml';
import { parsePreviewTarget, previewTargetOf } from '../../../client/predictions/previewTarget';
import { parseJsonLines, PredictionRowsError } from '../../../client/predictions/predictionRows';
import { cellText } from '../../../client/predictions/webview/cellText';
import { filterText, parseFilterText } from '../../../client/predictions/webview/filterText';
import { histogramSvg, summaryChart, summaryFacts } from '../../../client/predictions/webview/summaryChart';
import type { LoadedJob } from '../../../client/jobs/JobsLoader';

describe('prediction rows from the CLI', () => {
  it('parses one JSON row per line, keeping the column order of the output', () => {
    const text =
      '{"ENTITY":1,"ANCHOR_TIMESTAMP":"2023-12-30T00:00:00.000Z","TARGET_PRED":false,"TRUE_PROB":0.1}\n' +
      '{"ENTITY":2,"ANCHOR_TIMESTAMP":"2023-12-30T00:00:00.000Z","TARGET_PRED":true,"TRUE_PROB":0.7,"EXTRA":1}\n';
    const rows = parseJsonLines(text);
    assert.deepEqual(rows.columns, ['ENTITY', 'ANCHOR_TIMESTAMP', 'TARGET_PRED', 'TRUE_PROB', 'EXTRA']);
    assert.equal(rows.rows.length, 2);
    assert.deepEqual(parseJsonLines(''), { columns: [], rows: [] });
  });

  it('refuses output that is not rows, naming the line', () => {
    assert.throws(
      () => parseJsonLines('{"a":1}\nnot json\n'),
      (e: Error) => {
        assert.ok(e instanceof PredictionRowsError);
        assert.match(e.message, /line 2/);
        return true;
      },
    );
    assert.throws(() => parseJsonLines('[1,2]\n'), /not a row object/);
  });
});

describe('prediction preview: the per-column filter boxes', () => {
  it('reads comparisons on numbers and times, and matches text as typed', () => {
    assert.deepEqual(parseFilterText('TRUE_PROB', 'number', '> 0.9'), {
      filter: { column: 'TRUE_PROB', op: 'gt', value: 0.9 },
    });
    assert.deepEqual(parseFilterText('P', 'number', '<=1e-3'), { filter: { column: 'P', op: 'le', value: 0.001 } });
    assert.deepEqual(parseFilterText('P', 'number', '3'), { filter: { column: 'P', op: 'eq', value: 3 } });
    assert.deepEqual(parseFilterText('P', 'number', '!= 3'), { filter: { column: 'P', op: 'ne', value: 3 } });
    assert.deepEqual(parseFilterText('T', 'time', '>= 2010-01-01'), {
      filter: { column: 'T', op: 'ge', value: '2010-01-01' },
    });
    assert.deepEqual(parseFilterText('N', 'text', 'Ham'), { filter: { column: 'N', op: 'contains', value: 'Ham' } });
    assert.deepEqual(parseFilterText('N', 'text', '=Lewis'), { filter: { column: 'N', op: 'equals', value: 'Lewis' } });
    assert.deepEqual(parseFilterText('N', 'text', '^Le'), { filter: { column: 'N', op: 'startsWith', value: 'Le' } });
    assert.deepEqual(parseFilterText('N', 'text', '!x'), { filter: { column: 'N', op: 'notContains', value: 'x' } });
    assert.deepEqual(parseFilterText('B', 'boolean', 'TRUE'), { filter: { column: 'B', op: 'isTrue' } });
    assert.deepEqual(parseFilterText('E', 'list', '(empty)'), { filter: { column: 'E', op: 'isEmpty' } });
    assert.deepEqual(parseFilterText('N', 'text', '  '), { none: true });
  });

  it('says what to type instead of sending a bad filter', () => {
    assert.match((parseFilterText('P', 'number', '> high') as { error: string }).error, /number/);
    assert.match((parseFilterText('T', 'time', '< soon') as { error: string }).error, /date/);
    assert.match((parseFilterText('B', 'boolean', 'yes') as { error: string }).error, /true or false/);
    assert.match((parseFilterText('E', 'list', '3') as { error: string }).error, /empty/);
  });

  it('shows a filter again as it would be typed', () => {
    for (const [kind, typed] of [
      ['number', '> 0.9'],
      ['text', '=Lewis'],
      ['text', '^Le'],
      ['text', 'ham'],
      ['boolean', 'false'],
      ['number', '(not empty)'],
    ] as const) {
      const parsed = parseFilterText('c', kind, typed);
      assert.ok('filter' in parsed);
      assert.equal(filterText(parsed.filter), typed);
    }
  });
});

describe('prediction preview: cells and charts', () => {
  it('prints cells as the CLI table does, lists cut with their length', () => {
    assert.equal(cellText(null), '');
    assert.equal(cellText(0.123456789), '0.123457');
    assert.equal(cellText('2010-01-01T00:00:00.000Z'), '2010-01-01');
    assert.equal(cellText('2023-12-30T10:00:00.250Z'), '2023-12-30 10:00:00.250');
    assert.equal(cellText({ list: [0.5, 0.25], length: 64 }), '[0.5, 0.25, …] (64)');
    assert.equal(cellText({ list: [1, 2], length: 2 }), '[1, 2] (2)');
  });

  it('draws a histogram with the threshold and training marks, escaping every text', () => {
    const svg = summaryChart({
      kind: 'binary',
      rows: 857,
      histogram: { of: 'TRUE_PROB', edges: [0, 0.5, 1], counts: [7, 850], missing: 0 },
      threshold: { value: 0.5, source: 'job' },
      positive: 850,
      negative: 7,
      trainingThreshold: 0.674,
    });
    assert.equal((svg.match(/<rect class="bar"/g) ?? []).length, 2);
    assert.match(svg, /<g class="mark threshold" data-value="0.5">.*threshold 0\.5<\/text>/);
    assert.match(svg, /<g class="mark training" data-value="0.674">.*training 0\.674<\/text>/);
    assert.match(svg, /<title>0\.5 to 1: 850 rows<\/title>/);
    assert.doesNotMatch(histogramSvg({ of: '<x>', edges: [], counts: [], missing: 0 }), /<x>/);
    assert.deepEqual(
      summaryFacts({
        kind: 'embeddings',
        rows: 1200,
        dims: 64,
        norms: { of: 'n', edges: [1, 2], counts: [1200], missing: 0 },
      })[0],
      ['shape', '1,200 rows × 64 dims'],
    );
  });
});

describe('prediction preview: the target of a local job and its page', () => {
  const job = {
    workspace: '/ws',
    file: '/ws/.relgraph/jobs/bp-job-1.json',
    cancelRequested: false,
    record: {
      id: 'bp-job-1',
      spec: { name: 'driver-dnf-2010', path: '/ws/driver-dnf-2010.prediction.yaml', sha256: '' },
      summary: { binary: { threshold: 0.5 }, training_job_id: 'trainingjob-1' },
      artifacts: [
        { type: 'predictions', path: '/ws/out/dnf', format: 'parquet', files: ['/ws/out/dnf/part_000.parquet'] },
      ],
    },
  } as unknown as LoadedJob;

  it("takes the output's files, the job's threshold and its training job from the record", () => {
    assert.deepEqual(previewTargetOf(job, 'predictions'), {
      title: 'driver-dnf-2010',
      artifact: 'predictions',
      job: {
        ref: 'bp-job-1',
        workspace: '/ws',
        specPath: '/ws/driver-dnf-2010.prediction.yaml',
        threshold: 0.5,
        trainingJobId: 'trainingjob-1',
      },
      location: { kind: 'files', format: 'parquet', path: '/ws/out/dnf', files: ['/ws/out/dnf/part_000.parquet'] },
    });
    assert.equal(previewTargetOf(job, 'embeddings'), undefined);
    assert.deepEqual(parsePreviewTarget(previewTargetOf(job, 'predictions')), previewTargetOf(job, 'predictions'));
    assert.equal(parsePreviewTarget({ title: 't', artifact: 'model', job: {}, location: {} }), undefined);
  });

  it('loads only its own script, styles and font', () => {
    const html = previewPageHtml(
      'Predictions: <x>',
      {
        script: 'https://res/predictionPreview.js',
        codicons: 'https://res/codicons/codicon.css',
        cspSource: 'https://res',
      },
      'bm9uY2U=',
    );
    assert.match(
      html,
      /content="default-src 'none'; style-src https:\/\/res 'nonce-bm9uY2U='; font-src https:\/\/res; img-src https:\/\/res data:; script-src 'nonce-bm9uY2U=';"/,
    );
    assert.match(html, /<title>Predictions: &lt;x&gt;<\/title>/);
    assert.deepEqual(
      [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]),
      [' nonce="bm9uY2U=" src="https://res/predictionPreview.js"'],
    );
  });
});
