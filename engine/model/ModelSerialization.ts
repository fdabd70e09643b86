import type { ResolvedEvalMetric } from './EvalMetric';
import type { FeatureKind } from './FeatureMatrix';
import { GbdtModel } from './GbdtModel';
import { GBDT_RUN_MODE_PRESETS, parseGbdtModelSection, type GbdtSettings } from './GbdtSettings';
import type { GbdtTask } from './Objective';
import { RegressionTree } from './RegressionTree';
import { decodeFloat64, decodeInt32, decodeUint32, decodeUint8, encodeTypedArray } from './TypedArrayCodec';

export const GBDT_MODEL_FORMAT = 'relgraph-gbdt';
export const GBDT_MODEL_VERSION = 1;

/**
 * The stored model: plain JSON, typed arrays as base64 (see TypedArrayCodec). Loading gives predictions identical to
 * the saved model's, bit for bit. Any change to the meaning of a field bumps `version`; readers refuse versions they
 * do not know instead of guessing.
 */
export interface SerializedGbdtModel {
  format: typeof GBDT_MODEL_FORMAT;
  version: typeof GBDT_MODEL_VERSION;
  task: GbdtTask;
  numOutputs: number;
  features: SerializedFeature[];
  /** base64 float64 */
  baseScores: string;
  settings: GbdtSettings;
  training: {
    roundsTrained: number;
    roundsKept: number;
    stoppedEarly: boolean;
    validationMetric: ResolvedEvalMetric | null;
    /** base64 float64 (NaN survives) */
    validationHistory: string;
    bestValidationScore: number | null;
  };
  trees: SerializedTree[];
}

export interface SerializedFeature {
  name: string;
  kind: FeatureKind;
  /** Categorical only: base64 float64 codes in bin order. */
  categories?: string;
}

/** Every field is base64 of the RegressionTreeArrays field of the same name. */
export type SerializedTree = Record<(typeof TREE_FIELDS)[number][0], string>;

const TREE_FIELDS = [
  ['splitFeature', 'int32'],
  ['threshold', 'float64'],
  ['categoricalOffset', 'int32'],
  ['defaultLeft', 'uint8'],
  ['leftChild', 'int32'],
  ['rightChild', 'int32'],
  ['splitGain', 'float64'],
  ['categoricalBits', 'uint32'],
  ['leafValue', 'float64'],
  ['leafCount', 'float64'],
] as const;

export function serializeGbdtModel(model: GbdtModel): SerializedGbdtModel {
  return {
    format: GBDT_MODEL_FORMAT,
    version: GBDT_MODEL_VERSION,
    task: model.task,
    numOutputs: model.numOutputs,
    features: model.featureNames.map((name, j) => {
      const codes = model.categoryCodes[j];
      return codes
        ? { name, kind: model.featureKinds[j], categories: encodeTypedArray(codes) }
        : { name, kind: model.featureKinds[j] };
    }),
    baseScores: encodeTypedArray(model.baseScores),
    settings: { ...model.settings },
    training: {
      roundsTrained: model.training.roundsTrained,
      roundsKept: model.training.roundsKept,
      stoppedEarly: model.training.stoppedEarly,
      validationMetric: model.training.validationMetric ?? null,
      validationHistory: encodeTypedArray(Float64Array.from(model.training.validationHistory)),
      bestValidationScore: model.training.bestValidationScore ?? null,
    },
    trees: model.trees.map(
      (tree) =>
        Object.fromEntries(
          TREE_FIELDS.map(([field]) => [field, encodeTypedArray(tree.arrays[field])]),
        ) as SerializedTree,
    ),
  };
}

