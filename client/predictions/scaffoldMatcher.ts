import * as vscode from 'vscode';
import type { TrainingModelRef } from '../../protocol/lspExtensions';
import type {
  ScaffoldPlanResult,
  ScaffoldRenderResult,
  ScaffoldSourceChoice,
  ScaffoldTablePlan,
} from '../../protocol/scaffold';
import type { TrainingModels } from './TrainingModels';

/**
 * Where New Inference Graph from Training gets its matches and the graph's text: the language server for files
 * (LanguageServerMatcher), the CLI for a Kumo connector's tables (KumoScaffoldMatcher). The review, the save
 * dialog, the write and the wizard after it are the same for both.
 */
export interface ScaffoldMatcher {
  /** The file the graph goes to unless the user picks another. */
  readonly outputPath: string;
  /** The automatic matches, under a progress notification; undefined when the user cancelled. */
  plan(): Thenable<Pick<ScaffoldPlanResult, 'error' | 'tables'> | undefined>;
  /** The matches and the graph's text with the user's choices, the sources relative to `outputPath`. */
  render(choices: readonly ScaffoldSourceChoice[], outputPath: string): Promise<ScaffoldRenderResult | undefined>;
}

/** The files of a data folder, matched by the language server (`relgraph/scaffold/plan|render`). */
export class LanguageServerMatcher implements ScaffoldMatcher {
  constructor(
    private readonly models: TrainingModels,
    private readonly model: TrainingModelRef,
    private readonly dataFolder: string,
    readonly outputPath: string,
  ) {}

  plan(): Thenable<{ error?: string; tables: ScaffoldTablePlan[] }> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Relgraph: matching the new files…' },
      () => this.models.scaffoldPlan({ model: this.model, dataFolder: this.dataFolder, outputPath: this.outputPath }),
    );
  }

  render(choices: readonly ScaffoldSourceChoice[], outputPath: string): Promise<ScaffoldRenderResult> {
    return this.models.scaffoldRender({
      model: this.model,
      dataFolder: this.dataFolder,
      outputPath,
      choices: [...choices],
    });
  }
}
