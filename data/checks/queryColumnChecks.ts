import type { PredictiveQuery } from '../../core/pql/ast';
import { walkColumnRefs } from '../../core/pql/queryAnalysis';
import type { GraphSpec } from '../../core/spec/SpecModel';
import type { DataCheckContext } from './DataCheckContext';
import { rangeWithin } from './DiagnosticSink';
import { loadTable, reportUnknownColumn } from './tableChecks';

/**
 * `unknown-column` for query columns the graph's sources do not have. Static PQL checks cannot know a
 * table's columns without the data, so this is where `PREDICT drivers.nationalty` is caught.
 */
export async function checkQueryColumns(
  ctx: DataCheckContext,
  graph: GraphSpec,
  query: PredictiveQuery,
): Promise<void> {
  const refs: Parameters<Parameters<typeof walkColumnRefs>[1]>[0][] = [];
  walkColumnRefs(query, (ref) => {
    if (ref.column !== '*') refs.push(ref);
  });
  for (const ref of refs) {
    const spec = graph.tables.find((t) => t.name === ref.table);
    if (!spec) continue; // pql-unknown-table is static
    const state = await loadTable(ctx, graph, spec);
    if (!state.columns || state.columns.some((c) => c.name === ref.column)) continue;
    const location = ctx.queryLocation(ref.columnSpan) ?? ctx.sourceLocation(state);
    if (alreadyReported(ctx, location)) continue;
    const inference = ctx.v.spec?.kind === 'prediction';
    reportUnknownColumn(ctx, state, ref.column, location, `Query column '${ref.table}.${ref.column}'`, {
      related: inference
        ? [{ ...ctx.sourceLocation(state), message: `the inference source of '${ref.table}' lacks it` }]
        : [],
    });
  }
}

/** A static PQL diagnostic (e.g. a case mismatch with a known key) already sits on this reference. */
function alreadyReported(ctx: DataCheckContext, location: { path: string; range: Parameters<typeof rangeWithin>[0] }) {
  if (location.path !== ctx.v.path) return false;
  return ctx.v.diagnostics.some((d) => d.code.startsWith('pql-') && rangeWithin(location.range, d.range));
}
