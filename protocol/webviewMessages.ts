/**
 * Messages between the extension and its webviews. A webview runs its own script, so what it posts is
 * checked on receipt (`parse...Message`) before the extension acts on it: a malformed message is dropped.
 * What the extension posts to a webview is typed here too (`...HostMessage`), so both sides agree.
 */
import type { FilterOp, PreviewFilter, PreviewView } from '../core/preview/PreviewModel';
import type { GraphModelResult } from './lspExtensions';
import type {
  OpenPreviewResult,
  PreviewNeighboursResult,
  PreviewPageResult,
  PreviewStatsResult,
} from './outputPreview';

/** Graph diagram -> extension: the page is ready for a model; the user clicked a table or an edge. */
export type GraphDiagramMessage =
  | { type: 'ready' }
  | { type: 'reveal'; what: 'table'; name: string }
  | { type: 'reveal'; what: 'edge'; index: number };

/** What the diagram draws: the server's graph model, with the query's entity and target tables. */
export interface GraphDiagramModel {
  title: string;
  graph: GraphModelResult;
}

/** Extension -> graph diagram: a new model (the page keeps its zoom and scroll), or why there is none. */
export type GraphDiagramHostMessage = { type: 'model'; model: GraphDiagramModel } | { type: 'empty'; message: string };

/** Predictions preview -> extension. `id` pairs an answer with its question (the page drops stale answers). */
export type PredictionPreviewMessage =
  | { type: 'ready' }
  | { type: 'page'; id: number; view: PreviewView; offset: number; limit: number }
  | { type: 'stats'; id: number; view: PreviewView }
  | { type: 'neighbours'; id: number; entity: string; anchor?: string }
  | { type: 'export'; view: PreviewView }
  | { type: 'openOutput' }
  | { type: 'reopen' };

/** Extension -> predictions preview. */
export type PredictionPreviewHostMessage =
  | { type: 'loading'; message: string }
  | { type: 'opened'; title: string; artifact: 'predictions' | 'embeddings'; jobRef: string; result: OpenPreviewResult }
  | { type: 'page'; id: number; result: PreviewPageResult }
  | { type: 'stats'; id: number; result: PreviewStatsResult }
  | { type: 'neighbours'; id: number; result: PreviewNeighboursResult }
  | { type: 'exported'; message: string; error?: boolean };

/** The filter operations a preview may ask for (data/preview/previewSql.ts implements each). */
export const PREVIEW_FILTER_OPS = [
  'contains',
  'notContains',
  'equals',
  'notEquals',
  'startsWith',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'isEmpty',
  'notEmpty',
  'isTrue',
  'isFalse',
] as const satisfies readonly FilterOp[];
// Every FilterOp is listed: this line does not compile when one is missing.
const _allOps: FilterOp extends (typeof PREVIEW_FILTER_OPS)[number] ? true : never = true;
void _allOps;

const MAX_TEXT = 1000;
const MAX_FILTERS = 50;
/** Rows a preview page may ask for. */
export const MAX_WEBVIEW_PAGE = 1000;

export function parseGraphDiagramMessage(message: unknown): GraphDiagramMessage | undefined {
  const m = asRecord(message);
  if (m?.type === 'ready') return { type: 'ready' };
  if (m?.type !== 'reveal') return undefined;
  if (m.what === 'table' && isText(m.name)) return { type: 'reveal', what: 'table', name: m.name };
  if (m.what === 'edge' && isCount(m.index)) return { type: 'reveal', what: 'edge', index: m.index };
  return undefined;
}

export function parsePredictionPreviewMessage(message: unknown): PredictionPreviewMessage | undefined {
  const m = asRecord(message);
  switch (m?.type) {
    case 'ready':
    case 'openOutput':
    case 'reopen':
      return { type: m.type };
    case 'page': {
      const view = parseView(m.view);
      if (!view || !isCount(m.id) || !isCount(m.offset) || !isCount(m.limit)) return undefined;
      if (m.limit < 1 || m.limit > MAX_WEBVIEW_PAGE) return undefined;
      return { type: 'page', id: m.id, view, offset: m.offset, limit: m.limit };
    }
    case 'stats': {
      const view = parseView(m.view);
      return view && isCount(m.id) ? { type: 'stats', id: m.id, view } : undefined;
    }
    case 'neighbours':
      if (!isCount(m.id) || !isText(m.entity) || (m.anchor !== undefined && !isText(m.anchor))) return undefined;
      return { type: 'neighbours', id: m.id, entity: m.entity, ...(isText(m.anchor) ? { anchor: m.anchor } : {}) };
    case 'export': {
      const view = parseView(m.view);
      return view ? { type: 'export', view } : undefined;
    }
    default:
      return undefined;
  }
}

export function parseView(value: unknown): PreviewView | undefined {
  const v = asRecord(value);
  if (!v || !Array.isArray(v.filters) || v.filters.length > MAX_FILTERS) return undefined;
  const filters: PreviewFilter[] = [];
  for (const item of v.filters) {
    const f = asRecord(item);
    if (!f || !isText(f.column) || !(PREVIEW_FILTER_OPS as readonly unknown[]).includes(f.op)) return undefined;
    const filter: PreviewFilter = { column: f.column, op: f.op as FilterOp };
    if (typeof f.value === 'number' && Number.isFinite(f.value)) filter.value = f.value;
    else if (isText(f.value, true)) filter.value = f.value;
    else if (f.value !== undefined) return undefined;
    filters.push(filter);
  }
  if (v.sort === undefined) return { filters };
  const sort = asRecord(v.sort);
  if (!sort || !isText(sort.column) || typeof sort.descending !== 'boolean') return undefined;
  return { sort: { column: sort.column, descending: sort.descending }, filters };
}

function isText(value: unknown, emptyAllowed = false): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT && (emptyAllowed || value.length > 0);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
