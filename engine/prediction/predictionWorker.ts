import { DuckDbSession } from '../../data/DuckDbSession';
import { sqlIdent, sqlString } from '../../data/sourceScan';
import { buildFeatures } from '../features/FeatureBuilder';
import type { GraphEdge, LoadedGraph, LoadedTable } from '../features/GraphTables';
import { streamNumericColumns } from '../features/duckDbColumns';
import type { TrainedModel } from '../training/TrainedModel';
import { loadArtifactModel, readModelArtifact, type ModelArtifact } from '../training/ModelArtifact';
import type { PredictionArrays } from './PredictionArrays';

/**
 * One prediction worker thread (piscina). It opens its own DuckDB, loads the job's graph tables from
 * the Parquet snapshot the parent wrote (so every worker sees exactly the parent's data), reads the
 * model, and then, per task, builds the features of a slice of the prediction rows and runs the model.
 * The arrays come back in row_id order; the parent writes the outputs.
 */
export interface PredictionWorkerTask {
  /** Identifies the job: a worker keeps one job's tables and model loaded across its slices. */
  jobKey: string;
  /** DuckDB threads of this worker (workers x threads stays within the cores). */
  threads: number;
  /** The inference graph's tables as the parent loaded them, and the Parquet file of each. */
  tables: LoadedTable[];
  edges: GraphEdge[];
  tableFiles: Record<string, string>;
  modelArtifactPath: string;
  /** Parquet file of the prediction rows: row_id, ENTITY, FEATURE_ANCHOR. */
  rowsFile: string;
  /** The slice: rows with rowStart <= row_id < rowEnd. */
  rowStart: number;
  rowEnd: number;
  predictions: boolean;
  embeddings: boolean;
  /**
   * Shared with the parent (a SharedArrayBuffer): set to 1 when the job is cancelled. The worker then
   * interrupts its running DuckDB query and gives up the slice; the parent waits for it (see
   * PredictionWorkerPool.run) instead of terminating a thread that may be inside native code.
   */
  cancelFlag?: Int32Array;
}

/** How often a running slice looks at the cancel flag. */
const CANCEL_POLL_MS = 25;

/** The slice gave up because its job was cancelled. */
class SliceCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'SliceCancelled';
  }
}

interface LoadedJob {
  key: string;
  session: DuckDbSession;
  graph: LoadedGraph;
  artifact: ModelArtifact;
  model: TrainedModel;
}

let current: Promise<LoadedJob> | undefined;
let currentKey: string | undefined;
/** The session a cancel interrupts: the one loading or predicting right now. */
let activeSession: DuckDbSession | undefined;

async function dropJob(): Promise<void> {
  const previous = current;
  const session = activeSession;
  current = currentKey = activeSession = undefined;
  const loaded = previous
    ? await previous.then(
        (job) => job.session,
        () => undefined,
      )
    : undefined;
  loaded?.close();
  // A load that was interrupted half-way never became `current`'s result: close its session too.
  if (session && session !== loaded) session.close();
}

export default async function predictSlice(task: PredictionWorkerTask): Promise<PredictionArrays> {
  const flag = task.cancelFlag;
  const cancelled = () => flag !== undefined && Atomics.load(flag, 0) === 1;
  if (cancelled()) throw new SliceCancelled();
  // The worker's event loop is free while DuckDB works on its own threads: poll the flag and interrupt.
  const watch = setInterval(() => {
    if (cancelled()) activeSession?.connection.interrupt();
  }, CANCEL_POLL_MS);
  try {
    const out = await predictUncancelled(task, cancelled);
    if (cancelled()) throw new SliceCancelled();
    return out;
  } catch (error) {
    if (!cancelled()) throw error;
    // An interrupted load or query may leave the session half-built: drop it, the job is over anyway.
    await dropJob();
    throw new SliceCancelled();
  } finally {
    clearInterval(watch);
  }
}

