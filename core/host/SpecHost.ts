import type { TrainingGraphMetadata } from '../spec/TrainingGraphMetadata';

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
   * Prediction specs whose `graph:` names this graph file, so that a graph file used as an inference
   * graph is checked against its training graph where the fix belongs. Hosts that do not index the
   * workspace may omit it.
   */
  findReferrers?(graphPath: string): string[];
}
