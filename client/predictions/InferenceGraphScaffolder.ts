import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainingModelRef } from '../../protocol/lspExtensions';
import type { ScaffoldSourceChoice, ScaffoldTablePlan } from '../../protocol/scaffold';
import { specFileName, specKindOfPath } from '../../protocol/specFiles';
import type { JobsModel } from '../jobs/JobsModel';
import { MultiStepInput, type StepHeader } from './MultiStepInput';
import type { PredictionSpecWizard } from './PredictionSpecWizard';
import { KumoScaffoldMatcher, type KumoScaffoldDependencies } from './KumoScaffoldMatcher';
import { LanguageServerMatcher, type ScaffoldMatcher } from './scaffoldMatcher';
import { pickSource, reviewTables } from './scaffoldReview';
import { TrainingModelPicker, type ModelChoice } from './TrainingModelPicker';
import type { TrainingModels } from './TrainingModels';

const TITLE = 'New Inference Graph from Training';

/** The model and where its new graph goes: beside the training spec, or the file a prediction spec names. */
interface Start {
  model: ModelChoice;
  /** A local model, matched against files by the language server; absent for a Kumo model (its connector's tables). */
  ref?: TrainingModelRef;
  /** The missing graph file a prediction spec names (the quick fix): written there, no wizard after. */
  graphFile?: string;
  /** What the New Prediction Spec wizard is started with afterwards (a training spec URI, a job id, `kumo:<id>`). */
  wizardArg?: unknown;
  /** A prediction spec without `graph:` (the refactoring on it): the new graph is linked into it. */
  linkInto?: vscode.Uri;
}

/**
 * "Relgraph: New Inference Graph from Training…": the training graph's tables, keys and edges, with each
 * table's `source` matched among the files of a folder the user picks (by the language server) or, for a Kumo
 * model, among the source tables of a Kumo connector (by the CLI, KumoScaffoldMatcher): the same code as
 * `relgraph scaffold inference-graph`. The user reviews and corrects the matches in a quick pick, picks where to
 * save (never overwriting silently), and the New Prediction Spec wizard then continues with the new graph
 * preselected.
 */
export class InferenceGraphScaffolder {
  private readonly input = new MultiStepInput();
  private readonly picker: TrainingModelPicker;

  constructor(
    private readonly jobs: JobsModel,
    private readonly models: TrainingModels,
    private readonly wizard: PredictionSpecWizard,
    private readonly kumo: Omit<KumoScaffoldDependencies, 'input'>,
  ) {
    this.picker = new TrainingModelPicker(jobs, this.input, models);
  }

