import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { SpecDocumentStore } from '../documents/SpecDocumentStore';
import type { ServerStatusReporter } from '../ServerStatusReporter';
import type { DataCheckRunner } from '../validation/DataCheckRunner';
import type { SpecValidationService } from '../validation/SpecValidationService';
import type { WorkspaceLinkTracker } from '../workspace/WorkspaceLinkTracker';

export interface ValidationParts {
  connection: Connection;
  documents: SpecDocumentStore;
  validation: SpecValidationService;
  dataRunner: DataCheckRunner;
  tracker: WorkspaceLinkTracker;
  status: ServerStatusReporter;
  /** The client can be asked to re-request code lenses (their data-check titles change). */
  canRefreshCodeLens: () => boolean;
}

/**
 * How the validation tiers follow the documents and each other: an edit validates the document, a
 * static validation updates the spec links and schedules the data checks, failures and activity reach
 * the status item, and new referrers re-validate the open graph files (they may now be inference graphs).
 */
export function wireValidationEvents(parts: ValidationParts): void {
  const { documents, validation, dataRunner, tracker, status } = parts;
  documents.onDidSpecDocumentChange((doc) => validation.requestValidation(doc.path));
  documents.onDidSpecDocumentClose((doc) => {
    dataRunner.forget(doc.path);
    status.clearProblem(`validate:${doc.path}`);
    status.clearProblem(`data:${doc.path}`);
    validation.close(doc.path, doc.uri);
    // The closed buffer's unsaved text no longer counts: specs that read it see the disk again.
    validation.revalidateDependentsOf(doc.path);
  });
  validation.onDidSpecValidate((state) => {
    tracker.updateFromSpec(state.path, state.validation.spec);
    dataRunner.schedule(state.path);
    status.clearProblem(`validate:${state.path}`);
  });
  validation.onDidValidationFail(({ path: failed, error }) =>
    status.reportProblem(
      `validate:${failed}`,
      'warning',
      `Validating ${path.basename(failed)} failed: ${errorMessage(error)} (see the log)`,
    ),
  );
  dataRunner.onDidDataCheckStateChange((state) => {
    status.setDataChecks(state);
    if (parts.canRefreshCodeLens()) void parts.connection.sendRequest('workspace/codeLens/refresh');
  });
  dataRunner.onDidDataCheckFail(({ path: failed, error }) =>
    status.reportProblem(
      `data:${failed}`,
      'warning',
      `Data checks of ${path.basename(failed)} failed: ${errorMessage(error)} (see the log)`,
    ),
  );
  dataRunner.onDidDataCheckComplete((done) => status.clearProblem(`data:${done}`));
  tracker.onDidLinksChange(() => {
    for (const doc of documents.all()) if (doc.kind === 'graph') validation.requestValidation(doc.path);
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
