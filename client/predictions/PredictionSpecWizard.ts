import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RelgraphCommands } from '../../protocol/commands';
import type { JobsModel } from '../jobs/JobsModel';
import { MultiStepInput, type StepHeader, type StepResult } from './MultiStepInput';
import * as draftRules from './predictionSpecDraft';
import type { DestinationType, FileLayout, PredictionSpecDraft, WizardStep, WriteMode } from './predictionSpecDraft';
import { predictionSpecYaml } from './predictionSpecYaml';
import type { TrainingModelInfo } from '../../protocol/lspExtensions';
import { specFileGlob, specFileName } from '../../protocol/specFiles';
import { SPEC_SEARCH_EXCLUDE } from '../specDocuments';
import type { TrainingModels } from './TrainingModels';
import { TrainingModelPicker, type ModelChoice } from './TrainingModelPicker';

const TITLE = 'New Prediction Spec';
const exists = (file: string) => fs.existsSync(file);

type Draft = Partial<PredictionSpecDraft>;
type Outcome = 'next' | 'back' | 'stay' | 'cancel';

/**
 * "Relgraph: New Prediction Spec": asks for every batch-prediction setting Kumo has (only those the
 * model's task uses), then writes `<name>.prediction.yaml` next to the training spec, opens it, and
 * offers to run it. The spec file is the result, not hidden wizard state: it can be edited and re-run.
 * Which steps apply, how answers are checked and the YAML are pure functions (predictionSpecDraft,
 * predictionSpecYaml); this class only asks.
 */
export class PredictionSpecWizard {
  private readonly input = new MultiStepInput();
  private readonly models: TrainingModelPicker;

  constructor(
    model: JobsModel,
    private readonly trainingModels: TrainingModels,
  ) {
    this.models = new TrainingModelPicker(model, this.input, trainingModels);
  }

  /**
   * `arg`: a training spec URI, a finished training job's node or id, to start from that model.
   * `graphPath`: the inference graph to preselect (New Inference Graph from Training continues here).
   */
  async run(arg?: unknown, graphPath?: string): Promise<vscode.Uri | undefined> {
    const draft: Draft = { outputTypes: ['predictions'], numWorkers: 1, ...(graphPath ? { graphPath } : {}) };
    const preset = await this.models.fromArgument(arg);
    if (preset) this.setTraining(draft, preset);
    for (let index = preset ? 1 : 0; ; ) {
      const steps = draftRules.wizardSteps(draft);
      if (index < 0) return undefined;
      if (index >= steps.length) break;
      const outcome = await this.ask(steps[index], draft, { title: TITLE, step: index + 1, totalSteps: steps.length });
      if (outcome === 'cancel') return undefined;
      index += outcome === 'back' ? -1 : outcome === 'stay' ? 0 : 1;
    }
    return this.write(draft as PredictionSpecDraft);
  }

