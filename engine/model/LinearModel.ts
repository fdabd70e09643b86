import { decodeFloat64, encodeTypedArray } from './TypedArrayCodec';
import type { FeatureMatrix, NumericArray } from './FeatureMatrix';
import { sigmoid } from './Objective';

/**
 * A regularised linear model beside the trees: logistic regression (binary) or least squares
 * (regression) with an L2 penalty, on standardised numeric features. Trees cut features into steps;
 * a linear model reads a few dense, monotone features (a driver's non-finish rate over his last ten
 * races) smoothly, which on small data often generalises better. The training pipeline blends both by
 * validation score.
 *
 * Preprocessing is learnt on the training rows and stored with the model: each feature is clipped to
 * its 1st..99th percentile (one wild value cannot dominate), missing values take the median, a feature
 * that was ever missing gets a 0/1 "was missing" input too, and every input is standardised.
 * Categorical features are not used. Deterministic: no random choices.
 */
export type LinearTask = 'binary' | 'regression';

export interface LinearModelSettings {
  /** L2 penalty on the standardised weights (not the intercept), per training row. */
  l2: number;
  /** Newton iterations at most (logistic regression). */
  maxIterations?: number;
}

export interface FeatureTransform {
  feature: string;
  /** Clip bounds (1st and 99th percentile of the training values). */
  low: number;
  high: number;
  /** Missing values become this (the training median, after clipping). */
  fill: number;
  mean: number;
  scale: number;
  /** Also feed `isNaN(x)` (standardised) as an input: the feature was missing in training. */
  missing?: { mean: number; scale: number };
}

export const LINEAR_MODEL_FORMAT = 'relgraph-linear';
export const LINEAR_MODEL_VERSION = 1;

export interface SerializedLinearModel {
  format: typeof LINEAR_MODEL_FORMAT;
  version: typeof LINEAR_MODEL_VERSION;
  task: LinearTask;
  transforms: FeatureTransform[];
  /** One weight per input: each transform's value, then its missing flag when it has one. Base64 float64. */
  weights: string;
  intercept: number;
  l2: number;
}

export class LinearModel {
  constructor(
    readonly task: LinearTask,
    readonly transforms: readonly FeatureTransform[],
    readonly weights: Float64Array,
    readonly intercept: number,
    readonly l2: number,
  ) {
    if (weights.length !== inputCount(transforms)) {
      throw new Error(`linear model has ${weights.length} weights for ${inputCount(transforms)} inputs`);
    }
  }

  /** The feature names the model reads (any matrix with these names works, whatever else it has). */
  get featureNames(): string[] {
    return this.transforms.map((t) => t.feature);
  }

  /** Binary: P(label = 1); regression: the value. */
  predict(matrix: FeatureMatrix): Float64Array {
    const inputs = standardisedInputs(matrix, this.transforms);
    const out = new Float64Array(matrix.numRows).fill(this.intercept);
    for (let j = 0; j < this.weights.length; j++) {
      const w = this.weights[j];
      const column = inputs[j];
      for (let i = 0; i < out.length; i++) out[i] += w * column[i];
    }
    if (this.task === 'binary') for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]);
    return out;
  }

  /** |weight| share per feature (its missing flag included), largest first: the linear model's importances. */
  weightShares(): { feature: string; share: number }[] {
    const totals = new Float64Array(this.transforms.length);
    let k = 0;
    this.transforms.forEach((t, j) => {
      totals[j] += Math.abs(this.weights[k++]);
      if (t.missing) totals[j] += Math.abs(this.weights[k++]);
    });
    const sum = totals.reduce((a, b) => a + b, 0);
    return this.transforms
      .map((t, j) => ({ feature: t.feature, share: sum > 0 ? totals[j] / sum : 0 }))
      .sort((a, b) => b.share - a.share);
  }
}

/**
 * Fits the model on the matrix's numeric features named in `features` (all numeric ones when absent).
 * Labels: 0/1 for binary, real values for regression.
 */
export function trainLinearModel(
  task: LinearTask,
  matrix: FeatureMatrix,
  labels: NumericArray,
  settings: LinearModelSettings,
  features?: readonly string[],
): LinearModel {
  if (matrix.numRows === 0) throw new Error('no training rows');
  if (labels.length !== matrix.numRows) throw new Error(`${matrix.numRows} rows but ${labels.length} labels`);
  const wanted = features ? new Set(features) : undefined;
  const transforms: FeatureTransform[] = [];
  // Features of one source are missing on the same rows (no history): one "was missing" input serves them all.
  const missingPatterns = new Set<string>();
  matrix.featureNames.forEach((name, j) => {
    if (matrix.featureKinds[j] !== 'numeric' || (wanted && !wanted.has(name))) return;
    const column = matrix.values.subarray(j * matrix.numRows, (j + 1) * matrix.numRows);
    const transform = fitTransform(name, column);
    if (!transform) return;
    if (transform.missing) {
      const pattern = missingPattern(column);
      if (missingPatterns.has(pattern)) delete transform.missing;
      missingPatterns.add(pattern);
    }
    transforms.push(transform);
  });
  const inputs = standardisedInputs(matrix, transforms);
  const fit = task === 'binary' ? fitLogistic(inputs, labels, settings) : fitLeastSquares(inputs, labels, settings.l2);
  return new LinearModel(task, transforms, fit.weights, fit.intercept, settings.l2);
}

