/**
 * The model's input: a column-major matrix of typed arrays, as it comes out of DuckDB chunk vectors
 * (one column after another), never row objects.
 */

export type FeatureKind = 'numeric' | 'categorical';

/** Float64Array or Float32Array; both are read as numbers and NaN marks a missing value. */
export type NumericArray = Float64Array | Float32Array;

export interface FeatureMatrix {
  numRows: number;
  numFeatures: number;
  /**
   * Column-major values: row i of feature j is `values[j * numRows + i]`. NaN is a missing value.
   * Categorical features hold integer category codes (any numbers work; they are compared exactly).
   */
  values: NumericArray;
  featureNames: readonly string[];
  featureKinds: readonly FeatureKind[];
}

/** Labels (0/1 for binary, a real value for regression, a class index for multiclass) and optional weights. */
export interface LabeledFeatures {
  features: FeatureMatrix;
  labels: NumericArray;
  /** Non-negative sample weights; all 1 when absent. */
  weights?: NumericArray;
}

/** Builds a matrix from separate columns (a copy into one column-major buffer). */
export function featureMatrixFromColumns(
  columns: readonly NumericArray[],
  featureNames: readonly string[],
  featureKinds: readonly FeatureKind[] = featureNames.map(() => 'numeric'),
): FeatureMatrix {
  const numRows = columns.length === 0 ? 0 : columns[0].length;
  const values = new Float64Array(numRows * columns.length);
  columns.forEach((column, j) => {
    if (column.length !== numRows) {
      throw new Error(`feature column '${featureNames[j]}' has ${column.length} rows; expected ${numRows}`);
    }
    values.set(column, j * numRows);
  });
  const matrix = { numRows, numFeatures: columns.length, values, featureNames, featureKinds };
  assertValidFeatureMatrix(matrix);
  return matrix;
}

/** A view of feature j (no copy). */
export function featureColumn(matrix: FeatureMatrix, feature: number): NumericArray {
  return matrix.values.subarray(feature * matrix.numRows, (feature + 1) * matrix.numRows);
}

/** Throws an Error that names the inconsistency; cheap (no pass over the values). */
export function assertValidFeatureMatrix(matrix: FeatureMatrix): void {
  const { numRows, numFeatures, values, featureNames, featureKinds } = matrix;
  if (!Number.isInteger(numRows) || numRows < 0 || !Number.isInteger(numFeatures) || numFeatures < 0) {
    throw new Error(`feature matrix has invalid shape ${numRows} x ${numFeatures}`);
  }
  if (values.length !== numRows * numFeatures) {
    throw new Error(
      `feature matrix values have length ${values.length}; expected numRows * numFeatures = ${numRows * numFeatures}`,
    );
  }
  if (featureNames.length !== numFeatures || featureKinds.length !== numFeatures) {
    throw new Error(
      `feature matrix has ${numFeatures} features but ${featureNames.length} names and ${featureKinds.length} kinds`,
    );
  }
  if (new Set(featureNames).size !== featureNames.length) {
    throw new Error('feature names must be unique');
  }
  for (const kind of featureKinds) {
    if (kind !== 'numeric' && kind !== 'categorical') throw new Error(`unknown feature kind '${String(kind)}'`);
  }
}

/** Prediction input must carry the model's features in the model's order; the message lists the first difference. */
export function assertSameFeatures(
  matrix: FeatureMatrix,
  expectedNames: readonly string[],
  expectedKinds: readonly FeatureKind[],
): void {
  assertValidFeatureMatrix(matrix);
  if (matrix.numFeatures !== expectedNames.length) {
    throw new Error(`the model expects ${expectedNames.length} features; the matrix has ${matrix.numFeatures}`);
  }
  for (let j = 0; j < expectedNames.length; j++) {
    if (matrix.featureNames[j] !== expectedNames[j]) {
      throw new Error(
        `feature ${j} is '${matrix.featureNames[j]}' but the model expects '${expectedNames[j]}' (same names, same order)`,
      );
    }
    if (matrix.featureKinds[j] !== expectedKinds[j]) {
      throw new Error(
        `feature '${expectedNames[j]}' is ${matrix.featureKinds[j]} but the model expects ${expectedKinds[j]}`,
      );
    }
  }
}

/**
 * The named features of a matrix, in the given order (a copy; the matrix itself when it already has exactly
 * these features). A model trained on a subset of the features reads its own columns this way.
 */
export function selectFeatures(matrix: FeatureMatrix, names: readonly string[]): FeatureMatrix {
  if (names.length === matrix.numFeatures && names.every((name, j) => matrix.featureNames[j] === name)) return matrix;
  const index = new Map(matrix.featureNames.map((name, j) => [name, j]));
  const n = matrix.numRows;
  const values =
    matrix.values instanceof Float64Array ? new Float64Array(n * names.length) : new Float32Array(n * names.length);
  const kinds = names.map((name, k) => {
    const j = index.get(name);
    if (j === undefined) throw new Error(`the model reads feature '${name}', which the matrix lacks`);
    values.set(matrix.values.subarray(j * n, (j + 1) * n), k * n);
    return matrix.featureKinds[j];
  });
  return { numRows: n, numFeatures: names.length, values, featureNames: [...names], featureKinds: kinds };
}
