import type { PredictiveQuery } from '../../core/pql/ast';
import { targetAggregations, targetFactTables, timeUnitInDays } from '../../core/pql/queryAnalysis';
import type { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent } from '../../data/sourceScan';
import type { LoadedGraph } from '../features/GraphTables';

/**
 * The anchor times a temporal query is replayed at, and which of them validate. Defaults, when the
 * spec leaves them out:
 * - end_time: the latest time in the target's fact tables minus the target horizon, so the last
 *   anchor's label window is complete;
 * - timeframe_step: the target window's length in days (windows of consecutive anchors tile time);
 * - start_time: the data's whole history (the earliest fact time plus one step) when it fits the run
 *   mode's time budget (entity x anchor pairs), else the most recent anchors that fit it;
 * - validation_start: the latest tenth of the anchors (at least one).
 * The anchor cap of the time budget applies to the anchors before validation_start and to those from
 * validation_start on separately, so a long validation period never eats the training anchors. It
 * only applies when start_time is not set: an explicit start_time is honoured. start_time / end_time
 * may also be a non-positive number of days relative to the latest fact time.
 */
/** The spec's `train:` settings as plain values (dates as written, or non-positive day offsets). */
export interface AnchorSettings {
  startTime?: string;
  endTime?: string;
  timeframeStepDays?: number;
  validationStart?: string;
}

/** How many anchors a run mode may replay when train.start_time is not set. */
export interface AnchorBudget {
  /** At most this many anchors before validation_start, and as many from it on. */
  maxAnchors: number;
  /** Entity x anchor pairs the training table may start from (its time budget): anchors = pairs / entities. */
  candidatePairs: number;
  /** Never fewer anchors than this for budget reasons (one year of monthly anchors, say). */
  minAnchors: number;
}

export interface AnchorSchedule {
  anchors: Date[];
  stepDays: number;
  /** Anchors at or after this validate (early stopping and metrics). */
  validationStart: Date;
  trainingAnchors: number;
  validationAnchors: number;
  /** Where each setting came from, for messages and the job summary. */
  origin: {
    startTime: 'spec' | 'history' | 'budget';
    endTime: 'spec' | 'data';
    validationStart: 'spec' | 'latest tenth';
    step: 'spec' | 'target window';
  };
}

/** A schedule that cannot train: no anchor fits, or none lies before validation_start. Names the settings. */
export class AnchorScheduleError extends Error {}

const DAY_MS = 86_400_000;

export async function anchorSchedule(
  session: DuckDbSession,
  graph: LoadedGraph,
  query: PredictiveQuery,
  settings: AnchorSettings,
  budget: AnchorBudget,
  signal?: AbortSignal,
): Promise<AnchorSchedule> {
  const span = await factTimeSpan(session, graph, targetFactTables(query), signal);
  const horizonDays = Math.max(
    ...targetAggregations(query).map((a) => (a.window ? a.window.end * timeUnitInDays(a.window.unit) : 0)),
  );
  const windowDays = Math.max(
    ...targetAggregations(query).map((a) =>
      a.window && a.window.start !== -Infinity ? (a.window.end - a.window.start) * timeUnitInDays(a.window.unit) : 0,
    ),
  );
  const stepDays = settings.timeframeStepDays ?? Math.max(1, Math.round(windowDays));
  if (!(stepDays > 0))
    throw new AnchorScheduleError(`train.timeframe_step must be a positive number of days (got ${stepDays})`);

  const end = settings.endTime
    ? parseAnchorSetting(settings.endTime, span.latest, 'train.end_time')
    : new Date(span.latest.getTime() - horizonDays * DAY_MS);
  const explicitStart = settings.startTime
    ? parseAnchorSetting(settings.startTime, span.latest, 'train.start_time')
    : undefined;
  const earliest = explicitStart ?? new Date(span.earliest.getTime() + stepDays * DAY_MS);
  const described = describeSettings(settings, { earliest, end, stepDays });
  if (earliest > end) {
    throw new AnchorScheduleError(
      `no anchor time fits: the first anchor (${iso(earliest)}) is after the last (${iso(end)}); ` +
        `the target's data spans ${iso(span.earliest)} to ${iso(span.latest)} (${described})`,
    );
  }
  // Anchors are laid out backwards from the end, so the last anchor is exactly end_time.
  let anchors: Date[] = [];
  for (let t = end.getTime(); t >= earliest.getTime(); t -= stepDays * DAY_MS) anchors.push(new Date(t));
  anchors.reverse();

  const entityCount = graph.tables.get(query.entity.table)?.rowCount ?? 1;
  const cap = Math.min(
    budget.maxAnchors,
    Math.max(budget.minAnchors, Math.floor(budget.candidatePairs / Math.max(1, entityCount))),
  );
  const capped = (list: Date[]) => (explicitStart ? list : list.slice(Math.max(0, list.length - cap)));
  const uncappedCount = anchors.length;
  let validationStart: Date;
  if (settings.validationStart) {
    const start = parseAnchorSetting(settings.validationStart, span.latest, 'train.validation_start');
    validationStart = start;
    anchors = [...capped(anchors.filter((a) => a < start)), ...capped(anchors.filter((a) => a >= start))];
  } else {
    anchors = capped(anchors);
    const n = anchors.length;
    // One anchor cannot both train and validate: then nothing validates (validation_start after it).
    validationStart = n >= 2 ? anchors[n - Math.max(1, Math.round(n / 10))] : new Date(anchors[0].getTime() + 1);
  }
  const trainingAnchors = anchors.filter((a) => a < validationStart).length;
  if (trainingAnchors === 0) {
    throw new AnchorScheduleError(
      `no training anchor: every anchor (${iso(anchors[0])} to ${iso(anchors[anchors.length - 1])}) is at or after ` +
        `train.validation_start ${iso(validationStart)} (${described}); set train.start_time earlier than ` +
        `train.validation_start, or train.validation_start later`,
    );
  }
  return {
    anchors,
    stepDays,
    validationStart,
    trainingAnchors,
    validationAnchors: anchors.length - trainingAnchors,
    origin: {
      startTime: explicitStart ? 'spec' : anchors.length < uncappedCount ? 'budget' : 'history',
      endTime: settings.endTime ? 'spec' : 'data',
      validationStart: settings.validationStart ? 'spec' : 'latest tenth',
      step: settings.timeframeStepDays !== undefined ? 'spec' : 'target window',
    },
  };
}

