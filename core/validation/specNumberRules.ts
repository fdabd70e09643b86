import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import { dateProblem } from '../spec/numericLimits';
import type { Located, Spec } from '../spec/SpecModel';
import { diagnostic } from './diagnosticFactory';

/** The schema's date shape (graph.schema.json `$defs/date`); other text is the schema's to report. */
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Dates the schema lets through by shape but the engine cannot run at: a day or month that does not exist
 * (2010-02-30, 2010-13-01) or a year outside the supported range. Bounds on the spec's plain numbers are
 * in the JSON Schemas; the query's numbers are checked with the query (core/pql/pqlNumberRules.ts).
 */
export function checkSpecDates(spec: Spec): SpecDiagnostic[] {
  const dates: [string, Located<string> | undefined][] =
    spec.kind === 'training'
      ? [
          ['train.start_time', spec.train.startTime],
          ['train.end_time', spec.train.endTime],
          ['train.validation_start', spec.train.validationStart],
        ]
      : spec.kind === 'prediction'
        ? [['anchor_time', spec.anchorTime]]
        : [];
  const diagnostics: SpecDiagnostic[] = [];
  for (const [key, date] of dates) {
    if (!date || !DATE_SHAPE.test(date.value)) continue;
    const problem = dateProblem(date.value);
    if (problem) diagnostics.push(diagnostic('number-out-of-range', `'${key}' ${date.value}: ${problem}.`, date.range));
  }
  return diagnostics;
}
