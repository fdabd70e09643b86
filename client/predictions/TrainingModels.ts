import type * as vscode from 'vscode';
import * as path from 'node:path';
import type { TrainingModelInfo, TrainingModelRef, SpecTextProblem } from '../../protocol/lspExtensions';
import type {
  ScaffoldPlanParams,
  ScaffoldPlanResult,
  ScaffoldRenderParams,
  ScaffoldRenderResult,
} from '../../protocol/scaffold';
import { withoutSpecSuffix } from '../../protocol/specFiles';
import type { LanguageClientManager } from '../LanguageClientManager';

const NOT_RUNNING = 'the Relgraph language server is not running';

/** A model as the wizard knows it: what it is, and whether validation can resolve it. */
export interface DescribedModel {
  info: TrainingModelInfo;
  usable: boolean;
}

/**
 * The wizard's questions about models and spec texts, answered by the language server (the same
 * validation `relgraph validate` runs); the client itself reads no spec or job record.
 */
export class TrainingModels {
  constructor(private readonly clients: LanguageClientManager) {}

  async describe(model: TrainingModelRef): Promise<DescribedModel> {
    const result = await this.clients.describeTrainingModel(model).catch(() => undefined);
    if (result) return { info: result.info, usable: result.usable };
    const ref = model.kind === 'spec' ? model.path : model.id;
    const name = model.kind === 'spec' ? withoutSpecSuffix(path.basename(model.path)) : model.id;
    return {
      info: { kind: model.kind, ref, name, problem: NOT_RUNNING },
      usable: false,
    };
  }

  /** What a spec document is and which model it names. */
  specInfo(uri: vscode.Uri) {
    return this.clients.specInfo(uri).catch(() => undefined);
  }

  /** The automatic match of a data folder's files to the model's training tables, computed by the server. */
  async scaffoldPlan(params: Omit<ScaffoldPlanParams, 'v'>): Promise<ScaffoldPlanResult> {
    const result = await this.clients.scaffoldPlan(params);
    return result ?? { v: 1, error: NOT_RUNNING, tables: [] };
  }

  /** The inference graph text with the user's choices. */
  async scaffoldRender(params: Omit<ScaffoldRenderParams, 'v'>): Promise<ScaffoldRenderResult> {
    const result = await this.clients.scaffoldRender(params);
    return result ?? { v: 1, error: NOT_RUNNING, tables: [] };
  }

  /** Static diagnostics of a spec text at `file`; undefined when the server cannot say. */
  validateSpecText(file: string, text: string): Promise<SpecTextProblem[] | undefined> {
    return this.clients.validateSpecText(file, text).catch(() => undefined);
  }
}
