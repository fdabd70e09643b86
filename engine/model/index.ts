/**
 * The local engine's gradient-boosted tree model: train on column-major typed arrays, predict, embed, serialise.
 * The engine's training and prediction jobs import from here.
 */
export { trainGbdt, type GbdtRoundProgress, type TrainGbdtOptions } from './GbdtTrainer';
export { GbdtModel, type FeatureImportance, type GbdtTrainingSummary } from './GbdtModel';
export {
  assertValidFeatureMatrix,
  featureColumn,
  featureMatrixFromColumns,
  selectFeatures,
  type FeatureKind,
  type FeatureMatrix,
  type LabeledFeatures,
  type NumericArray,
} from './FeatureMatrix';
export {
  GBDT_EVAL_METRICS,
  GBDT_RUN_MODE_PRESETS,
  GBDT_SETTING_DESCRIPTORS,
  parseGbdtModelSection,
  resolveGbdtSettings,
  type GbdtEvalMetric,
  type GbdtSettingDescriptor,
  type GbdtSettingIssue,
  type GbdtSettings,
  type GbdtSettingsOverrides,
  type RegressionLoss,
} from './GbdtSettings';
export type { GbdtTask } from './Objective';
export type { ResolvedEvalMetric } from './EvalMetric';
export {
  deserializeGbdtModel,
  GBDT_MODEL_FORMAT,
  GBDT_MODEL_VERSION,
  serializeGbdtModel,
  type SerializedGbdtModel,
} from './ModelSerialization';
export { embeddingCosine } from './LeafEmbedding';
export * from './Metrics';
export {
  deserializeLinearModel,
  LinearModel,
  serializeLinearModel,
  trainLinearModel,
  type LinearModelSettings,
  type LinearTask,
  type SerializedLinearModel,
} from './LinearModel';
