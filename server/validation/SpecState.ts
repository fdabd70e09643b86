import type { SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import type { SpecValidation } from '../../core/validation/SpecValidation';

export type DataRunState = 'not-run' | 'running' | 'done';

/** What the server knows about one open spec: its latest static validation and its data-check results. */
export interface SpecState {
  path: string;
  uri: string;
  /** The document version the static validation saw. */
  version: number;
  validation: SpecValidation;
  /**
   * The latest validation that had a spec model. While a line is half typed the YAML does not parse;
   * completion then answers from the last model (names rarely change mid-keystroke, ranges are not used).
   */
  lastParsed?: SpecValidation;
  data: {
    state: DataRunState;
    diagnostics: SpecDiagnostic[];
    finishedAt?: Date;
  };
}
