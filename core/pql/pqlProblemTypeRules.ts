import type { PredictiveQuery } from './ast';
import type { PqlGraphView, PqlIssue } from './PqlGraphView';
import { targetStype } from './pqlGraphLookup';
import { isTemporalQuery } from './queryAnalysis';

/** Kumo's ProblemTypeValidator limit on FORECAST n TIMEFRAMES. */
export const MAX_FORECAST_TIMEFRAMES = 10_000;

/**
 * CLASSIFY / RANK TOP k / FORECAST n TIMEFRAMES against the target (Kumo's ProblemTypeValidator).
 * Rules that depend on the target's semantic type are skipped when that type is not known yet.
 */
export function checkProblemType(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  const problem = query.problem;
  const stype = targetStype(query, graph);
  const target = query.target;
  if (!problem) {
    return stype === 'multicategorical'
      ? [
          {
            code: 'pql-multicategorical-needs-problem-type',
            message:
              'this target is a set of classes (multicategorical): say how to predict it with CLASSIFY ' +
              '(one yes/no per class) or RANK TOP k (the k most likely), right after the target',
            span: target.span,
          },
        ]
      : [];
  }
  if (problem.forecastTimeframes !== undefined) {
    const n = problem.forecastTimeframes;
    const span = problem.forecastSpan ?? problem.span;
    if (n < 1 || n > MAX_FORECAST_TIMEFRAMES) {
      return [
        {
          code: 'pql-forecast-out-of-range',
          message: `FORECAST needs between 1 and ${MAX_FORECAST_TIMEFRAMES} timeframes, not ${n}`,
          span,
        },
      ];
    }
    if (!isTemporalQuery(query) || (stype !== undefined && stype !== 'numerical')) {
      return [
        {
          code: 'pql-forecast-target',
          message:
            'FORECAST needs a numerical target over a future time window, e.g. ' +
            'PREDICT SUM(orders.amount, 0, 7, days) FORECAST 12 TIMEFRAMES',
          span: problem.span,
        },
      ];
    }
    return [];
  }
  if (problem.topK !== undefined) {
    const topKSpan = problem.topKSpan ?? problem.span;
    if (problem.topK < 1) {
      return [
        { code: 'pql-top-k-out-of-range', message: `TOP needs k of at least 1, not ${problem.topK}`, span: topKSpan },
      ];
    }
    if (problem.type !== 'RANK') {
      return [
        {
          code: 'pql-top-k-needs-rank',
          message: `TOP k only goes with RANK: write RANK TOP ${problem.topK}`,
          span: problem.span,
          suggestion: `RANK TOP ${problem.topK}`,
        },
      ];
    }
  }
  if (!problem.type) return [];
  const typeSpan = problem.typeSpan ?? problem.span;
  if (stype !== undefined && stype !== 'multicategorical') {
    return [
      {
        code: 'pql-problem-type-needs-multicategorical',
        message:
          `${problem.type} only applies to a set of classes (a multicategorical target): LIST_DISTINCT(...), ` +
          `a multicategorical column, or FIRST/LAST of one; this target is ${stype}, so drop ${problem.type}`,
        span: typeSpan,
      },
    ];
  }
  if (problem.type === 'RANK' && problem.topK === undefined) {
    return [
      {
        code: 'pql-rank-needs-top-k',
        message: 'RANK needs TOP k: say how many to rank, e.g. RANK TOP 10',
        span: typeSpan,
      },
    ];
  }
  return [];
}