/** Reads a model written by serializeGbdtModel (already JSON.parse'd); throws a descriptive Error on anything else. */
export function deserializeGbdtModel(json: unknown): GbdtModel {
  const root = asRecord(json, 'model');
  if (root.format !== GBDT_MODEL_FORMAT) {
    throw new Error(
      `not a relgraph GBDT model: format is ${JSON.stringify(root.format)}, expected '${GBDT_MODEL_FORMAT}'`,
    );
  }
  if (root.version !== GBDT_MODEL_VERSION) {
    throw new Error(
      `unsupported ${GBDT_MODEL_FORMAT} model version ${JSON.stringify(root.version)}: this build reads version ` +
        `${GBDT_MODEL_VERSION}; retrain the model with this version of relgraph`,
    );
  }
  const task = root.task;
  if (task !== 'binary' && task !== 'regression' && task !== 'multiclass') {
    throw new Error(`model task ${JSON.stringify(task)} is not binary, regression or multiclass`);
  }
  const numOutputs = root.numOutputs;
  if (typeof numOutputs !== 'number' || !Number.isInteger(numOutputs) || numOutputs < 1) {
    throw new Error('model numOutputs must be a positive integer');
  }
  if (!Array.isArray(root.features)) throw new Error("model field 'features' must be an array");
  const features = root.features.map((entry, j) => {
    const feature = asRecord(entry, `features[${j}]`);
    if (typeof feature.name !== 'string') throw new Error(`features[${j}].name must be a string`);
    if (feature.kind !== 'numeric' && feature.kind !== 'categorical') {
      throw new Error(`features[${j}].kind must be numeric or categorical`);
    }
    const categories =
      feature.kind === 'categorical' ? decodeFloat64(feature.categories, `features[${j}].categories`) : undefined;
    return { name: feature.name, kind: feature.kind as FeatureKind, categories };
  });
  const baseScores = decodeFloat64(root.baseScores, 'baseScores');
  if (baseScores.length !== numOutputs)
    throw new Error(`model has ${baseScores.length} base scores for ${numOutputs} outputs`);
  if (!Array.isArray(root.trees)) throw new Error("model field 'trees' must be an array");
  const trees = root.trees.map((entry, t) => readTree(asRecord(entry, `trees[${t}]`), t, features));
  const training = asRecord(root.training, 'training');
  return new GbdtModel({
    task,
    numOutputs,
    featureNames: features.map((f) => f.name),
    featureKinds: features.map((f) => f.kind),
    categoryCodes: features.map((f) => f.categories),
    baseScores,
    trees,
    settings: readSettings(root.settings),
    training: {
      roundsTrained: Number(training.roundsTrained),
      roundsKept: Number(training.roundsKept),
      stoppedEarly: training.stoppedEarly === true,
      validationMetric: (training.validationMetric ?? undefined) as ResolvedEvalMetric | undefined,
      validationHistory: [...decodeFloat64(training.validationHistory, 'training.validationHistory')],
      bestValidationScore: typeof training.bestValidationScore === 'number' ? training.bestValidationScore : undefined,
    },
  });
}

function readTree(
  record: Record<string, unknown>,
  index: number,
  features: readonly { kind: FeatureKind }[],
): RegressionTree {
  const field = (name: string) => `trees[${index}].${name}`;
  const arrays = {
    splitFeature: decodeInt32(record.splitFeature, field('splitFeature')),
    threshold: decodeFloat64(record.threshold, field('threshold')),
    categoricalOffset: decodeInt32(record.categoricalOffset, field('categoricalOffset')),
    defaultLeft: decodeUint8(record.defaultLeft, field('defaultLeft')),
    leftChild: decodeInt32(record.leftChild, field('leftChild')),
    rightChild: decodeInt32(record.rightChild, field('rightChild')),
    splitGain: decodeFloat64(record.splitGain, field('splitGain')),
    categoricalBits: decodeUint32(record.categoricalBits, field('categoricalBits')),
    leafValue: decodeFloat64(record.leafValue, field('leafValue')),
    leafCount: decodeFloat64(record.leafCount, field('leafCount')),
  };
  const nodes = arrays.splitFeature.length;
  const leaves = arrays.leafValue.length;
  const sameLength = [
    arrays.threshold,
    arrays.categoricalOffset,
    arrays.defaultLeft,
    arrays.leftChild,
    arrays.rightChild,
    arrays.splitGain,
  ];
  if (sameLength.some((a) => a.length !== nodes) || arrays.leafCount.length !== leaves || leaves !== nodes + 1) {
    throw new Error(`trees[${index}] has inconsistent array lengths (${nodes} splits, ${leaves} leaves)`);
  }
  // Structural checks make a corrupted file fail here, not as an out-of-bounds read during prediction.
  for (let node = 0; node < nodes; node++) {
    const feature = arrays.splitFeature[node];
    if (feature < 0 || feature >= features.length)
      throw new Error(`${field('splitFeature')} refers to feature ${feature}`);
    const offset = arrays.categoricalOffset[node];
    const categorical = features[feature].kind === 'categorical';
    if (categorical !== offset >= 0 || (categorical && offset + 8 > arrays.categoricalBits.length)) {
      throw new Error(`${field('categoricalOffset')} of node ${node} does not match feature ${feature}`);
    }
    for (const child of [arrays.leftChild[node], arrays.rightChild[node]]) {
      if (child >= nodes || (child >= 0 && child <= node) || (child < 0 && ~child >= leaves)) {
        throw new Error(`${field('leftChild/rightChild')} of node ${node} points outside the tree`);
      }
    }
  }
  return new RegressionTree(arrays);
}

function readSettings(value: unknown): GbdtSettings {
  const { overrides, issues } = parseGbdtModelSection(asRecord(value, 'settings'));
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new Error(`model settings are invalid: ${errors.map((e) => e.message).join('; ')}`);
  return { ...GBDT_RUN_MODE_PRESETS.normal, ...overrides };
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} must be an object`);
  return value as Record<string, unknown>;
}
