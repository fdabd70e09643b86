import type { TrainingGraphMetadata } from '../spec/TrainingGraphMetadata';

/** What the job store knows of a training spec's jobs. */
export interface TrainingSpecStatus {
  /** A training job launched from the spec is DONE: predictions have a model. */
  trained: boolean;
  /** The newest job of the spec that has not ended yet, if any. */
  activeJob?: { id: string; status: string };
}

/**
 * Everything core validation needs from the outside world, injected so that core stays pure:
 * the CLI reads the disk, the language server prefers unsaved editor buffers.
 */
export interface SpecHost {
  /** Text of a file (absolute path), or undefined when it does not exist or cannot be read. */
  readText(absolutePath: string): string | undefined;
  exists(absolutePath: string): boolean;
  /**
   * Files a table `source` resolves to: the file itself, the parquet parts of a directory, or the
   * matches of a glob. At most `limit` entries.
   */
  resolveSource(absolutePathOrGlob: string, limit: number): string[];
  /**
   * The stored training graph and query of a training job: a local job (`training_job: trainingjob-...`,
   * from its job record) or a Kumo job (`kumo:<id>`, from the copy `relgraph kumo pull` cached), if known.
   */
  readTrainingJob?(jobId: string, specPath: string): TrainingGraphMetadata | undefined;
  /**
   * Whether a training spec (absolute path) has a model: the local training jobs launched from it, in the job
   * store of its workspace. Undefined (or omitted by hosts without job stores) when there is no store to ask:
   * then nothing is said about models.
   */
  trainingStatusOf?(trainingSpecPath: string): TrainingSpecStatus | undefined;
  /**
   * Prediction specs whose `graph:` names this graph file, so that a graph file used as an inference
   * graph is checked against its training graph where the fix belongs. Hosts that do not index the
   * workspace may omit it.
   */
  findReferrers?(graphPath: string): string[];
}
