import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictionPreviewHtml, previewMessageHtml } from '../../../client/predictions/predictionPreviewHtml';
import {
  compareCells,
  displayCell,
  isNumericColumn,
  parseJsonLines,
  PredictionRowsError,
} from '../../../client/predictions/predictionRows';

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

  it('shows values as the CLI table does', () => {
    assert.equal(displayCell(null), '');
    assert.equal(displayCell(130), '130');
    assert.equal(displayCell(0.123456789), '0.123457');
    assert.equal(displayCell(false), 'false');
    assert.equal(displayCell('2023-12-30T00:00:00.000Z'), '2023-12-30 00:00:00');
    assert.equal(displayCell('2023-12-30T10:00:00.250Z'), '2023-12-30 10:00:00.250');
    assert.equal(displayCell([0.5, 0.25, 1, 2, 3, 4]), '[0.5, 0.25, 1, 2, ... (6)]');
    assert.equal(displayCell('British'), 'British');
  });

  it('sorts numbers by value, text naturally, and empty cells last in both directions', () => {
    const values = [10, null, 2, 33];
    assert.deepEqual(
      [...values].sort((a, b) => compareCells(a, b)),
      [2, 10, 33, null],
    );
    assert.deepEqual(
      [...values].sort((a, b) => compareCells(a, b, true)),
      [33, 10, 2, null],
    );
    assert.deepEqual(
      ['item10', 'item2', ''].sort((a, b) => compareCells(a, b)),
      ['item2', 'item10', ''],
    );
    assert.deepEqual(
      [true, false].sort((a, b) => compareCells(a, b)),
      [false, true],
    );
  });

  it('has a comparator that works on its own, as it does when inlined into the page', () => {
    const inlined = new Function(`return (${compareCells.toString()});`)() as typeof compareCells;
    const values = [3, null, 1, 'a', true, [1, 2], 2.5, ''];
    for (const a of values) {
      for (const b of values) {
        for (const descending of [false, true]) {
          assert.equal(Math.sign(inlined(a, b, descending)), Math.sign(compareCells(a, b, descending)));
        }
      }
    }
  });

  it('treats a column as numeric only when every non-empty value is a number', () => {
    const rows = [
      { a: 1, b: 1, c: null },
      { a: null, b: 'x', c: null },
    ];
    assert.equal(isNumericColumn(rows, 'a'), true);
    assert.equal(isNumericColumn(rows, 'b'), false);
    assert.equal(isNumericColumn(rows, 'c'), false);
  });
});

describe('prediction preview page', () => {
  const nonce = 'bm9uY2Vub25jZW5vbmNl';
  const html = predictionPreviewHtml(
    {
      title: 'driver-dnf-2010',
      jobId: 'bp-job-20240131-142501-3fa9c2',
      outputType: 'predictions',
      artifactPath: '/p/out/driver-dnf-2010_predictions',
      totalRows: 130,
      data: {
        columns: ['ENTITY', 'CLASS', 'SCORE'],
        rows: [
          { ENTITY: 1, CLASS: '</script><script>alert(1)</script>', SCORE: 0.5 },
          { ENTITY: 2, CLASS: 'German & <b>', SCORE: null },
        ],
      },
    },
    nonce,
  );

  it('allows nothing but its own nonce-tagged style and script', () => {
    assert.match(
      html,
      new RegExp(`content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';"`),
    );
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [' type="application/json" id="rows"', ` nonce="${nonce}"`]);
    assert.doesNotMatch(html, /\b(src|href)=/, 'nothing is loaded from anywhere');
    assert.doesNotMatch(html, /style="/, 'no inline style attributes (the policy would block them)');
  });

  it('has a sorting script that parses (it runs in the webview, not here)', () => {
    const script = new RegExp(`<script nonce="${nonce}">([\\s\\S]*?)</script>`).exec(html)![1];
    assert.match(script, /const compare = \(function compareCells\(/);
    assert.doesNotThrow(() => new Function(script));
  });

  it('escapes values in the table and in the embedded data', () => {
    assert.ok(!html.includes('<script>alert(1)'));
    assert.match(html, /<td>&lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td>/);
    assert.match(html, /<td>German &amp; &lt;b&gt;<\/td>/);
    const data = /<script type="application\/json" id="rows">(.*?)<\/script>/s.exec(html)![1];
    assert.deepEqual(JSON.parse(data), [
      [1, '</script><script>alert(1)</script>', 0.5],
      [2, 'German & <b>', null],
    ]);
  });

  it('says how many of the rows it shows, right-aligns numbers and makes every header sortable', () => {
    assert.match(html, /first 2 of 130 rows/);
    assert.match(html, /<td class="num">0\.5<\/td>/);
    assert.equal((html.match(/<button type="button" data-col="\d"/g) ?? []).length, 3);
    assert.match(html, /<th aria-sort="none" class="num"><button type="button" data-col="2"/);
  });

  it('says so when the output has no rows, and escapes messages', () => {
    const empty = predictionPreviewHtml(
      { title: 't', jobId: 'j', outputType: 'embeddings', artifactPath: '/x', data: { columns: [], rows: [] } },
      nonce,
    );
    assert.match(empty, /The output has no rows\./);
    assert.match(empty, /0 rows/);
    const message = previewMessageHtml('t', 'no job <x>', nonce, true);
    assert.match(message, /<p class="error">no job &lt;x&gt;<\/p>/);
  });
});
