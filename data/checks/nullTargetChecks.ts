import type { ColumnRef, PredictiveQuery } from '../../core/pql/ast';
import { targetAggregations, walkColumnRefs } from '../../core/pql/queryAnalysis';
import type { GraphSpec } from '../../core/spec/SpecModel';
import { num } from '../profileSql';
import { sqlIdent } from '../sourceScan';
import type { DataCheckContext, TableState } from './DataCheckContext';
import { count, percent } from './DiagnosticSink';
import { loadTable, profileTable } from './tableChecks';

/**
 * Kumo's rule for static targets (kumo-semantics.md §3.4): the rows to predict are the entity rows
 * whose target is null, and the training rows are those with a value. A prediction where no target is
 * null predicts nothing (`no-null-targets`); training where every target is null has no labels
 * (`no-labeled-rows`). For a static condition (`PREDICT users.age > 40`) a row counts as unlabelled
 * when any column of the condition is null, since the condition cannot be evaluated for it.
 */
export async function checkNullTargets(ctx: DataCheckContext, graph: GraphSpec, query: PredictiveQuery): Promise<void> {
  const kind = ctx.v.spec?.kind;
  if (kind !== 'prediction' && kind !== 'training') return;
  if (targetAggregations(query).length > 0) return; // temporal or link targets label every entity
  const entity = query.entity.table;
  const targets: ColumnRef[] = [];
  walkColumnRefs(query, (ref, context) => {
    if (context.role === 'target' && ref.table === entity && ref.column !== '*') targets.push(ref);
  });
  const columns = [...new Set(targets.map((t) => t.column))];
  if (columns.length === 0) return;
  const spec = graph.tables.find((t) => t.name === entity);
  if (!spec) return;
  const state = await loadTable(ctx, graph, spec);
  if (!state.columns || !columns.every((c) => state.columns?.some((s) => s.name === c))) return;
  const profile = await profileTable(ctx, state);
  if (!profile || profile.rowCount === 0) return; // empty-table covers it
  const nullRows = await countNullRows(ctx, state, columns);
  if (nullRows === undefined) return;

  const rows = profile.rowCount;
  const labelled = rows - nullRows;
  const quoted = columns.map((c) => `'${c}'`);
  const missing = columns.length === 1 ? `no ${quoted[0]}` : `a null ${quoted.join(' or ')}`;
  const present = columns.length === 1 ? `a ${quoted[0]} value` : `values for ${quoted.join(' and ')}`;
  const targetLocation = ctx.queryLocation(query.target.span) ?? ctx.sourceLocation(state);
  const note = `(${profile.readNote})`;
  const data = { table: entity, columns, rows, nullRows, labelledRows: labelled };

  if (kind === 'training') {
    if (labelled > 0) return;
    ctx.sink.add(
      'no-labeled-rows',
      `Every one of the ${count(rows)} '${entity}' rows has ${missing}: a static target trains on the rows that have a value, so there are no labels to learn from ${note}.`,
      targetLocation,
      { data },
    );
    return;
  }
  const related = [{ ...targetLocation, message: 'the static target' }];
  if (nullRows === 0) {
    ctx.sink.add(
      'no-null-targets',
      `Every one of the ${count(rows)} '${entity}' rows has ${present}, so this static query has nothing to predict: Kumo predicts exactly the rows whose target is null and the job would fail. Leave the target empty (null) for the ${entity} to predict; rows with a value serve as reference data ${note}.`,
      ctx.sourceLocation(state),
      { related, data },
    );
    return;
  }
  ctx.sink.add(
    'null-targets-found',
    `${count(nullRows)} of ${count(rows)} '${entity}' rows (${percent(nullRows, rows)}) have ${missing} and will be predicted; the other ${count(labelled)} serve as reference data ${note}.`,
    ctx.sourceLocation(state),
    { related, data },
  );
}

/** Rows with a null target: the profile's null count for one column, one small cached query for several. */
async function countNullRows(ctx: DataCheckContext, state: TableState, columns: string[]): Promise<number | undefined> {
  const profile = state.profile;
  if (!profile || !state.source) return undefined;
  if (columns.length === 1) return profile.columns.find((c) => c.name === columns[0])?.nullCount;
  const anyNull = columns.map((c) => `${sqlIdent(c)} IS NULL`).join(' OR ');
  const sql = `SELECT count(*) FILTER (WHERE ${anyNull}) AS n FROM ${ctx.profiler.scanOf(state.source)}`;
  const source = state.source;
  const outcome = await ctx.guard(`null-target count of '${state.spec.name}'`, ctx.sourceLocation(state), () =>
    ctx.profiler.query(sql, [source], ctx.signal),
  );
  return outcome && 'rows' in outcome ? num(outcome.rows[0]?.n) : undefined;
}