/** `train.start_time 1994-01-01 (spec), train.end_time ... (default: ...)`: what decided the schedule. */
function describeSettings(settings: AnchorSettings, resolved: { earliest: Date; end: Date; stepDays: number }): string {
  const one = (key: string, value: string | number | undefined, resolvedValue: string, fallback: string) =>
    value !== undefined ? `train.${key} ${String(value)}` : `train.${key} not set (${fallback}: ${resolvedValue})`;
  return [
    one('start_time', settings.startTime, iso(resolved.earliest), "the data's history"),
    one('end_time', settings.endTime, iso(resolved.end), 'the latest fact time minus the target horizon'),
    one('timeframe_step', settings.timeframeStepDays, `${resolved.stepDays} days`, 'the target window'),
    ...(settings.validationStart !== undefined ? [`train.validation_start ${settings.validationStart}`] : []),
  ].join(', ');
}

/** Earliest and latest times over the target's fact tables. */
async function factTimeSpan(
  session: DuckDbSession,
  graph: LoadedGraph,
  factTables: string[],
  signal?: AbortSignal,
): Promise<{ earliest: Date; latest: Date }> {
  const parts = factTables.map((name) => {
    const table = graph.tables.get(name);
    if (!table?.timeColumn) throw new Error(`the target aggregates '${name}', which has no time column`);
    const time = sqlIdent(table.timeColumn);
    return `SELECT min(${time}) AS lo, max(${time}) AS hi FROM ${sqlIdent(table.relation)}`;
  });
  const [row] = await session.rows(
    `SELECT epoch_ms(min(lo)) AS lo, epoch_ms(max(hi)) AS hi FROM (${parts.join(' UNION ALL ')})`,
    signal,
  );
  if (row.lo === null || row.hi === null)
    throw new Error(`the target's tables (${factTables.join(', ')}) have no rows`);
  return { earliest: new Date(Number(row.lo)), latest: new Date(Number(row.hi)) };
}

/** An ISO date/time (UTC), or a non-positive number of days relative to `latest`. */
export function parseAnchorSetting(value: string | number, latest: Date, key: string): Date {
  const text = String(value).trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const days = Number(text);
    if (days > 0) throw new Error(`${key}: a number means days before the latest data and must be <= 0 (got ${text})`);
    return new Date(latest.getTime() + days * DAY_MS);
  }
  const date = parseUtc(text);
  if (!date) throw new Error(`${key}: '${text}' is not a date (expected e.g. 2024-01-31 or 2024-01-31 12:00:00)`);
  return date;
}

/** `2024-01-31`, `2024-01-31 12:00[:00]` or `2024-01-31T12:00:00[Z]`, read as UTC. */
export function parseUtc(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?Z?$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = match;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Math.round(Number(frac) * 1000) : 0);
  const date = new Date(ms);
  return Number.isNaN(ms) || date.getUTCDate() !== +d ? undefined : date;
}

/** `2024-01-31 00:00:00`: how anchors are written into SQL and reports (UTC). */
export function iso(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')
    .replace(/Z$/, '');
}
