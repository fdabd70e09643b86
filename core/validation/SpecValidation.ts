import type { SpecDiagnostic } from '../diagnostics/SpecDiagnostic';
import type { PredictiveQuery, TaskType } from '../pql/ast';
import type { TaskTypeInference } from '../pql/inferTaskType';
import type { GraphSpec, PredictionSpec, Spec, TrainingSpec } from '../spec/SpecModel';
import type { TrainingGraphMetadata } from '../spec/TrainingGraphMetadata';
import type { TrainingGraphShape } from './trainingContractRules';

/**
 * The outcome of static validation of one spec file: its diagnostics plus everything resolved on the
 * way (the graphs, the training side of a prediction spec, the parsed query), which the data tier,
 * the language server features and the engine reuse instead of resolving again.
 */
export interface SpecValidation {
  path: string;
  spec?: Spec;
  diagnostics: SpecDiagnostic[];
  /** Absolute paths of every other spec file this validation read; editing one re-validates this file. */
  dependencies: string[];
  /** The graph this spec describes: the graph itself, a training spec's graph, or a prediction spec's inference graph. */
  graph?: GraphSpec;
  /** Prediction specs: the training spec named by `training_job`, when it is a file. */
  training?: TrainingSpec;
  /** Prediction specs: the graph the model was trained on (from the training spec). */
  trainingGraph?: GraphSpec;
  /** Prediction specs: metadata of a local training job named by id. */
  trainingJob?: TrainingGraphMetadata;
  /**
   * The training side of the contract this file was checked against: a prediction spec's model, or for
   * a graph file used as an inference graph, that of the first prediction spec naming it. Hover, the
   * diagram and quick fixes read it, so they name the same training graph as the diagnostics.
   */
  trainingShape?: TrainingGraphShape;
  /** Training specs: their query; prediction specs: the training query. */
  query?: PredictiveQuery;
  taskType?: TaskType;
  /**
   * Why `taskType` (training specs: from the query and the graph's declared types; prediction specs: the
   * training side's). `dependsOnData` when the target column's values could still make it binary.
   */
  taskTypeInference?: TaskTypeInference;
  prediction?: PredictionSpec;
}
