import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnosticDocUrl } from '../../../core/diagnostics/DiagnosticCodes';
import { formatJson } from '../../../cli/output/jsonFormatter';
import { diagnostic, SAMPLE_CWD, sampleReport } from './reportSamples';

describe('formatJson', () => {
  it('prints the files with relative paths and 0-based ranges, and the summary', () => {
    const json = JSON.parse(formatJson(sampleReport()));
    assert.deepEqual(
      json.files.map((f: { path: string }) => f.path),
      [
        'examples/f1/dnf-2010.prediction.yaml',
        'examples/f1/f1.graph.yaml',
        'examples/f1/position-2010.prediction.yaml',
      ],
    );
    const [first, second] = json.files[0].diagnostics;
    assert.deepEqual(
      { code: first.code, severity: first.severity, message: first.message, range: first.range },
      {
        code: 'threshold-required',
        severity: 'error',
        message: 'A binary task needs binary_classification_threshold.',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
      },
    );
    assert.deepEqual(second.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 8 } });
    assert.deepEqual(json.files[1].diagnostics, []);
    assert.equal(json.summary.errors, 2);
    assert.equal(json.summary.warnings, 1);
    assert.equal(json.summary.files, 3);
  });

  it('adds the absolute path, source, docs link, related locations and quick-fix data', () => {
    const json = JSON.parse(formatJson(sampleReport()));
    const entry = json.files[0];
    assert.equal(entry.absolutePath, '/repo/examples/f1/dnf-2010.prediction.yaml');
    const withRelated = entry.diagnostics[1];
    assert.equal(withRelated.source, 'relgraph');
    assert.equal(withRelated.docs, diagnosticDocUrl('table-not-in-training'));
    assert.deepEqual(withRelated.related, [
      {
        path: 'examples/f1/f1.graph.yaml',
        absolutePath: '/repo/examples/f1/f1.graph.yaml',
        range: { start: { line: 11, character: 2 }, end: { line: 11, character: 9 } },
        message: "the training graph's table 'drivers'",
      },
    ]);
    assert.deepEqual(withRelated.data, { suggestion: 'drivers' });
    assert.equal('related' in entry.diagnostics[0], false);
  });

  it('writes bigint facts from the data tier as numbers instead of throwing', () => {
    const report = {
      cwd: SAMPLE_CWD,
      files: [
        {
          path: '/repo/a.graph.yaml',
          diagnostics: [
            diagnostic('primary-key-not-unique', 'error', 'dupes', [1, 2, 1, 5], {
              data: { duplicates: 3n, huge: 2n ** 70n },
            }),
          ],
        },
      ],
    };
    const json = JSON.parse(formatJson(report));
    assert.deepEqual(json.files[0].diagnostics[0].data, { duplicates: 3, huge: (2n ** 70n).toString() });
  });

  it('keeps only the four numbers of a range', () => {
    const odd = diagnostic('schema', 'error', 'm', [0, 1, 0, 2]);
    Object.assign(odd.range, { extra: true });
    const json = JSON.parse(
      formatJson({ cwd: SAMPLE_CWD, files: [{ path: '/repo/a.graph.yaml', diagnostics: [odd] }] }),
    );
    assert.deepEqual(json.files[0].diagnostics[0].range, {
      start: { line: 0, character: 1 },
      end: { line: 0, character: 2 },
    });
  });

  it('records failures per file and in the summary', () => {
    const json = JSON.parse(
      formatJson({ cwd: SAMPLE_CWD, files: [{ path: '/repo/a.graph.yaml', diagnostics: [], failure: 'x' }] }),
    );
    assert.equal(json.files[0].failure, 'x');
    assert.equal(json.summary.failures, 1);
  });
});
