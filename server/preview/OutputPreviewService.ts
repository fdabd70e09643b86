import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SpecHost } from '../../core/host/SpecHost';
import type { PreviewSummary, PreviewView } from '../../core/preview/PreviewModel';
import { parseJobRef } from '../../core/jobs/JobRef';
import type { OutputPreviewSessions, PreviewInput } from '../../data/preview/OutputPreviewSessions';
import type { SourceAccessPolicy } from '../../data/SourceAccessPolicy';
import { resolveTableSource } from '../../data/TableSource';
import { sourceFormatOf, type SourceFormat } from '../../data/sourceScan';
import {
  type OpenPreviewParams,
  type OpenPreviewResult,
  type PreviewCell,
  type PreviewLocation,
  type PreviewNeighbour,
} from '../../protocol/outputPreview';
import { RELGRAPH_PROTOCOL_VERSION } from '../../protocol/lspExtensions';
import type { SpecWorkspace } from '../workspace/SpecWorkspace';

const v = RELGRAPH_PROTOCOL_VERSION;

export const RESTRICTED_MESSAGE =
  'This workspace is not trusted (Restricted Mode): Relgraph reads no data here. Trust the folder to preview outputs.';

/** At most this many files of one output are read (a partitioned output has one per worker partition). */
const MAX_OUTPUT_FILES = 10_000;

export interface OutputPreviewServiceOptions {
  trusted: () => boolean;
  workspace: SpecWorkspace;
  host: SpecHost;
  /** The same policy as the data checks: files inside the spec's workspace folder, unless the user allowed more. */
  sourceAccess: SourceAccessPolicy;
  /** The data tier's preview sessions, loaded on first use (DuckDB). */
  sessions: () => Promise<OutputPreviewSessions>;
  /** The Kumo download cache in the user's cache directory (server/preview/previewDataTier.ts). */
  downloadKumoOutput?: (
    jobId: string,
    artifact: 'predictions' | 'embeddings',
    urls: readonly string[],
    signal?: AbortSignal,
  ) => Promise<{ folder: string; files: string[] }>;
  /** The threshold a local training job chose (data/preview/trainingThreshold.ts). */
  trainingThreshold: (workspace: string, jobId: string) => number | undefined;
}

/** A request the service refuses, with the sentence the user sees. */
export class PreviewRefusal extends Error {}

/**
 * The predictions preview in the language server: checks what the client asks to read (trust, the files'
 * place and kind, a Kumo job id before it names a cache folder), finds the entity table of the job's
 * prediction spec, and runs the queries through the data tier's preview sessions.
 */
export class OutputPreviewService {
  constructor(private readonly options: OutputPreviewServiceOptions) {}

  async open(params: OpenPreviewParams, signal?: AbortSignal): Promise<OpenPreviewResult> {
    const empty = { v, columns: [], totalRows: 0, warnings: [], readFrom: '' };
    try {
      if (!this.options.trusted()) throw new PreviewRefusal(RESTRICTED_MESSAGE);
      const { job, artifact } = params;
      if (typeof job?.workspace !== 'string' || !path.isAbsolute(job.workspace))
        throw new PreviewRefusal('the job has no workspace folder');
      const output = await this.outputFiles(params, signal);
      const specPath = typeof job.specPath === 'string' && path.isAbsolute(job.specPath) ? job.specPath : undefined;
      const entity = artifact === 'predictions' && specPath ? this.entityTable(specPath) : undefined;
      const trainingThreshold =
        typeof job.trainingJobId === 'string'
          ? this.options.trainingThreshold(job.workspace, job.trainingJobId)
          : undefined;
      const input: PreviewInput = {
        files: output.files,
        format: output.format,
        ...(entity && 'files' in entity ? { entity } : {}),
        facts: {
          ...(isThreshold(job.threshold) ? { threshold: job.threshold } : {}),
          ...(trainingThreshold !== undefined ? { trainingThreshold } : {}),
        },
      };
      const sessions = await this.options.sessions();
      const opened = await sessions.openOutput(input, signal);
      return {
        v,
        session: opened.session,
        columns: opened.columns,
        totalRows: opened.totalRows,
        summary: opened.summary,
        ...(opened.entity ? { entity: opened.entity } : {}),
        ...(opened.entityProblem || (entity && 'problem' in entity)
          ? { entityProblem: opened.entityProblem ?? (entity as { problem: string }).problem }
          : {}),
        warnings: opened.warnings,
        readFrom: output.readFrom,
      };
    } catch (error) {
      return { ...empty, error: messageOf(error) };
    }
  }

  async page(session: string, view: PreviewView, offset: number, limit: number, signal?: AbortSignal) {
    const sessions = await this.trustedSessions();
    return sessions.page(session, checkedView(view), offset, limit, signal);
  }

  async stats(session: string, view: PreviewView, signal?: AbortSignal): Promise<PreviewSummary> {
    const sessions = await this.trustedSessions();
    return sessions.stats(session, checkedView(view), signal);
  }

