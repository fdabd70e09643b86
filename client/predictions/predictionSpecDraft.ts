import * as path from 'node:path';
import type { TaskType } from '../../protocol/lspExtensions';
import { specFileName } from '../../protocol/specFiles';

/**
 * The answers of the "New prediction spec" wizard, which steps it asks given the answers so far, and
 * how each answer is checked. No VS Code here: PredictionSpecWizard only shows these steps.
 */
export type OutputType = 'predictions' | 'embeddings';
/** Files: one CSV, one Parquet file, or partitioned Parquet (`{{PARTITION}}` -> part_000, part_001, ...). */
export type FileLayout = 'csv' | 'parquet' | 'partitioned';
export type WriteMode = 'overwrite' | 'append';

export type DestinationDraft =
  | { type: 'local' | 's3'; layout: FileLayout; path: string }
  | { type: 'snowflake' | 'bigquery'; connector: string; table: string; writeMode: WriteMode }
  | { type: 'databricks'; connector: string; table: string };

export type DestinationType = DestinationDraft['type'];

/** The model a prediction uses: a training spec, a finished local training job, or a Kumo cloud job. */
export interface TrainingChoice {
  kind: 'spec' | 'local-job' | 'kumo';
  /** spec: absolute path of the training spec; local-job and kumo: the job id. */
  ref: string;
  /** The training spec's name (or the job id), for the default spec name and the header comment. */
  name: string;
  /** From the training query (core validation) or the job's model; unknown for Kumo jobs until asked. */
  taskType?: TaskType;
  /** Whether the target has a time window (then predictions have an anchor time). */
  temporal?: boolean;
}

export interface PredictionSpecDraft {
  /** Absolute folder the spec is written to (next to the training spec); relative paths are from here. */
  folder: string;
  name: string;
  training: TrainingChoice;
  /** Absolute path of the inference graph file; undefined: the training graph. */
  graphPath?: string;
  /** Blank: Kumo's default, the latest timestamp in the target's fact table. */
  anchorTime?: string;
  /** Absolute path of a CSV/Parquet file listing the entities (and anchors) to predict. */
  predictionTablePath?: string;
  binaryThreshold?: number;
  numClassesToReturn?: number;
  outputTypes: OutputType[];
  destination: DestinationDraft;
  numWorkers: number;
}

export type WizardStep =
  | 'training'
  | 'kumoTask'
  | 'name'
  | 'graph'
  | 'anchorTime'
  | 'predictionTable'
  | 'threshold'
  | 'numClasses'
  | 'outputTypes'
  | 'destinationType'
  | 'fileLayout'
  | 'path'
  | 'connector'
  | 'table'
  | 'writeMode'
  | 'workers';

/** Tasks that return classes or items per entity, where `num_classes_to_return` applies. */
export const CLASS_TASKS: readonly TaskType[] = [
  'multiclass_classification',
  'multilabel_classification',
  'multilabel_ranking',
  'temporal_link_prediction',
  'static_link_prediction',
];

export const MAX_WORKERS = 4;

/** The steps for the answers so far; settings that do not apply to the task are never asked. */
export function wizardSteps(draft: Partial<PredictionSpecDraft>): WizardStep[] {
  const steps: WizardStep[] = ['training'];
  const training = draft.training;
  if (training?.kind === 'kumo') steps.push('kumoTask');
  steps.push('name', 'graph');
  // Unknown (a training query that does not parse yet): ask, validation will say if it does not apply.
  if (training?.temporal !== false) steps.push('anchorTime');
  steps.push('predictionTable');
  if (training?.taskType === 'binary_classification') steps.push('threshold');
  if (training?.taskType && CLASS_TASKS.includes(training.taskType)) steps.push('numClasses');
  steps.push('outputTypes', 'destinationType');
  const type = draft.destination?.type;
  if (type === 'local' || type === 's3') steps.push('fileLayout', 'path');
  if (type === 'snowflake' || type === 'bigquery' || type === 'databricks') steps.push('connector', 'table');
  if (type === 'snowflake' || type === 'bigquery') steps.push('writeMode');
  steps.push('workers');
  return steps;
}