  /**
   * `arg`: a training spec URI (explorer, code lens), a finished training job's node or id (Jobs view);
   * or a prediction spec URI and the graph file it names that does not exist (the quick fix).
   */
  async run(arg?: unknown, graphFile?: unknown): Promise<vscode.Uri | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        "New Inference Graph from Training reads the new data files (or runs the CLI for a Kumo connector's tables) to match them to the training tables: trust the workspace first (Restricted Mode reads no data).",
      );
      return undefined;
    }
    const start = await this.start(arg, typeof graphFile === 'string' ? graphFile : undefined);
    if (!start) return undefined;
    const matcher = await this.matcher(start);
    if (!matcher) return undefined;

    const plan = await matcher.plan();
    if (!plan) return undefined;
    if (plan.error) {
      void vscode.window.showErrorMessage(`Relgraph: ${plan.error}`);
      return undefined;
    }
    const choices = await this.review(plan.tables, matcher);
    if (!choices) return undefined;

    const file = start.graphFile ?? (await this.askOutput(matcher.outputPath));
    if (!file) return undefined;
    const rendered = await matcher.render(choices, file);
    if (!rendered) return undefined;
    if (rendered.error || rendered.text === undefined) {
      void vscode.window.showErrorMessage(`Relgraph: ${rendered.error ?? 'no graph text'}`);
      return undefined;
    }
    const uri = await write(file, rendered.text, start.graphFile === undefined);
    if (!uri) return undefined;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const gaps = rendered.tables.filter((t) => t.status !== 'matched' || t.problems.length > 0).length;
    const summary = `Wrote ${path.basename(file)}: ${rendered.tables.length - gaps} of ${rendered.tables.length} tables matched cleanly${gaps ? `; ${gaps} to fix (commented in the file)` : ''}.`;
    if (start.linkInto) await linkGraph(start.linkInto, file);
    if (start.graphFile) {
      void vscode.window.showInformationMessage(
        start.linkInto ? `${summary} ${path.basename(start.linkInto.fsPath)} now predicts on it.` : summary,
      );
      return uri;
    }
    void vscode.window.showInformationMessage(`${summary} Continuing with a prediction spec on it.`);
    await this.wizard.run(start.wizardArg, file);
    return uri;
  }

  private async start(arg: unknown, graphFile: string | undefined): Promise<Start | undefined> {
    const uri =
      arg instanceof vscode.Uri
        ? arg
        : typeof arg === 'string' && /^file:/.test(arg)
          ? vscode.Uri.parse(arg)
          : undefined;
    if (uri && specKindOfPath(uri.fsPath) === 'prediction') return this.fromPredictionSpec(uri, graphFile);
    const preset = await this.picker.fromArgument(uri ?? arg);
    const model = preset ?? (await this.pickModel());
    if (!model) return undefined;
    return this.withRef(model);
  }

  /** Files of a folder the user picks (a local model), or the tables of a Kumo connector (a Kumo model). */
  private async matcher(start: Start): Promise<ScaffoldMatcher | undefined> {
    const outputPath = start.graphFile ?? defaultOutput(start.model);
    if (!start.ref) {
      const model = { jobId: start.model.info.ref, folder: start.model.folder, outputPath };
      return KumoScaffoldMatcher.create({ ...this.kumo, input: this.input }, model, TITLE);
    }
    const dataFolder = await this.askDataFolder(start.model.folder);
    return dataFolder ? new LanguageServerMatcher(this.models, start.ref, dataFolder, outputPath) : undefined;
  }

  private async pickModel(): Promise<ModelChoice | undefined> {
    for (;;) {
      const picked = await this.picker.pick({ title: TITLE, step: 1, totalSteps: 1 }, undefined);
      if (picked === 'stay') continue;
      return typeof picked === 'string' ? undefined : picked.value;
    }
  }

  private withRef(model: ModelChoice): Start | undefined {
    const { info } = model;
    if (info.kind === 'spec') {
      return { model, ref: { kind: 'spec', path: info.ref }, wizardArg: vscode.Uri.file(info.ref) };
    }
    // Kumo reads its tables through connectors: a connector's tables are matched (KumoScaffoldMatcher).
    if (info.kind === 'kumo') return { model, wizardArg: `kumo:${info.ref}` };
    const job = this.jobs.find(info.ref);
    if (!job) {
      void vscode.window.showWarningMessage(
        `Training job ${info.ref} is not in the Jobs view: refresh it, or pick the training spec.`,
      );
      return undefined;
    }
    return { model, ref: { kind: 'local-job', id: job.record.id, workspace: job.workspace }, wizardArg: job.record.id };
  }

  /** The quick fix: the model the prediction spec names, the graph written where its `graph:` points. */
  private async fromPredictionSpec(uri: vscode.Uri, graphFile: string | undefined): Promise<Start | undefined> {
    const info = await this.models.specInfo(uri);
    const model = info?.trainingSpecPath
      ? await this.picker.fromArgument(vscode.Uri.file(info.trainingSpecPath))
      : info?.trainingJobId
        ? await this.picker.fromArgument(
            info.trainingJobBackend === 'kumo' ? `kumo:${info.trainingJobId}` : info.trainingJobId,
          )
        : undefined;
    if (!model) {
      void vscode.window.showWarningMessage(
        `${path.basename(uri.fsPath)} names no trained model Relgraph can read (training_job): fix it first.`,
      );
      return undefined;
    }
    const start = this.withRef({ ...model, folder: path.dirname(uri.fsPath) });
    if (!start) return undefined;
    // No graph file named: the spec predicts on the training graph; the new one is written beside it and linked.
    if (graphFile === undefined) return { ...start, graphFile: defaultOutput(start.model), linkInto: uri };
    return { ...start, graphFile };
  }

  private async askDataFolder(near: string): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
      title: `${TITLE}: the folder of the new data files`,
      defaultUri: vscode.Uri.file(near),
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Match Files in This Folder',
    });
    return picked?.[0]?.fsPath;
  }

  /** The user's corrections, table by table, until they write; undefined when they close the pick. */
  private async review(
    initial: readonly ScaffoldTablePlan[],
    matcher: ScaffoldMatcher,
  ): Promise<ScaffoldSourceChoice[] | undefined> {
    const choices = new Map<string, string | null>();
    let tables = initial;
    const header: StepHeader = { title: TITLE, step: 1, totalSteps: 2 };
    for (;;) {
      const reviewed = await reviewTables(this.input, header, tables);
      if (typeof reviewed === 'string') return undefined;
      if (reviewed.value.kind === 'write') return [...choices].map(([table, source]) => ({ table, source }));
      const source = await pickSource(this.input, { ...header, step: 2 }, reviewed.value.table);
      if (source === 'cancel') return undefined;
      if (source === 'back') continue;
      const tried = new Map(choices).set(source.value.table, source.value.source);
      const rendered = await matcher.render(
        [...tried].map(([table, chosen]) => ({ table, source: chosen })),
        matcher.outputPath,
      );
      // Cancelled or refused: the review stays as it was.
      if (rendered?.error) void vscode.window.showErrorMessage(`Relgraph: ${rendered.error}`);
      else if (rendered) {
        choices.set(source.value.table, source.value.source);
        tables = rendered.tables;
      }
    }
  }

  private async askOutput(suggested: string): Promise<string | undefined> {
    const picked = await vscode.window.showSaveDialog({
      title: `${TITLE}: save the inference graph`,
      defaultUri: vscode.Uri.file(suggested),
      // 'yaml', not 'graph.yaml': dialogs compare the last extension and would append another.
      filters: { 'Relgraph graph spec (*.graph.yaml)': ['yaml'] },
      saveLabel: 'Write Graph',
    });
    if (!picked) return undefined;
    if (specKindOfPath(picked.fsPath) !== 'graph') {
      void vscode.window.showErrorMessage(
        `${path.basename(picked.fsPath)}: a graph spec must be named *.graph.yaml (Relgraph tells spec kinds by their suffix).`,
      );
      return undefined;
    }
    return picked.fsPath;
  }
}

