import type { DiagnosticCode } from './DiagnosticCodes';

/** LSP-style 0-based position. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Which tier produced a diagnostic: static checks run on every edit, data checks read the files behind the specs. */
export type DiagnosticSource = 'relgraph' | 'relgraph-data';

export interface RelatedLocation {
  /** Absolute path of the file the related location is in. */
  path: string;
  range: Range;
  message: string;
}

export interface SpecDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: Range;
  source: DiagnosticSource;
  related?: RelatedLocation[];
  /** Machine-readable facts for quick fixes (e.g. the training table name a misspelt key most likely means). */
  data?: Record<string, unknown>;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