export function serializeLinearModel(model: LinearModel): SerializedLinearModel {
  return {
    format: LINEAR_MODEL_FORMAT,
    version: LINEAR_MODEL_VERSION,
    task: model.task,
    transforms: model.transforms.map((t) => ({ ...t })),
    weights: encodeTypedArray(model.weights),
    intercept: model.intercept,
    l2: model.l2,
  };
}

export function deserializeLinearModel(value: unknown): LinearModel {
  const json = value as Partial<SerializedLinearModel> | null;
  if (!json || json.format !== LINEAR_MODEL_FORMAT) throw new Error('not a relgraph linear model');
  if (json.version !== LINEAR_MODEL_VERSION) {
    throw new Error(`linear model version ${String(json.version)} is not supported (expected ${LINEAR_MODEL_VERSION})`);
  }
  if ((json.task !== 'binary' && json.task !== 'regression') || !Array.isArray(json.transforms)) {
    throw new Error('linear model lacks its task or transforms');
  }
  if (typeof json.weights !== 'string' || typeof json.intercept !== 'number') {
    throw new Error('linear model lacks its weights');
  }
  return new LinearModel(
    json.task,
    json.transforms,
    decodeFloat64(json.weights, 'weights'),
    json.intercept,
    json.l2 ?? 0,
  );
}

/** A fingerprint of which rows are missing (their count and two hashes of their indices). */
function missingPattern(values: NumericArray): string {
  let count = 0;
  let a = 2166136261;
  let b = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) continue;
    count++;
    a = Math.imul(a ^ i, 16777619) >>> 0;
    b = (b + Math.imul(i + 1, 2654435761)) >>> 0;
  }
  return `${count}:${a}:${b}`;
}

function inputCount(transforms: readonly FeatureTransform[]): number {
  return transforms.reduce((n, t) => n + (t.missing ? 2 : 1), 0);
}

function fitTransform(feature: string, values: NumericArray): FeatureTransform | undefined {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
  if (count === 0) return undefined;
  const present = new Float64Array(count);
  for (let i = 0, k = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present[k++] = values[i];
  present.sort();
  const at = (q: number) => present[Math.min(present.length - 1, Math.floor(q * (present.length - 1)))];
  const low = at(0.01);
  const high = at(0.99);
  const fill = Math.min(Math.max(at(0.5), low), high);
  let sum = 0;
  let sumSquares = 0;
  let missingCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Number.isNaN(values[i]) ? fill : Math.min(Math.max(values[i], low), high);
    if (Number.isNaN(values[i])) missingCount++;
    sum += v;
    sumSquares += v * v;
  }
  const n = values.length;
  const mean = sum / n;
  const variance = Math.max(0, sumSquares / n - mean * mean);
  const missingRate = missingCount / n;
  const hasMissing = missingCount > 0 && missingCount < n;
  if (variance <= 1e-12 && !hasMissing) return undefined;
  return {
    feature,
    low,
    high,
    fill,
    mean,
    scale: variance > 1e-12 ? Math.sqrt(variance) : 1,
    ...(hasMissing ? { missing: { mean: missingRate, scale: Math.sqrt(missingRate * (1 - missingRate)) } } : {}),
  };
}

/** One standardised Float64Array per input (features looked up by name). */
function standardisedInputs(matrix: FeatureMatrix, transforms: readonly FeatureTransform[]): Float64Array[] {
  const index = new Map(matrix.featureNames.map((name, j) => [name, j]));
  const n = matrix.numRows;
  const inputs: Float64Array[] = [];
  for (const t of transforms) {
    const j = index.get(t.feature);
    if (j === undefined) throw new Error(`the linear model reads feature '${t.feature}', which the matrix lacks`);
    const column = matrix.values.subarray(j * n, (j + 1) * n);
    const value = new Float64Array(n);
    const flag = t.missing ? new Float64Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const raw = column[i];
      const missing = Number.isNaN(raw);
      const clipped = missing ? t.fill : Math.min(Math.max(raw, t.low), t.high);
      value[i] = (clipped - t.mean) / t.scale;
      if (flag) flag[i] = ((missing ? 1 : 0) - t.missing!.mean) / t.missing!.scale;
    }
    inputs.push(value);
    if (flag) inputs.push(flag);
  }
  return inputs;
}