  private ask(step: WizardStep, d: Draft, h: StepHeader): Promise<Outcome> {
    const t = d.training!;
    switch (step) {
      case 'training':
        return this.askTraining(d, h);
      case 'kumoTask':
        return this.askKumoTask(d, h);
      case 'name':
        return this.text(h, {
          prompt: 'Name of the spec file and of its outputs (<name>_predictions, <name>_embeddings)',
          value: d.name ?? draftRules.defaultSpecName(t.name, d.folder!, exists),
          validate: (v) => draftRules.validateSpecName(v.trim(), d.folder!, exists),
          set: (v) => (d.name = v),
        });
      case 'graph':
        return this.askGraph(d, h);
      case 'anchorTime':
        return this.text(h, {
          prompt: 'Anchor time: predictions are made as of this time (features see rows dated at or before it)',
          placeholder: "Blank: the latest timestamp in the target's fact table, e.g. 2010-01-01",
          value: d.anchorTime ?? '',
          validate: draftRules.validateAnchorTime,
          set: (v) => (d.anchorTime = v || undefined),
        });
      case 'predictionTable':
        return this.askPredictionTable(d, h);
      case 'threshold':
        return this.text(h, {
          prompt: 'Binary classification threshold: TARGET_PRED is true at or above this probability (required)',
          value: String(d.binaryThreshold ?? 0.5),
          validate: draftRules.validateThreshold,
          set: (v) => (d.binaryThreshold = Number(v)),
        });
      case 'numClasses':
        return this.text(h, {
          prompt: 'Classes (or items) to return per entity, best first',
          placeholder: 'Blank: as the query says (RANK TOP K), else the engine default',
          value: d.numClassesToReturn === undefined ? '' : String(d.numClassesToReturn),
          validate: draftRules.validateNumClasses,
          set: (v) => (d.numClassesToReturn = v ? Number(v) : undefined),
        });
      case 'outputTypes':
        return this.result(
          this.input.pickMany(h, {
            placeholder: 'Outputs to write (each is a separate artifact)',
            selected: d.outputTypes,
            items: [
              { label: 'predictions', description: 'scores per entity (<name>_predictions)', value: 'predictions' },
              { label: 'embeddings', description: 'one vector per entity (<name>_embeddings)', value: 'embeddings' },
            ],
          }),
          (v) => (d.outputTypes = v as draftRules.OutputType[]),
        );
      case 'destinationType':
        return this.askDestinationType(d, h);
      case 'fileLayout':
        return this.askFileLayout(d, h);
      case 'path': {
        const dest = d.destination as { type: 'local' | 's3'; layout: FileLayout; path: string };
        const fits = dest.path && !draftRules.validateDestinationPath(dest.type, dest.layout, dest.path);
        return this.text(h, {
          prompt:
            dest.type === 'local'
              ? 'Output path, relative to the spec; the output type is appended (out/x.csv -> out/x_predictions.csv)'
              : 'S3 URI; the output type is appended to the name',
          value: fits ? dest.path : draftRules.defaultDestinationPath(dest.type, dest.layout, d.name!),
          validate: (v) => draftRules.validateDestinationPath(dest.type, dest.layout, v),
          set: (v) => (dest.path = v),
        });
      }
      case 'connector': {
        const dest = d.destination as { connector: string };
        return this.text(h, {
          prompt: 'The Kumo connector to write through (its name in Kumo)',
          value: dest.connector,
          validate: draftRules.validateConnector,
          set: (v) => (dest.connector = v),
        });
      }
      case 'table': {
        const dest = d.destination as { type: 'snowflake' | 'bigquery' | 'databricks'; table: string };
        return this.text(h, {
          prompt: `Output table name${dest.type === 'databricks' ? ' (schema.table)' : ''}; _predictions / _embeddings are appended`,
          value:
            dest.table ||
            (dest.type === 'databricks' ? `default.${d.name}` : d.name!.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()),
          validate: (v) => draftRules.validateTable(dest.type, v),
          set: (v) => (dest.table = v),
        });
      }
      case 'writeMode': {
        const dest = d.destination as { writeMode: WriteMode };
        return this.result(
          this.input.pick<WriteMode>(h, {
            placeholder: 'When the output tables exist already',
            active: dest.writeMode,
            items: [
              { label: 'overwrite', description: 'replace the tables', value: 'overwrite' },
              { label: 'append', description: 'add the rows to the tables', value: 'append' },
            ],
          }),
          (v) => (dest.writeMode = v),
        );
      }
      case 'workers':
        return this.result(
          this.input.pick(h, {
            placeholder: 'Parallel workers: the rows to predict are split between them (the output is the same)',
            active: d.numWorkers,
            items: Array.from({ length: draftRules.MAX_WORKERS }, (_, i) => ({
              label: String(i + 1),
              description: i === 0 ? 'one worker (default)' : `${i + 1} workers`,
              value: i + 1,
            })),
          }),
          (v) => (d.numWorkers = v),
        );
    }
  }

  private async askTraining(d: Draft, h: StepHeader): Promise<Outcome> {
    const picked = await this.models.pick(h, d.training);
    if (typeof picked === 'string') return picked;
    this.setTraining(d, picked.value);
    return 'next';
  }

  private async askKumoTask(d: Draft, h: StepHeader): Promise<Outcome> {
    return this.result(this.models.pickKumoTask(h), (task) => (d.training = { ...d.training!, ...task }));
  }

  private async askGraph(d: Draft, h: StepHeader): Promise<Outcome> {
    const graphs = (await vscode.workspace.findFiles(specFileGlob(['graph']), SPEC_SEARCH_EXCLUDE, 200))
      .map((u) => u.fsPath)
      .sort();
    // A graph just written (New Inference Graph from Training) may not be indexed yet.
    if (d.graphPath && !graphs.includes(d.graphPath)) graphs.unshift(d.graphPath);
    const trainingGraph = (d.training as TrainingModelInfo).graphPath;
    return this.result(
      this.input.pick<string>(h, {
        placeholder: "The inference graph: the training graph's tables, on the data to predict",
        active: d.graphPath ?? '',
        items: [
          {
            label: 'Same as training',
            description: trainingGraph ? vscode.workspace.asRelativePath(trainingGraph) : 'the training graph',
            value: '',
          },
          ...graphs.map((file) => ({
            label: path.basename(file),
            description: `${vscode.workspace.asRelativePath(path.dirname(file))}${file === trainingGraph ? ' (the training graph)' : ''}`,
            value: file,
          })),
        ],
      }),
      (v) => (d.graphPath = v || undefined),
    );
  }

