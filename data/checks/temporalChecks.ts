import type { PredictiveQuery } from '../../core/pql/ast';
import { formatCondition, isTemporalQuery, targetFactTables, walkCondition } from '../../core/pql/queryAnalysis';
import type { GraphSpec } from '../../core/spec/SpecModel';
import { fromMs, parseAnchorTime, type AnchorTime } from '../anchorTime';
import { eligibilitySql, type FilterTable } from '../entityFilterSql';
import { isTimestampCastable, num } from '../profileSql';
import type { TableSource } from '../TableSource';
import type { DataCheckContext, TableState } from './DataCheckContext';
import { count, type SpecLocation } from './DiagnosticSink';
import { loadTable, profileTable } from './tableChecks';

export interface DataRange {
  minMs: number;
  maxMs: number;
  min: string;
  max: string;
  /** `results.date`, or several joined with `, `. */
  columns: string;
  notes: string[];
}

/**
 * Temporal prediction checks: `anchor-time-after-data` / `anchor-time-before-data` compare the
 * anchor with the time range of the target's fact tables; `no-eligible-entities` evaluates the
 * entity filter at the anchor (the given one, or Kumo's default: the latest fact timestamp).
 */
export async function checkTemporal(ctx: DataCheckContext, graph: GraphSpec, query: PredictiveQuery): Promise<void> {
  const prediction = ctx.v.prediction;
  if (ctx.v.spec?.kind !== 'prediction' || !prediction || !isTemporalQuery(query)) return;
  const range = await factTimeRange(ctx, graph, query);
  let anchor: AnchorTime | undefined;
  if (prediction.anchorTime) {
    anchor = parseAnchorTime(prediction.anchorTime.value);
    if (!anchor) return; // an unreadable anchor is a static finding
    const at: SpecLocation = { path: prediction.path, range: prediction.anchorTime.range };
    if (range && anchor.ms > range.maxMs) {
      ctx.sink.add(
        'anchor-time-after-data',
        `anchor_time ${anchor.sql} is after the data: ${range.columns} runs from ${range.min} to ${range.max}. The features look back from the anchor, so the time between ${range.max} and the anchor holds no rows and recent-activity features will be empty. Kumo's default anchor is the latest timestamp, ${range.max} (${range.notes.join('; ')}).`,
        at,
        { data: { anchor: anchor.sql, dataMin: range.min, dataMax: range.max } },
      );
    } else if (range && anchor.ms < range.minMs) {
      ctx.sink.add(
        'anchor-time-before-data',
        `anchor_time ${anchor.sql} is before the data: ${range.columns} runs from ${range.min} to ${range.max}. Only rows up to the anchor are known, so every feature sees nothing (${range.notes.join('; ')}).`,
        at,
        { data: { anchor: anchor.sql, dataMin: range.min, dataMax: range.max } },
      );
    }
  } else if (range) {
    anchor = fromMs(range.maxMs);
  }
  if (anchor && query.entityFilter) await checkEligibleEntities(ctx, graph, query, anchor, range);
}

/** The span of the target's fact tables' time columns. */
export async function factTimeRange(ctx: DataCheckContext, graph: GraphSpec, query: PredictiveQuery) {
  let range: DataRange | undefined;
  for (const name of targetFactTables(query)) {
    const spec = graph.tables.find((t) => t.name === name);
    if (!spec?.timeColumn) continue;
    const profile = await profileTable(ctx, await loadTable(ctx, graph, spec));
    const time = profile?.timeColumns.find((t) => t.column === spec.timeColumn?.value);
    if (!profile || !time || time.minMs === undefined || time.maxMs === undefined || !time.min || !time.max) continue;
    const column = `${name}.${time.column}`;
    if (!range) {
      range = { minMs: time.minMs, maxMs: time.maxMs, min: time.min, max: time.max, columns: column, notes: [] };
    } else {
      if (time.minMs < range.minMs) Object.assign(range, { minMs: time.minMs, min: time.min });
      if (time.maxMs > range.maxMs) Object.assign(range, { maxMs: time.maxMs, max: time.max });
      range.columns += `, ${column}`;
    }
    range.notes.push(profile.readNote);
  }
  return range;
}

async function checkEligibleEntities(
  ctx: DataCheckContext,
  graph: GraphSpec,
  query: PredictiveQuery,
  anchor: AnchorTime,
  range: DataRange | undefined,
): Promise<void> {
  const filter = query.entityFilter;
  if (!filter) return;
  const names = new Set([query.entity.table]);
  walkCondition(filter, { role: 'entity-filter' }, (ref) => names.add(ref.table));
  const tables = new Map<string, FilterTable>();
  const sources: TableSource[] = [];
  const states: TableState[] = [];
  for (const name of names) {
    const spec = graph.tables.find((t) => t.name === name);
    if (!spec) return;
    const state = await loadTable(ctx, graph, spec);
    if (!state.columns || !state.source || state.unreadable) return;
    const columns = new Map(state.columns.map((c) => [c.name, c.duckDbType]));
    const time = spec.timeColumn?.value;
    tables.set(name, {
      scan: ctx.profiler.scanOf(state.source),
      columns,
      primaryKey: spec.primaryKey?.value,
      timeColumn: time && columns.has(time) && isTimestampCastable(columns.get(time) as string) ? time : undefined,
      foreignKeys: new Map(
        graph.edges.filter((e) => e.srcTable.value === name).map((e) => [e.fkey.value, e.dstTable.value] as const),
      ),
    });
    sources.push(state.source);
    states.push(state);
  }
  const built = eligibilitySql({ filter, entityTable: query.entity.table, tables, anchor: anchor.sql });
  if ('unsupported' in built) return; // shapes the translation does not cover are skipped, not guessed
  const filterLocation = ctx.queryLocation(filter.span);
  const anchorTime = ctx.v.prediction?.anchorTime;
  const at: SpecLocation | undefined = anchorTime ? { path: ctx.v.path, range: anchorTime.range } : filterLocation;
  if (!at) return;
  const outcome = await ctx.guard(`entity-filter check of '${query.entity.table}'`, at, () =>
    ctx.profiler.query(built.sql, sources, ctx.signal),
  );
  if (!outcome || 'error' in outcome) return;
  const entities = num(outcome.rows[0]?.entities);
  const eligible = num(outcome.rows[0]?.eligible);
  if (eligible > 0) return;
  const notes = (await Promise.all(states.map((s) => profileTable(ctx, s)))).map((p) => p?.readNote).filter(Boolean);
  const anchorSource = anchorTime
    ? `anchor time ${anchor.sql}`
    : `the default anchor time ${anchor.sql} (the latest ${range?.columns ?? 'timestamp'})`;
  ctx.sink.add(
    'no-eligible-entities',
    `No '${query.entity.table}' entity passes the filter \`WHERE ${formatCondition(filter)}\` at ${anchorSource}: 0 of the ${count(entities)} known then, so the prediction would be empty.${range ? ` The data runs from ${range.min} to ${range.max}.` : ''} Move the anchor time or relax the filter (${notes.join('; ')}).`,
    at,
    {
      related: anchorTime && filterLocation ? [{ ...filterLocation, message: 'the entity filter' }] : [],
      data: { anchor: anchor.sql, entities, eligible },
    },
  );
}