/** `<name>-inference.graph.yaml` beside the model's spec, as the CLI names it; `-2`, `-3`… when taken. */
function defaultOutput(model: ModelChoice): string {
  const base = path.join(model.folder, `${model.info.name}-inference`);
  for (let n = 1; ; n++) {
    const file = specFileName(`${base}${n === 1 ? '' : `-${n}`}`, 'graph');
    if (!fs.existsSync(file)) return file;
  }
}

/**
 * Adds `graph: <file>` to a prediction spec that had none (after its `training_job:` line, else at its end) and
 * saves the spec, so that a run and the checks read the same text.
 */
async function linkGraph(spec: vscode.Uri, graphFile: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(spec);
  const relative = path.relative(path.dirname(spec.fsPath), graphFile).split(path.sep).join('/');
  const lines = document.getText().split(/\r?\n/);
  const after = lines.findIndex((line) => /^training_job\s*:/.test(line));
  const line = after >= 0 ? after + 1 : document.lineCount;
  const prefix = after < 0 && document.lineCount > 0 && lines[lines.length - 1] !== '' ? '\n' : '';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(spec, new vscode.Position(line, 0), `${prefix}graph: ${relative}\n`);
  if (await vscode.workspace.applyEdit(edit)) await document.save();
}

/**
 * Writes the graph. A file the user chose in the save dialog replaces what is there (the dialog asked);
 * the quick fix's file (the spec's missing `graph:`) is never replaced if it appeared meanwhile.
 */
async function write(file: string, text: string, chosenInDialog: boolean): Promise<vscode.Uri | undefined> {
  if (!chosenInDialog && fs.existsSync(file)) {
    void vscode.window.showWarningMessage(`${path.basename(file)} exists now: nothing was written.`);
    return undefined;
  }
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temporary, text, { flag: 'wx' });
    await fs.promises.rename(temporary, file);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not write ${file}: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
  return vscode.Uri.file(file);
}
