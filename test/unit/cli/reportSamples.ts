import type { SpecDiagnostic } from '../../../core/diagnostics/SpecDiagnostic';
import type { ValidationReport } from '../../../cli/output/ValidationReport';

/** Hand-made reports for the formatter tests: the formatters must not depend on what the checkers emit. */
export const SAMPLE_CWD = '/repo';

export function diagnostic(
  code: SpecDiagnostic['code'],
  severity: SpecDiagnostic['severity'],
  message: string,
  [line, character, endLine, endCharacter]: [number, number, number, number],
  extra: Partial<SpecDiagnostic> = {},
): SpecDiagnostic {
  return {
    code,
    severity,
    message,
    range: { start: { line, character }, end: { line: endLine, character: endCharacter } },
    source: 'relgraph',
    ...extra,
  };
}

/** Two errors and a warning in two of three files; diagnostics deliberately out of position order. */
export function sampleReport(): ValidationReport {
  return {
    cwd: SAMPLE_CWD,
    files: [
      {
        path: '/repo/examples/f1/dnf-2010.prediction.yaml',
        diagnostics: [
          diagnostic(
            'threshold-required',
            'error',
            'A binary task needs binary_classification_threshold.',
            [0, 0, 0, 4],
          ),
          diagnostic('table-not-in-training', 'error', "Table 'driver' is not in the training graph.", [5, 2, 5, 8], {
            related: [
              {
                path: '/repo/examples/f1/f1.graph.yaml',
                range: { start: { line: 11, character: 2 }, end: { line: 11, character: 9 } },
                message: "the training graph's table 'drivers'",
              },
            ],
            data: { suggestion: 'drivers' },
          }),
        ],
      },
      { path: '/repo/examples/f1/f1.graph.yaml', diagnostics: [] },
      {
        path: '/repo/examples/f1/position-2010.prediction.yaml',
        diagnostics: [
          diagnostic(
            'threshold-not-applicable',
            'warning',
            'Not a binary task:\nthe threshold is ignored.',
            [9, 0, 9, 31],
          ),
        ],
      },
    ],
  };
}
