import * as path from 'node:path';
import type { TrainingModelInfo, TrainingModelRef, SpecTextProblem } from '../../protocol/lspExtensions';
import type { LanguageClientManager } from '../LanguageClientManager';

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
    const name = model.kind === 'spec' ? path.basename(model.path).replace(/\.[^.]+\.ya?ml$/i, '') : model.id;
    return {
      info: { kind: model.kind, ref, name, problem: 'the Relgraph language server is not running' },
      usable: false,
    };
  }

  /** Static diagnostics of a spec text at `file`; undefined when the server cannot say. */
  validateSpecText(file: string, text: string): Promise<SpecTextProblem[] | undefined> {
    return this.clients.validateSpecText(file, text).catch(() => undefined);
  }
}
