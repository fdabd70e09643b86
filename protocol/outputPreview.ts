/**
 * The predictions preview's requests (client -> language server). The client cannot load DuckDB, so a
 * preview is a session in the server, which already has the data tier: `relgraph/preview/open` reads an
 * output (local files, or a Kumo output downloaded once into the user's cache directory), and the
 * page, stats, neighbour and export requests query the whole output there with SQL built from these typed
 * parameters (identifiers quoted, values bound). Nothing but one page of rows ever reaches JavaScript.
 * Typed like the rest of `lspExtensions.ts`; payloads carry `v: 1`.
 */
import { notificationMessage, requestMessage } from './messageTypes';
import type {
  EntityJoin,
  PreviewArtifact,
  PreviewCell,
  PreviewColumn,
  PreviewNeighbour,
  PreviewSummary,
  PreviewView,
} from '../core/preview/PreviewModel';
import type { RELGRAPH_PROTOCOL_VERSION } from './lspExtensions';

export type * from '../core/preview/PreviewModel';

type Version = typeof RELGRAPH_PROTOCOL_VERSION;

/** Where an output is: the same two shapes as backend/JobBackend.ts's JobOutputLocation. */
export type PreviewLocation =
  | { kind: 'files'; format: 'csv' | 'parquet' | 'json'; path: string; files: string[] }
  | { kind: 'presigned-urls'; format: 'parquet'; urls: string[] };

/** What the client knows about the job whose output is previewed (from its record or its backend). */
export interface PreviewJob {
  /** `bp-job-...` (local) or `kumo:<id>`; with the URLs, keys the download cache of a Kumo output. */
  ref: string;
  /** The folder whose `.relgraph/` holds the job's record (Kumo outputs are cached in the user's cache directory). */
  workspace: string;
  /** The prediction spec the job ran: its graph gives the entity table joined beside the predictions. */
  specPath?: string;
  /** The binary classification threshold the job used (its summary), when known. */
  threshold?: number;
  /** The model's local training job, whose summary has the threshold training chose. */
  trainingJobId?: string;
}

export interface OpenPreviewParams {
  v: Version;
  job: PreviewJob;
  artifact: PreviewArtifact;
  location: PreviewLocation;
}

export interface OpenPreviewResult {
  v: Version;
  /** Absent when the preview could not open: `error` says why. */
  session?: string;
  error?: string;
  columns: PreviewColumn[];
  totalRows: number;
  summary?: PreviewSummary;
  /** The entity table joined beside the output, or why none is (`entityProblem`). */
  entity?: EntityJoin;
  entityProblem?: string;
  /** What the user should know first: a threshold that puts nearly all rows on one side, ... */
  warnings: string[];
  /** Where the rows are read from (the output path, or the Kumo cache folder). */
  readFrom: string;
}
/** `relgraph/preview/open`: opens a session over a job's output (refused in Restricted Mode). */
export const OpenPreviewRequest = requestMessage<OpenPreviewParams, OpenPreviewResult>('relgraph/preview/open');

export interface PreviewPageParams {
  v: Version;
  session: string;
  view: PreviewView;
  offset: number;
  /** At most MAX_PREVIEW_PAGE rows. */
  limit: number;
}
export const MAX_PREVIEW_PAGE = 1000;

export interface PreviewPageResult {
  v: Version;
  /** Rows in `columns` order. */
  rows: PreviewCell[][];
  offset: number;
  /** Rows of the whole output that pass the view's filters. */
  total: number;
  error?: string;
}
export const PreviewPageRequest = requestMessage<PreviewPageParams, PreviewPageResult>('relgraph/preview/page');

export interface PreviewStatsParams {
  v: Version;
  session: string;
  view: PreviewView;
}
export interface PreviewStatsResult {
  v: Version;
  /** The summary of the rows that pass the view's filters. */
  summary?: PreviewSummary;
  error?: string;
}
export const PreviewStatsRequest = requestMessage<PreviewStatsParams, PreviewStatsResult>('relgraph/preview/stats');

export interface PreviewExportParams {
  v: Version;
  session: string;
  view: PreviewView;
  /** Absolute path of the CSV file to write (the user chose it); written under a temporary name, then renamed. */
  path: string;
}
export interface PreviewExportResult {
  v: Version;
  rows?: number;
  path?: string;
  error?: string;
}
export const PreviewExportRequest = requestMessage<PreviewExportParams, PreviewExportResult>('relgraph/preview/export');

export interface PreviewNeighboursParams {
  v: Version;
  session: string;
  /** The selected row's ENTITY (as text) and, for temporal outputs, its ANCHOR_TIMESTAMP. */
  entity: string;
  anchor?: string;
  k: number;
}
export interface PreviewNeighboursResult {
  v: Version;
  neighbours: PreviewNeighbour[];
  error?: string;
}
export const PreviewNeighboursRequest = requestMessage<PreviewNeighboursParams, PreviewNeighboursResult>(
  'relgraph/preview/neighbours',
);

export interface ClosePreviewParams {
  v: Version;
  session: string;
}
/** `relgraph/preview/close`: the panel closed; the server drops the session's tables. */
export const ClosePreviewNotification = notificationMessage<ClosePreviewParams>('relgraph/preview/close');
