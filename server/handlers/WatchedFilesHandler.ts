import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Connection } from 'vscode-languageserver';
import type { SpecHost } from '../../core/host/SpecHost';
import { parseJobRef } from '../../core/jobs/JobRef';
import { specFileGlob, specKindOfPath } from '../../core/spec/specFileNames';
import type { SpecDocumentStore } from '../documents/SpecDocumentStore';
import { uriToPath } from '../documents/specFiles';
import type { DataCheckRunner } from '../validation/DataCheckRunner';
import type { SpecState } from '../validation/SpecState';
import type { SpecValidationService } from '../validation/SpecValidationService';
import type { WorkspaceLinkTracker } from '../workspace/WorkspaceLinkTracker';

/** File events that matter: specs (cross-file validation), data files (data checks), finished jobs, pulled Kumo graphs. */
const WATCHED_GLOBS = [
  specFileGlob(),
  '**/*.{csv,parquet,CSV,PARQUET}',
  '**/.relgraph/jobs/*.json',
  '**/.relgraph/kumo/*.json',
];
const JOB_RECORD = /[/\\]\.relgraph[/\\]jobs[/\\]([^/\\]+)\.json$/;
const PULLED_KUMO_GRAPH = /[/\\]\.relgraph[/\\]kumo[/\\]([^/\\]+)\.json$/;

/**
 * `workspace/didChangeWatchedFiles`: a spec saved or deleted outside the editor re-validates the open
 * specs that read it, a changed data file re-runs the data checks of the specs reading it, a job record
 * (a training finished) re-validates the prediction specs naming that job, and so does a Kumo training graph
 * pulled into `.relgraph/kumo/` (`relgraph kumo pull`, in a terminal or by the editor's Kumo connection).
 */
export class WatchedFilesHandler {
  constructor(
    private readonly connection: Connection,
    private readonly documents: SpecDocumentStore,
    private readonly tracker: WorkspaceLinkTracker,
    private readonly validation: SpecValidationService,
    private readonly dataRunner: DataCheckRunner,
    /** Answers whether a training spec has a model (the job store), to see which specs' `model-not-trained` is stale. */
    private readonly host: Pick<SpecHost, 'trainingStatusOf'>,
  ) {}

  /** After `initialized`, when the client lets the server register its own watchers. */
  registerWatchers(): void {
    void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
    });
  }

  listen(): void {
    this.connection.onDidChangeWatchedFiles(({ changes }) => {
      const changedData = new Set<string>();
      for (const change of changes) {
        const filePath = uriToPath(change.uri);
        if (!filePath) continue;
        const job = JOB_RECORD.exec(filePath);
        const pulled = PULLED_KUMO_GRAPH.exec(filePath);
        if (specKindOfPath(filePath)) {
          if (this.documents.getByPath(filePath)) continue; // the open buffer wins over the disk
          if (change.type === FileChangeType.Deleted) this.tracker.fileDeleted(filePath);
          else this.tracker.fileChanged(filePath);
          this.validation.revalidateDependentsOf(filePath);
        } else if (job) {
          this.jobRecordChanged(job[1]);
        } else if (pulled) {
          this.pulledKumoGraphChanged(pulled[1]);
        } else {
          for (const reader of this.tracker.links.readersOfDataFile(filePath)) changedData.add(reader);
        }
      }
      this.dataRunner.invalidate([...changedData].filter((spec) => this.documents.getByPath(spec)));
    });
  }

  /**
   * A job record changed (a training may have finished, a job store may have just appeared): the specs naming that
   * local job re-validate, and so do the specs naming a training spec whose `model-not-trained` no longer says what
   * the job store says. (Not every record write re-validates: records change at every stage of a running job.)
   */
  private jobRecordChanged(fileName: string): void {
    const ref = parseJobRef(path.basename(fileName));
    const links = this.tracker.links;
    const readers = new Set(ref ? links.predictionSpecsOfJob(ref) : links.predictionSpecsOfBackend('local'));
    this.validation.revalidateWhere((state) => readers.has(state.path) || this.modelStateChanged(state));
  }

  /** The specs checked against a Kumo job's pulled graph: those naming the job, and the graph files they use. */
  private pulledKumoGraphChanged(jobId: string): void {
    const links = this.tracker.links;
    const readers = new Set(links.predictionSpecsOfJob({ backend: 'kumo', id: jobId }));
    if (readers.size === 0) return;
    this.validation.revalidateWhere(
      (state) => readers.has(state.path) || links.referrersOf(state.path).some((spec) => readers.has(spec)),
    );
  }

  private modelStateChanged(state: SpecState): boolean {
    const ref = state.validation.prediction?.trainingJob;
    if (ref?.kind !== 'spec') return false;
    const reported = state.validation.diagnostics.find((d) => d.code === 'model-not-trained');
    const status = this.host.trainingStatusOf?.(ref.absolutePath);
    const untrained = status !== undefined && !status.trained;
    if (!reported || !untrained) return !!reported !== untrained;
    return reported.data?.activeJob !== status.activeJob?.id;
  }
}