/** Local runs can only do local outputs from local models; the rest is for the Kumo backend. */
export function runsLocally(draft: Pick<PredictionSpecDraft, 'training' | 'destination'>): boolean {
  return draft.training.kind !== 'kumo' && draft.destination.type === 'local';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function validateSpecName(name: string, folder: string, exists: (file: string) => boolean): string | undefined {
  if (!name) return 'A name is required: it names the file and the outputs (<name>_predictions).';
  if (!NAME.test(name)) return 'Use letters, digits, dots, dashes and underscores (starting with a letter or digit).';
  const file = specFileName(name, 'prediction');
  if (exists(path.join(folder, file))) return `${file} already exists in this folder.`;
  return undefined;
}

export function defaultSpecName(trainingName: string, folder: string, exists: (file: string) => boolean): string {
  const base = `${trainingName.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'batch'}-batch`;
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!exists(path.join(folder, specFileName(name, 'prediction')))) return name;
  }
}

/** The date format of the schema (`graph.schema.json#/$defs/date`). */
const DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function validateAnchorTime(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (!DATE.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T')))) {
    return 'A date like 2010-01-01 or a time like 2010-01-01T12:00:00 (blank: the latest time in the data).';
  }
  return undefined;
}

export function validateThreshold(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'Binary models need a threshold: Kumo applies no default (e.g. 0.5).';
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) return 'A probability between 0 and 1.';
  return undefined;
}

export function validateNumClasses(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) return 'A whole number of at least 1 (blank: the query decides).';
  return undefined;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;
const EXTENSION: Record<FileLayout, RegExp> = { csv: /\.csv$/i, parquet: /\.parquet$/i, partitioned: /\.parquet$/i };

export function validateDestinationPath(type: 'local' | 's3', layout: FileLayout, text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'A path is required.';
  if (type === 's3' && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+/.test(value)) {
    return 'An S3 URI: s3://<bucket>/<prefix>/<name>.';
  }
  if (type === 'local' && REMOTE.test(value)) return 'A local path (relative to the spec); pick S3 for s3:// paths.';
  const partitioned = value.includes('{{PARTITION}}');
  if (layout === 'partitioned' && !partitioned) return "Partitioned Parquet needs '{{PARTITION}}' in the file name.";
  if (layout !== 'partitioned' && partitioned) return "'{{PARTITION}}' is for partitioned Parquet only.";
  if (!EXTENSION[layout].test(value)) return `The name must end in .${layout === 'csv' ? 'csv' : 'parquet'}.`;
  return undefined;
}

export function defaultDestinationPath(type: 'local' | 's3', layout: FileLayout, name: string): string {
  const root = type === 's3' ? `s3://bucket/relgraph/` : 'out/';
  if (layout === 'partitioned') return `${root}${name}/{{PARTITION}}.parquet`;
  return `${root}${name}.${layout}`;
}

export function validateConnector(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'The name of the Kumo connector to write through.';
  if (/\s/.test(value)) return 'Connector names have no spaces.';
  return undefined;
}

export function validateTable(type: 'snowflake' | 'bigquery' | 'databricks', text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'A table name is required.';
  if (/\s/.test(value)) return 'Table names have no spaces.';
  if (type === 'databricks' && !/^[^.]+\.[^.]+$/.test(value)) return 'Databricks tables are named schema.table.';
  return undefined;
}

/** Kumo's documented defaults: Snowflake overwrites, BigQuery appends. */
export function defaultWriteMode(type: 'snowflake' | 'bigquery'): WriteMode {
  return type === 'snowflake' ? 'overwrite' : 'append';
}

/** A path as the spec writes it: relative to the spec's folder, with forward slashes. */
export function specRelativePath(folder: string, target: string): string {
  const relative = path.relative(folder, target) || path.basename(target);
  return relative.split(path.sep).join('/');
}
