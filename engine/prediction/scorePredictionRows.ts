import type { DuckDbSession } from '../../data/DuckDbSession';
import { streamFeatureBatches } from '../features/featureBatches';
import type { FeaturePlan } from '../features/FeaturePlan';
import { planFeatures } from '../features/FeaturePlan';
import type { LoadedGraph } from '../features/GraphTables';
import type { OutputShape, PredictionArrays } from './PredictionArrays';
import type { PredictionWorkerPool } from './PredictionWorkerPool';

/**
 * The Predicting stage: the model's features for every prediction row, built by one set-based DuckDB query in
 * this process (streamFeatureBatches), scored batch by batch on the worker pool while DuckDB produces the next
 * batches. Each batch's results land at its rows' ids, so the arrays (row i = row_id i) do not depend on the
 * number of workers, the batch size, or the order DuckDB emits rows in.
 *
 * Memory: at most `workers + 1` batches exist at a time (one per worker, one being filled), each at most
 * MAX_BATCH_VALUES features; the whole-job arrays hold only the model's outputs.
 */
export interface ScoreRowsRequest {
  graph: LoadedGraph;
  plan: FeaturePlan;
  /** Table with rid (INTEGER, 0 .. rowCount - 1), ENTITY, anchor (TIMESTAMP). */
  anchorsTable: string;
  rowCount: number;
  shape: OutputShape;
  jobKey: string;
  modelArtifactPath: string;
  predictions: boolean;
  /** The embedding width when embeddings are wanted. */
  embeddingWidth?: number;
  signal: AbortSignal;
  /** Rows per batch (default: batchRowsFor the plan's width). */
  batchRows?: number;
  /** Rows whose feature groups are joined per query (default: streamFeatureBatches' ASSEMBLY_RANGE_ROWS). */
  assemblyRangeRows?: number;
  /** Called with (batches scored, batches in all). */
  onProgress?: (done: number, total: number) => void;
}

/** Features per batch: 16 MB of float32, so even a 600-feature plan keeps a few thousand rows per batch. */
const MAX_BATCH_VALUES = 4 * 1024 * 1024;
/** Large enough that per-batch costs (a message each way, the model's per-call set-up) vanish. */
const MAX_BATCH_ROWS = 65_536;
const MIN_BATCH_ROWS = 1024;

export function batchRowsFor(numFeatures: number): number {
  const byMemory = Math.floor(MAX_BATCH_VALUES / Math.max(1, numFeatures));
  return Math.max(MIN_BATCH_ROWS, Math.min(MAX_BATCH_ROWS, byMemory));
}

export async function scorePredictionRows(
  session: DuckDbSession,
  pool: PredictionWorkerPool,
  request: ScoreRowsRequest,
): Promise<PredictionArrays> {
  const { rowCount, signal } = request;
  const whole = allocateOutputs(rowCount, request.shape, request.predictions, request.embeddingWidth);
  const features = planFeatures(request.plan);
  const batchRows = request.batchRows ?? batchRowsFor(features.length);
  if (!Number.isInteger(batchRows) || batchRows < 1)
    throw new Error(`batch rows must be a positive integer (got ${batchRows})`);
  const total = Math.ceil(rowCount / batchRows);
  let done = 0;
  request.onProgress?.(0, total);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const submit = (rowIds: Int32Array, scored: Promise<PredictionArrays>) => {
    const settled: Promise<void> = scored
      .then((part) => {
        placeRowsById(whole, part, rowIds);
        request.onProgress?.(++done, total);
      })
      .catch((error: unknown) => {
        failure ??= error;
      });
    const tracked = settled.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  try {
    await streamFeatureBatches(
      session,
      request.graph,
      request.plan,
      request.anchorsTable,
      { batchRows, signal, ...(request.assemblyRangeRows ? { rangeRows: request.assemblyRangeRows } : {}) },
      async (batch) => {
        // Back-pressure: DuckDB waits (the stream is pulled) while every worker has a batch.
        while (inFlight.size >= pool.workers && failure === undefined) await Promise.race(inFlight);
        if (failure !== undefined) throw failure;
        signal.throwIfAborted();
        const { matrix } = batch;
        submit(
          batch.rowIds,
          pool.score({
            jobKey: request.jobKey,
            modelArtifactPath: request.modelArtifactPath,
            values: matrix.values as Float32Array,
            numRows: matrix.numRows,
            featureNames: matrix.featureNames,
            featureKinds: matrix.featureKinds,
            predictions: request.predictions,
            embeddings: request.embeddingWidth !== undefined,
          }),
        );
      },
    );
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) pool.cancel();
  // Never leave a batch running behind the job's back, whatever ended it.
  await Promise.all(inFlight);
  if (signal.aborted) throw signal.reason ?? new Error('cancelled');
  if (failure !== undefined) throw failure;
  return whole;
}

function allocateOutputs(
  rowCount: number,
  shape: OutputShape,
  predictions: boolean,
  embeddingWidth: number | undefined,
): PredictionArrays {
  const out: PredictionArrays = { rowCount };
  if (predictions) {
    if (shape.kind === 'multiclass') {
      out.classProbabilities = new Float64Array(rowCount * shape.classes.length);
      out.numClasses = shape.classes.length;
    } else out.scores = new Float64Array(rowCount);
  }
  if (embeddingWidth !== undefined) {
    out.embeddings = new Float32Array(rowCount * embeddingWidth);
    out.embeddingWidth = embeddingWidth;
  }
  return out;
}

/** Row i of `part` is row rowIds[i] of `whole`. */
function placeRowsById(whole: PredictionArrays, part: PredictionArrays, rowIds: Int32Array): void {
  const place = (target: Float64Array | Float32Array, source: Float64Array | Float32Array, width: number) => {
    if (source.length !== rowIds.length * width) {
      throw new Error(`a scored batch has ${source.length / width} rows; it was sent ${rowIds.length}`);
    }
    for (let i = 0; i < rowIds.length; i++) {
      const at = rowIds[i] * width;
      for (let k = 0; k < width; k++) target[at + k] = source[i * width + k];
    }
  };
  if (whole.scores) place(whole.scores, requireArray(part.scores, 'scores'), 1);
  if (whole.classProbabilities) {
    if (part.numClasses !== whole.numClasses) {
      throw new Error(
        `the model returned ${part.numClasses} class probabilities per row; its classes are ${whole.numClasses}`,
      );
    }
    place(whole.classProbabilities, requireArray(part.classProbabilities, 'class probabilities'), whole.numClasses!);
  }
  if (whole.embeddings) {
    if (part.embeddingWidth !== whole.embeddingWidth) {
      throw new Error(
        `the model returned embeddings of width ${part.embeddingWidth}; expected ${whole.embeddingWidth}`,
      );
    }
    place(whole.embeddings, requireArray(part.embeddings, 'embeddings'), whole.embeddingWidth!);
  }
}

function requireArray<T>(value: T | undefined, what: string): T {
  if (!value) throw new Error(`the model returned no ${what}`);
  return value;
}
