import type { OutputTarget } from '../../../core/destinations/OutputTarget';
import type { JobArtifact, JobProcess } from '../../../core/jobs/JobRecord';
import type { PlannedRename } from '../../../backend/local/outputCommit';
import type { DuckDbSession } from '../../../data/DuckDbSession';
import type { ScratchRegistry } from '../writeOutputAtomically';

/**
 * Where a batch prediction writes its outputs: the seam a new destination plugs into (one file beside
 * LocalFileDestination, registered in createDestination.ts, plus its entry in the prediction schema).
 * Before a job exists, `preflight` refuses what it must not replace; the job then opens its destination before
 * it writes anything (`reserve`: check again, keep other jobs out), stages every output under temporary names (`stage`), and hands the staged outputs to
 * runJob, which commits them all together with the DONE record, or discards them all.
 */
export interface Destination {
  /** One per output type, in the spec's order. */
  readonly targets: readonly OutputTarget[];
  /** The final paths the job may write, recorded in its record when it is created. */
  readonly outputPaths: readonly string[];
  /**
   * What can be refused before any job exists (files it must not replace, a folder outside the spec's
   * workspace); throws DestinationError.
   */
  preflight(): void;
  /**
   * Checks what the outputs would replace and reserves them for this job until the returned release
   * runs. Throws DestinationError (refused) or DestinationBusyError (another job writes there).
   */
  reserve(job: DestinationJob): () => void;
  /** Writes one output completely under temporary names (registered as the job's scratch). */
  stage(session: DuckDbSession, output: OutputQuery, job: DestinationJob): Promise<StagedDestinationOutput>;
}

export interface DestinationJob {
  id: string;
  recordFile: string;
  process: JobProcess;
  scratch: ScratchRegistry;
  signal?: AbortSignal;
  /** Number of `part_NNN` files of a partitioned output. */
  partitions: number;
}

export interface OutputQuery {
  target: OutputTarget;
  /** SELECT of the output's rows. */
  sql: string;
  /** ORDER BY that makes the output reproducible. */
  orderBy: string;
  /** Expression assigning a row to a partition (hashed). */
  partitionKey: string;
}

export interface StagedDestinationOutput {
  /** The output once committed, as its artifact in the job's record. */
  artifact: JobArtifact;
  /** What the commit renames, in order (a single file's marker first, then the file). */
  renames: PlannedRename[];
  discard(): void;
}
