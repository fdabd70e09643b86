import type { PredictiveQuery } from './ast';
import { aggregationFit, aggregationsFor, columnKindOf, describeColumnKind, listAggregations } from './pqlColumnKinds';
import type { PqlGraphView, PqlIssue } from './PqlGraphView';
import { formatColumnName } from './pqlNames';
import { walkColumnRefs } from './queryAnalysis';

/**
 * Aggregations need a column of the right kind (Kumo's type validator): `pql-aggregation-type-mismatch`
 * where Kumo rejects the query (SUM of text, SUM/AVG/COUNT_DISTINCT of a key), and
 * `pql-aggregation-stype-mismatch` where it only warns (SUM of a categorical integer, MIN of a category).
 * A column whose type is unknown (no declared type, no data read yet) is given the benefit of the doubt.
 * The message and the hover list what does fit.
 */
export function checkColumnKinds(query: PredictiveQuery, graph: PqlGraphView): PqlIssue[] {
  const issues: PqlIssue[] = [];
  walkColumnRefs(query, (ref, context) => {
    const aggregation = context.aggregatedBy;
    if (!aggregation || ref.column === '*') return;
    const table = graph.tables.get(ref.table);
    if (!table) return;
    const kind = columnKindOf(table, ref.column);
    const fit = aggregationFit(aggregation.fn, kind);
    if (fit.fit === 'ok') return;
    const { allowed } = aggregationsFor(kind);
    const column = formatColumnName(ref.table, ref.column);
    issues.push({
      code: fit.fit === 'error' ? 'pql-aggregation-type-mismatch' : 'pql-aggregation-stype-mismatch',
      message:
        `${fit.reason}: ${column} is ${describeColumnKind(kind)}` +
        (allowed.length > 0 ? `, which takes ${listAggregations(allowed)}` : '') +
        (fit.fit === 'warning' && fit.retype
          ? `; if it really is ${fit.retype}, declare \`stype: ${fit.retype}\` for it in the graph's \`columns:\``
          : ''),
      span: ref.span,
    });
  });
  return issues;
}
