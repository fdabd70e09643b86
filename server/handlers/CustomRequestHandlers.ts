import type { Connection } from 'vscode-languageserver';
import type { SpecHost } from '../../core/host/SpecHost';
import {
  DescribeTrainingModelRequest,
  DidChangeTrustNotification,
  GraphModelRequest,
  RELGRAPH_PROTOCOL_VERSION,
  RunDataChecksRequest,
  SpecInfoRequest,
  ValidateSpecTextRequest,
  type DescribeTrainingModelResult,
  type RunDataChecksResult,
  type TrainingModelRef,
} from '../../protocol/lspExtensions';
import { notificationType, requestType } from '../protocolTypes';
import type { SpecDocumentStore } from '../documents/SpecDocumentStore';
import { SpecModelRequests } from '../features/custom/SpecModelRequests';
import {
  describeTrainingJob,
  describeTrainingSpec,
  isUsableTrainingJob,
  validateSpecText,
} from '../features/custom/trainingModels';
import { guard } from '../handlerGuard';
import type { ServerSettings } from '../ServerSettings';
import type { DataCheckRunner } from '../validation/DataCheckRunner';
import type { SpecValidationService } from '../validation/SpecValidationService';
import type { SpecWorkspace } from '../workspace/SpecWorkspace';
import type { SettingsHandler } from './SettingsHandler';

const v = RELGRAPH_PROTOCOL_VERSION;

/**
 * Relgraph's own requests (protocol/lspExtensions.ts), each behind a guard that logs a failure and
 * answers with an empty result: the status item, the diagram, "Validate data" and the spec wizard.
 */
export class CustomRequestHandlers {
  private readonly models: SpecModelRequests;

  constructor(
    private readonly connection: Connection,
    private readonly documents: SpecDocumentStore,
    private readonly workspace: SpecWorkspace,
    private readonly validation: SpecValidationService,
    private readonly dataRunner: DataCheckRunner,
    private readonly host: SpecHost,
    private readonly settings: SettingsHandler,
  ) {
    this.models = new SpecModelRequests(workspace, settings.current);
  }

  register(): void {
    const log = this.connection.console;
    this.connection.onRequest(
      requestType(SpecInfoRequest),
      guard(log, 'Spec info', { v, errors: 0, warnings: 0, dataChecks: { state: 'not-run' as const } }, (p) =>
        this.models.specInfo(p.uri),
      ),
    );
    this.connection.onRequest(
      requestType(GraphModelRequest),
      guard(log, 'Graph model', { v, tables: [], edges: [], missingTrainingTables: [] }, (p) =>
        this.models.graphModel(p.uri),
      ),
    );
    this.connection.onRequest(
      requestType(RunDataChecksRequest),
      guard(log, 'Data checks', { v, started: false, reason: 'internal error' }, (p) => this.runDataChecks(p.uri)),
    );
    this.connection.onRequest(
      requestType(DescribeTrainingModelRequest),
      guard(
        log,
        'Describe training model',
        { v, info: { kind: 'spec' as const, ref: '', name: '', problem: 'internal error' }, usable: false },
        (p) => this.describeTrainingModel(p.model),
      ),
    );
    this.connection.onRequest(
      requestType(ValidateSpecTextRequest),
      guard(log, 'Validate spec text', { v, diagnostics: [] }, (p) => ({
        v,
        diagnostics: validateSpecText(p.path, p.text, this.host).map(({ code, severity, message, range }) => ({
          code,
          severity,
          message,
          range,
        })),
      })),
    );
    this.connection.onNotification(notificationType(DidChangeTrustNotification), (p) => {
      if (typeof p?.trusted === 'boolean') this.settings.setTrusted(p.trusted);
    });
  }

  /** "Validate data" (the command and the code lens): the data checks of an open spec, now. */
  async runDataChecks(uri: string): Promise<RunDataChecksResult> {
    const doc = this.documents.get(uri);
    if (!doc) return { v, started: false, reason: 'the file is not an open Relgraph spec' };
    const settings: ServerSettings = this.settings.current();
    if (!settings.trusted) {
      return {
        v,
        started: false,
        reason: 'the workspace is not trusted (Restricted Mode): only the static checks run, no data is read',
      };
    }
    if (!settings.dataChecks.enabled) {
      return { v, started: false, reason: 'data checks are off (relgraph.dataChecks.enabled)' };
    }
    this.validation.fresh(doc.path);
    const count = await this.dataRunner.runNow(doc.path);
    return { v, started: true, diagnostics: count };
  }

  private describeTrainingModel(model: TrainingModelRef): DescribeTrainingModelResult {
    if (model.kind === 'spec') {
      const info = describeTrainingSpec(model.path, this.host);
      return { v, info, usable: info.problem !== 'not a training spec' };
    }
    const job = { id: model.id, workspace: model.workspace };
    return { v, info: describeTrainingJob(job), usable: isUsableTrainingJob(job, this.host) };
  }
}