async function predictUncancelled(task: PredictionWorkerTask, cancelled: () => boolean): Promise<PredictionArrays> {
  const job = await loadJob(task);
  const { session, graph, artifact, model } = job;
  const slice = 'rg_worker_slice';
  await session.run(
    `CREATE OR REPLACE TEMP TABLE ${slice} AS SELECT row_id, ENTITY, FEATURE_ANCHOR AS ANCHOR_TIMESTAMP FROM rg_worker_rows ` +
      `WHERE row_id >= ${task.rowStart} AND row_id < ${task.rowEnd}`,
  );
  const built = await buildFeatures(session, graph, artifact.featurePlan, slice, { rowOrderTable: 'rg_worker_order' });
  const n = task.rowEnd - task.rowStart;
  if (built.matrix.numRows !== n) throw new Error(`built ${built.matrix.numRows} feature rows for a slice of ${n}`);

  // The feature matrix is in (anchor, entity) order; `position[rid]` is the row's place in the slice.
  const position = new Int32Array(n);
  await streamNumericColumns(
    session,
    `SELECT o.rid, s.row_id - ${task.rowStart} FROM rg_worker_order o JOIN ${slice} s ` +
      `ON o.ENTITY = s.ENTITY AND o.anchor = s.ANCHOR_TIMESTAMP`,
    (columns, _offset, rowCount) => {
      for (let i = 0; i < rowCount; i++) position[Number(columns[0][i])] = Number(columns[1][i]);
    },
  );
  const out: PredictionArrays = { rowCount: n };
  // The model runs in plain JavaScript (nothing to interrupt): look at the flag before each part.
  if (cancelled()) throw new SliceCancelled();
  if (task.predictions) {
    const raw = model.predict(built.matrix);
    const width = model.task === 'multiclass' ? model.numOutputs : 1;
    const placed = permuteRows(raw, width, position);
    if (width === 1) out.scores = placed;
    else {
      out.classProbabilities = placed;
      out.numClasses = width;
    }
  }
  if (task.embeddings && !cancelled()) {
    const embedded = model.embed(built.matrix);
    const width = n > 0 ? embedded.length / n : model.settings.embedding_dim;
    out.embeddings = permuteRows(embedded, width, position);
    out.embeddingWidth = width;
  }
  return out;
}

/** Row r of `values` (row-major, `width` wide) moves to row position[r]. */
function permuteRows<T extends Float64Array | Float32Array>(values: T, width: number, position: Int32Array): T {
  const out = new (values.constructor as new (length: number) => T)(values.length);
  for (let r = 0; r < position.length; r++) {
    out.set(values.subarray(r * width, (r + 1) * width), position[r] * width);
  }
  return out;
}

function loadJob(task: PredictionWorkerTask): Promise<LoadedJob> {
  if (current && currentKey === task.jobKey) return current;
  const previous = current;
  currentKey = task.jobKey;
  current = (async () => {
    if (previous)
      await previous.then(
        (job) => job.session.close(),
        () => undefined,
      );
    const session = await DuckDbSession.open({ threads: task.threads });
    activeSession = session;
    for (const table of task.tables) {
      const file = task.tableFiles[table.relation];
      await session.run(`CREATE TABLE ${sqlIdent(table.relation)} AS SELECT * FROM read_parquet(${sqlString(file)})`);
    }
    await session.run(`CREATE TABLE rg_worker_rows AS SELECT * FROM read_parquet(${sqlString(task.rowsFile)})`);
    const artifact = readModelArtifact(task.modelArtifactPath);
    const graph: LoadedGraph = { tables: new Map(task.tables.map((t) => [t.name, t])), edges: task.edges };
    return { key: task.jobKey, session, graph, artifact, model: loadArtifactModel(artifact) };
  })();
  // A failed load must not be cached: the next task retries (and reports its own error).
  current.catch(() => {
    if (currentKey === task.jobKey) current = currentKey = undefined;
  });
  return current;
}
