import type { TaskType } from '../pql/ast';
import type { Dtype, Stype } from './SpecModel';

/**
 * What a finished training job records about the graph it learned from. Validation of a prediction
 * spec whose `training_job` is a job id compares the inference graph against this.
 */
export interface TrainingGraphMetadata {
  jobId: string;
  /** The training spec the job was launched from, if it was a local file. */
  specPath?: string;
  query: string;
  taskType: TaskType;
  tables: TrainingTableMetadata[];
  edges: { srcTable: string; fkey: string; dstTable: string }[];
}

export interface TrainingTableMetadata {
  name: string;
  primaryKey?: string;
  timeColumn?: string;
  endTimeColumn?: string;
  columns: { name: string; dtype: Dtype; stype: Stype }[];
}