/** Ridge least squares: (X'X + l2 n I) w = X'y on centred inputs; the intercept is the label mean. */
function fitLeastSquares(
  inputs: Float64Array[],
  labels: NumericArray,
  l2: number,
): { weights: Float64Array; intercept: number } {
  const n = labels.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += labels[i];
  mean /= n;
  const p = inputs.length;
  const gram = gramMatrix(inputs, undefined);
  for (let j = 0; j < p; j++) gram[j * p + j] += l2 * n;
  const rhs = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += inputs[j][i] * (labels[i] - mean);
    rhs[j] = s;
  }
  return { weights: solveSymmetric(gram, rhs, p), intercept: mean };
}

/** L2-penalised logistic regression by Newton's method (iteratively reweighted least squares). */
function fitLogistic(
  inputs: Float64Array[],
  labels: NumericArray,
  settings: LinearModelSettings,
): { weights: Float64Array; intercept: number } {
  const n = labels.length;
  const p = inputs.length;
  const dim = p + 1; // the intercept is the last coordinate, unpenalised
  const beta = new Float64Array(dim);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i];
  const rate = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  beta[p] = Math.log(rate / (1 - rate));
  const eta = new Float64Array(n);
  const weight = new Float64Array(n);
  const residual = new Float64Array(n);
  const maxIterations = settings.maxIterations ?? 25;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    eta.fill(beta[p]);
    for (let j = 0; j < p; j++) {
      const b = beta[j];
      const column = inputs[j];
      for (let i = 0; i < n; i++) eta[i] += b * column[i];
    }
    for (let i = 0; i < n; i++) {
      const prob = sigmoid(eta[i]);
      weight[i] = Math.max(prob * (1 - prob), 1e-9);
      residual[i] = labels[i] - prob;
    }
    // Hessian H = X'WX + l2 n I (intercept unpenalised), gradient g = X'r - l2 n beta.
    const hessian = gramMatrix([...inputs, ones(n)], weight);
    const gradient = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      const column = j < p ? inputs[j] : undefined;
      let s = 0;
      for (let i = 0; i < n; i++) s += (column ? column[i] : 1) * residual[i];
      gradient[j] = s - (j < p ? settings.l2 * n * beta[j] : 0);
      if (j < p) hessian[j * dim + j] += settings.l2 * n;
    }
    const step = solveSymmetric(hessian, gradient, dim);
    let largest = 0;
    for (let j = 0; j < dim; j++) {
      beta[j] += step[j];
      largest = Math.max(largest, Math.abs(step[j]));
    }
    if (largest < 1e-6) break;
  }
  return { weights: beta.slice(0, p), intercept: beta[p] };
}

function ones(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}

/** X'WX (W diagonal, all ones when absent), row-major p x p; four columns per pass over the rows. */
function gramMatrix(columns: Float64Array[], weight: Float64Array | undefined): Float64Array {
  const p = columns.length;
  const n = columns[0]?.length ?? 0;
  const gram = new Float64Array(p * p);
  const weighted = new Float64Array(n);
  for (let a = 0; a < p; a++) {
    const ca = columns[a];
    for (let i = 0; i < n; i++) weighted[i] = weight ? weight[i] * ca[i] : ca[i];
    let b = a;
    for (; b + 3 < p; b += 4) {
      const [c0, c1, c2, c3] = [columns[b], columns[b + 1], columns[b + 2], columns[b + 3]];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const w = weighted[i];
        s0 += w * c0[i];
        s1 += w * c1[i];
        s2 += w * c2[i];
        s3 += w * c3[i];
      }
      const sums = [s0, s1, s2, s3];
      for (let k = 0; k < 4; k++) gram[a * p + b + k] = gram[(b + k) * p + a] = sums[k];
    }
    for (; b < p; b++) {
      const cb = columns[b];
      let s = 0;
      for (let i = 0; i < n; i++) s += weighted[i] * cb[i];
      gram[a * p + b] = gram[b * p + a] = s;
    }
  }
  return gram;
}

/** Solves A x = b for a symmetric positive (semi-)definite A by Cholesky, with a tiny ridge for stability. */
function solveSymmetric(matrix: Float64Array, rhs: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(matrix);
  let trace = 0;
  for (let j = 0; j < p; j++) trace += a[j * p + j];
  const jitter = 1e-10 * Math.max(trace / Math.max(p, 1), 1);
  for (let j = 0; j < p; j++) a[j * p + j] += jitter;
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= a[j * p + k] * a[j * p + k];
    const diagonal = Math.sqrt(Math.max(d, 1e-12));
    a[j * p + j] = diagonal;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = s / diagonal;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = rhs[i];
    for (let k = 0; k < i; k++) s -= a[i * p + k] * y[k];
    y[i] = s / a[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= a[k * p + i] * x[k];
    x[i] = s / a[i * p + i];
  }
  return x;
}
