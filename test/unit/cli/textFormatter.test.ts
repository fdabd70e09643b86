import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatText } from '../../../cli/output/textFormatter';
import type { ValidationReport } from '../../../cli/output/ValidationReport';
import { diagnostic, SAMPLE_CWD, sampleReport } from './reportSamples';

const ESCAPE = '\u001b[';

describe('formatText', () => {
  it('prints path:line:col severity code message, 1-based and relative to cwd, sorted by position, then a summary', () => {
    assert.equal(
      formatText(sampleReport(), { color: false }),
      [
        'examples/f1/dnf-2010.prediction.yaml:1:1 error threshold-required A binary task needs binary_classification_threshold.',
        "examples/f1/dnf-2010.prediction.yaml:6:3 error table-not-in-training Table 'driver' is not in the training graph.",
        'examples/f1/position-2010.prediction.yaml:10:1 warning threshold-not-applicable Not a binary task: the threshold is ignored.',
        '2 errors, 1 warning in 3 files',
        '',
      ].join('\n'),
    );
  });

  it('uses singular nouns for one and counts information only when there is some', () => {
    const report: ValidationReport = {
      cwd: SAMPLE_CWD,
      files: [
        {
          path: '/repo/a.prediction.yaml',
          diagnostics: [
            diagnostic('schema', 'error', 'bad', [0, 0, 0, 1]),
            diagnostic('null-targets-found', 'information', '12 drivers have no nationality', [3, 4, 3, 9]),
          ],
        },
      ],
    };
    const lines = formatText(report, { color: false }).trimEnd().split('\n');
    assert.equal(lines[1], 'a.prediction.yaml:4:5 information null-targets-found 12 drivers have no nationality');
    assert.equal(lines.at(-1), '1 error, 0 warnings, 1 information in 1 file');
  });

  it('prints a clean summary for no problems and for no files', () => {
    assert.equal(formatText({ cwd: SAMPLE_CWD, files: [] }, { color: false }), '0 errors, 0 warnings in 0 files\n');
    const clean = { cwd: SAMPLE_CWD, files: [{ path: '/repo/a.graph.yaml', diagnostics: [] }] };
    assert.equal(formatText(clean, { color: false }), '0 errors, 0 warnings in 1 file\n');
  });

  it('keeps paths outside cwd relative with ..', () => {
    const report = {
      cwd: '/repo/sub',
      files: [{ path: '/repo/other/x.graph.yaml', diagnostics: [diagnostic('schema', 'error', 'm', [2, 0, 2, 1])] }],
    };
    assert.match(formatText(report, { color: false }), /^\.\.\/other\/x\.graph\.yaml:3:1 error schema m$/m);
  });

  it('reports a file that could not be validated and says so in the summary', () => {
    const report = { cwd: SAMPLE_CWD, files: [{ path: '/repo/a.graph.yaml', diagnostics: [], failure: 'boom' }] };
    assert.equal(
      formatText(report, { color: false }),
      'a.graph.yaml: could not be validated: boom\n0 errors, 0 warnings in 1 file; 1 file could not be validated\n',
    );
  });

  it('colors severities and the summary only when asked, without changing the text', () => {
    const plain = formatText(sampleReport(), { color: false });
    const colored = formatText(sampleReport(), { color: true });
    assert.ok(!plain.includes(ESCAPE));
    assert.ok(colored.includes(`${ESCAPE}31merror${ESCAPE}0m`), 'errors in red');
    assert.ok(colored.includes(`${ESCAPE}33mwarning${ESCAPE}0m`), 'warnings in yellow');
    // eslint-disable-next-line no-control-regex
    assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, ''), plain);
  });
});