  async exportCsv(session: string, view: PreviewView, file: string, signal?: AbortSignal): Promise<number> {
    if (typeof file !== 'string' || !path.isAbsolute(file) || !/\.csv$/i.test(file))
      throw new PreviewRefusal('export to an absolute path of a .csv file');
    const sessions = await this.trustedSessions();
    return sessions.exportCsv(session, checkedView(view), file, signal);
  }

  async neighbours(
    session: string,
    entity: PreviewCell,
    anchor: PreviewCell | undefined,
    k: number,
    signal?: AbortSignal,
  ): Promise<PreviewNeighbour[]> {
    const sessions = await this.trustedSessions();
    if (typeof entity !== 'string') throw new PreviewRefusal('select a row to find its neighbours');
    return sessions.neighbours(
      session,
      { entity, ...(typeof anchor === 'string' ? { anchor } : {}) },
      Math.floor(Number(k)),
      signal,
    );
  }

  async close(session: string): Promise<void> {
    if (typeof session !== 'string') return;
    const sessions = await this.options.sessions().catch(() => undefined);
    await sessions?.close(session);
  }

  private async trustedSessions(): Promise<OutputPreviewSessions> {
    if (!this.options.trusted()) throw new PreviewRefusal(RESTRICTED_MESSAGE);
    return this.options.sessions();
  }

  /** The files to read: a local output's (checked), or a Kumo output's cached download. */
  private async outputFiles(
    params: OpenPreviewParams,
    signal?: AbortSignal,
  ): Promise<{ files: string[]; format: SourceFormat; readFrom: string }> {
    const location: PreviewLocation = params.location;
    const { job, artifact } = params;
    if (artifact !== 'predictions' && artifact !== 'embeddings')
      throw new PreviewRefusal(`'${String(artifact)}' is not an output the preview reads`);
    if (location?.kind === 'presigned-urls') {
      const ref = parseJobRef(String(job.ref));
      if (ref?.backend !== 'kumo') throw new PreviewRefusal('presigned URLs come from Kumo jobs only');
      if (!Array.isArray(location.urls) || !location.urls.every(isHttpUrl))
        throw new PreviewRefusal('the output URLs are not http(s) URLs');
      if (!this.options.downloadKumoOutput) throw new PreviewRefusal('Kumo outputs cannot be downloaded here');
      const cached = await this.options.downloadKumoOutput(ref.id, artifact, location.urls, signal);
      return { files: cached.files, format: 'parquet', readFrom: cached.folder };
    }
    if (location?.kind !== 'files' || !Array.isArray(location.files))
      throw new PreviewRefusal('the output location is not a list of files');
    if (location.format === 'json') throw new PreviewRefusal('JSON outputs are not previewed: open the file instead');
    if (location.files.length === 0) throw new PreviewRefusal('the job recorded no files for this output');
    if (location.files.length > MAX_OUTPUT_FILES) throw new PreviewRefusal('the output has too many files to preview');
    const owner = typeof job.specPath === 'string' ? job.specPath : path.join(job.workspace, 'job');
    for (const file of location.files) {
      if (typeof file !== 'string' || !path.isAbsolute(file))
        throw new PreviewRefusal('an output file is not absolute');
      if (sourceFormatOf(file) !== location.format)
        throw new PreviewRefusal(`${file} is not a ${location.format} file`);
      if (!isFile(file)) throw new PreviewRefusal(`${file} does not exist any more (was the output moved or deleted?)`);
      const refusal = this.options.sourceAccess.refusal(owner, file);
      if (refusal) throw new PreviewRefusal(`${file} is outside ${refusal.folder}. ${refusal.howToAllow}`);
    }
    return {
      files: location.files,
      format: location.format,
      readFrom: typeof location.path === 'string' ? location.path : location.files[0],
    };
  }

  /** The query's entity table in the prediction spec's graph, as the spec reads today. */
  private entityTable(specPath: string): PreviewInput['entity'] | { problem: string } {
    const validation = this.options.workspace.validationOf(specPath);
    const entity = validation?.query?.entity;
    if (!validation || !entity) return { problem: `${path.basename(specPath)} has no readable query any more` };
    const table = validation.graph?.tables.find((t) => t.name === entity.table);
    if (!table) return { problem: `the graph of ${path.basename(specPath)} has no table ${entity.table}` };
    if (!table.sourcePath) return { problem: `${entity.table} has no local source (a connector table)` };
    const source = resolveTableSource(this.options.host, table.sourcePath);
    if (source.problem || !source.format) return { problem: `${entity.table}: ${source.problem ?? 'unreadable'}` };
    const files = source.files.map((f) => f.path);
    const graphFile = validation.graph?.path ?? specPath;
    const refused = files.find((file) => this.options.sourceAccess.refusal(graphFile, file));
    if (refused) return { problem: `${entity.table}'s source is outside the workspace folder` };
    return { table: table.name, key: table.primaryKey?.value ?? entity.column, files, format: source.format };
  }
}

function checkedView(view: PreviewView): PreviewView {
  if (typeof view !== 'object' || view === null || !Array.isArray(view.filters))
    throw new PreviewRefusal('the view has no filter list');
  return view;
}

function isThreshold(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
