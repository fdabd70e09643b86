import type { Aggregation, PredictiveQuery } from '../../core/pql/ast';
import { isTemporalQuery, targetAggregations, timeUnitInDays } from '../../core/pql/queryAnalysis';
import { MAX_TIMEFRAME_STEP_DAYS } from '../../core/spec/numericLimits';
import type { GraphSpec, TrainingSettings } from '../../core/spec/SpecModel';
import { parseAnchorTime } from '../anchorTime';
import type { DataCheckContext } from './DataCheckContext';
import { count } from './DiagnosticSink';
import { factTimeRange, type DataRange } from './temporalChecks';

const DAY_MS = 86_400_000;

/**
 * `time-range-exceeds-data` for a training spec: the numbers of the query and of `train:` measured against
 * the time range of the target's data, which only the data tier knows. A target window that reaches past
 * the whole range leaves no anchor with a complete label; a timeframe_step that, with the default
 * start_time (one step after the earliest data), puts the first anchor after the last one leaves none at all.
 * The engine would fail on either after loading every table.
 */
export async function checkTrainingTimeRange(
  ctx: DataCheckContext,
  graph: GraphSpec,
  query: PredictiveQuery,
): Promise<void> {
  const spec = ctx.v.spec;
  if (spec?.kind !== 'training' || !isTemporalQuery(query)) return;
  const range = await factTimeRange(ctx, graph, query);
  if (!range) return;
  const spanDays = (range.maxMs - range.minMs) / DAY_MS;
  const farthest = farthestWindow(query);
  if (!farthest) return;
  const { aggregation, horizonDays } = farthest;
  const dataNote = `${range.columns} runs from ${range.min} to ${range.max} (${describeDays(spanDays)})`;
  if (horizonDays >= spanDays) {
    const at = ctx.queryLocation(aggregation.window?.endSpan ?? aggregation.span);
    if (!at) return;
    ctx.sink.add(
      'time-range-exceeds-data',
      `The target window reaches ${describeDays(horizonDays)} past each anchor time, but ${dataNote}: no anchor time leaves a complete label window. Shorten the window (${range.notes.join('; ')}).`,
      at,
      { data: { horizonDays, spanDays, dataMin: range.min, dataMax: range.max } },
    );
    return;
  }
  checkStep(ctx, spec.train, horizonDays, range, dataNote);
}

function checkStep(
  ctx: DataCheckContext,
  train: TrainingSettings,
  horizonDays: number,
  range: DataRange,
  dataNote: string,
): void {
  const step = train.timeframeStep;
  // With an explicit start_time the step no longer decides where the first anchor is.
  if (!step || train.startTime) return;
  // A step the schema rejects (not a whole number, beyond MAX_TIMEFRAME_STEP_DAYS) is reported there, once.
  if (!Number.isInteger(step.value) || step.value < 1 || step.value > MAX_TIMEFRAME_STEP_DAYS) return;
  const endMs = train.endTime ? parseAnchorTime(train.endTime.value)?.ms : range.maxMs - horizonDays * DAY_MS;
  if (endMs === undefined) return;
  const firstMs = range.minMs + step.value * DAY_MS;
  if (firstMs <= endMs) return;
  const last = train.endTime ? `end_time ${train.endTime.value}` : `the latest data minus the target window`;
  ctx.sink.add(
    'time-range-exceeds-data',
    `timeframe_step ${count(step.value)} days leaves no anchor time: the first anchor is one step after the earliest data, which is after the last one (${last}); ${dataNote}. Use a smaller step or set train.start_time (${range.notes.join('; ')}).`,
    { path: ctx.v.path, range: step.range },
    { data: { stepDays: step.value, horizonDays, dataMin: range.min, dataMax: range.max } },
  );
}

/** The target aggregation whose window ends farthest after the anchor, with that distance in days. */
function farthestWindow(query: PredictiveQuery): { aggregation: Aggregation; horizonDays: number } | undefined {
  let best: { aggregation: Aggregation; horizonDays: number } | undefined;
  for (const aggregation of targetAggregations(query)) {
    if (!aggregation.window) continue;
    const horizonDays = aggregation.window.end * timeUnitInDays(aggregation.window.unit);
    if (!best || horizonDays > best.horizonDays) best = { aggregation, horizonDays };
  }
  return best;
}

function describeDays(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return `${count(rounded)} day${rounded === 1 ? '' : 's'}`;
}
