import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, type Connection } from 'vscode-languageserver';
import { parseJobRef } from '../../core/jobs/JobRef';
import { specFileGlob, specKindOfPath } from '../../core/spec/specFileNames';
import type { SpecDocumentStore } from '../documents/SpecDocumentStore';
import { uriToPath } from '../documents/specFiles';
import type { DataCheckRunner } from '../validation/DataCheckRunner';
import type { SpecValidationService } from '../validation/SpecValidationService';
import type { WorkspaceLinkTracker } from '../workspace/WorkspaceLinkTracker';

/** File events that matter: specs (cross-file validation), data files (data checks), finished jobs. */
const WATCHED_GLOBS = [specFileGlob(), '**/*.{csv,parquet,CSV,PARQUET}', '**/.relgraph/jobs/*.json'];
const JOB_RECORD = /[/\\]\.relgraph[/\\]jobs[/\\]([^/\\]+)\.json$/;

/**
 * `workspace/didChangeWatchedFiles`: a spec saved or deleted outside the editor re-validates the open
 * specs that read it, a changed data file re-runs the data checks of the specs reading it, a job record
 * (a training finished) re-validates the prediction specs naming that job.
 */
export class WatchedFilesHandler {
  constructor(
    private readonly connection: Connection,
    private readonly documents: SpecDocumentStore,
    private readonly tracker: WorkspaceLinkTracker,
    private readonly validation: SpecValidationService,
    private readonly dataRunner: DataCheckRunner,
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
        if (specKindOfPath(filePath)) {
          if (this.documents.getByPath(filePath)) continue; // the open buffer wins over the disk
          if (change.type === FileChangeType.Deleted) this.tracker.fileDeleted(filePath);
          else this.tracker.fileChanged(filePath);
          this.validation.revalidateDependentsOf(filePath);
        } else if (job) {
          this.jobRecordChanged(job[1], change.type);
        } else {
          for (const reader of this.tracker.links.readersOfDataFile(filePath)) changedData.add(reader);
        }
      }
      this.dataRunner.invalidate([...changedData].filter((spec) => this.documents.getByPath(spec)));
    });
  }

  /**
   * A job record changed (a training may have finished): the specs naming that local job care, and those naming a
   * training spec whose model state may have changed (`model-not-trained`): specs told there is no model yet when
   * a training job changes, and every such spec when a record comes or goes (a job store may have just appeared).
   */
  private jobRecordChanged(fileName: string, type: FileChangeType): void {
    const ref = parseJobRef(path.basename(fileName));
    const links = this.tracker.links;
    const readers = new Set(ref ? links.predictionSpecsOfJob(ref) : links.predictionSpecsOfBackend('local'));
    const training = ref?.backend === 'local' && ref.id.startsWith('trainingjob-');
    const storeChanged = type !== FileChangeType.Changed;
    this.validation.revalidateWhere(
      (state) =>
        readers.has(state.path) ||
        (storeChanged && state.validation.prediction?.trainingJob?.kind === 'spec') ||
        (training && state.validation.diagnostics.some((d) => d.code === 'model-not-trained')),
    );
  }
}