  private async askPredictionTable(d: Draft, h: StepHeader): Promise<Outcome> {
    const picked = await this.input.pick<'all' | 'keep' | 'file'>(h, {
      placeholder: 'Which rows to predict',
      active: d.predictionTablePath ? 'keep' : 'all',
      items: [
        { label: 'All eligible entities', description: 'at the anchor time, after the query filters', value: 'all' },
        ...(d.predictionTablePath
          ? [
              {
                label: path.basename(d.predictionTablePath),
                description: 'the table chosen before',
                value: 'keep' as const,
              },
            ]
          : []),
        { label: 'Entities listed in a file…', description: 'CSV or Parquet with an ENTITY column', value: 'file' },
      ],
    });
    if (typeof picked === 'string') return picked;
    if (picked.value === 'all') d.predictionTablePath = undefined;
    if (picked.value !== 'file') return 'next';
    const files = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: vscode.Uri.file(d.folder!),
      filters: { 'CSV or Parquet': ['csv', 'parquet'] },
      openLabel: 'Use as prediction table',
    });
    if (!files?.[0]) return 'stay';
    d.predictionTablePath = files[0].fsPath;
    return 'next';
  }

  private async askDestinationType(d: Draft, h: StepHeader): Promise<Outcome> {
    const picked = await this.input.pick<DestinationType>(h, {
      placeholder: 'Where the outputs go',
      active: d.destination?.type ?? 'local',
      items: [
        {
          label: '$(folder) Local files',
          description: 'CSV, Parquet or partitioned Parquet (the local engine)',
          value: 'local',
        },
        { label: '$(cloud) Amazon S3', description: 'Kumo backend', value: 's3' },
        { label: '$(database) Snowflake', description: 'Kumo backend, through a connector', value: 'snowflake' },
        { label: '$(database) BigQuery', description: 'Kumo backend, through a connector', value: 'bigquery' },
        { label: '$(database) Databricks', description: 'Kumo backend, through a connector', value: 'databricks' },
      ],
    });
    if (typeof picked === 'string') return picked;
    const type = picked.value;
    if (d.destination?.type !== type) {
      if (type === 'local' || type === 's3') d.destination = { type, layout: 'csv', path: '' };
      else if (type === 'databricks') d.destination = { type, connector: '', table: '' };
      else d.destination = { type, connector: '', table: '', writeMode: draftRules.defaultWriteMode(type) };
    }
    return 'next';
  }

  private async askFileLayout(d: Draft, h: StepHeader): Promise<Outcome> {
    const dest = d.destination as { type: 'local' | 's3'; layout: FileLayout; path: string };
    return this.result(
      this.input.pick<FileLayout>(h, {
        placeholder: 'File format',
        active: dest.layout,
        items: [
          { label: 'CSV', description: 'one file per output type', value: 'csv' },
          { label: 'Parquet', description: 'one file per output type', value: 'parquet' },
          {
            label: 'Partitioned Parquet',
            description: '{{PARTITION}}: part_000, part_001, ... per output type',
            value: 'partitioned',
          },
        ],
      }),
      (v) => (dest.layout = v),
    );
  }

  private text(
    h: StepHeader,
    o: {
      prompt: string;
      value: string;
      placeholder?: string;
      validate: (v: string) => string | undefined;
      set: (v: string) => void;
    },
  ): Promise<Outcome> {
    return this.result(this.input.input(h, o), o.set);
  }

  private async result<T>(pending: Promise<StepResult<T>>, set: (value: T) => void): Promise<Outcome> {
    const result = await pending;
    if (typeof result === 'string') return result;
    set(result.value);
    return 'next';
  }

  private setTraining(d: Draft, { info, folder }: ModelChoice): void {
    if (info.problem) {
      void vscode.window.showWarningMessage(
        `${info.name}: ${info.problem}. Settings that depend on the task type (threshold, classes) are not asked; validation will say what is missing.`,
      );
    }
    if (d.training?.ref !== info.ref) d.name = undefined; // its default follows the model
    d.training = info;
    d.folder = folder;
  }

  private async write(draft: PredictionSpecDraft): Promise<vscode.Uri | undefined> {
    const file = path.join(draft.folder, specFileName(draft.name, 'prediction'));
    const text = predictionSpecYaml(draft);
    const errors = ((await this.trainingModels.validateSpecText(file, text)) ?? []).filter(
      (d) => d.severity === 'error',
    );
    try {
      await fs.promises.writeFile(file, text, { flag: 'wx' }); // never overwrite a spec
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not write ${file}: ${error instanceof Error ? error.message : error}`);
      return undefined;
    }
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const name = path.basename(file);
    if (errors.length > 0) {
      void vscode.window.showWarningMessage(
        `Wrote ${name}; it has ${errors.length} error${errors.length === 1 ? '' : 's'} to fix before it runs (see Problems): ${errors[0].message}`,
      );
    } else if (draftRules.runsLocally(draft)) {
      const choice = await vscode.window.showInformationMessage(`Wrote ${name}.`, 'Run Now');
      if (choice === 'Run Now') await vscode.commands.executeCommand(RelgraphCommands.runPrediction, uri);
    } else {
      void vscode.window.showInformationMessage(
        `Wrote ${name}. Its ${draft.training.kind === 'kumo' ? 'Kumo model' : `${draft.destination.type} destination`} needs the Kumo backend: the local engine does not run it.`,
      );
    }
    return uri;
  }
}
