import type { DiagnosticCode, DiagnosticData } from './DiagnosticCodes';

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

/**
 * One problem in a spec. `SpecDiagnostic<'table-not-in-training'>` (see `hasCode`) has that code's typed
 * `data`; the plain type allows any code and any registered payload.
 */
export interface SpecDiagnostic<C extends DiagnosticCode = DiagnosticCode> {
  code: C;
  severity: Severity;
  message: string;
  range: Range;
  source: DiagnosticSource;
  related?: RelatedLocation[];
  /** Machine-readable facts for quick fixes (e.g. the training table name a misspelt key most likely means). */
  data?: DiagnosticCode extends C ? Readonly<Record<string, unknown>> : DiagnosticData<C>;
}

/** Narrows a diagnostic to one code, and with it the type of its `data`. */
export function hasCode<C extends DiagnosticCode>(
  diagnostic: SpecDiagnostic,
  code: C,
): diagnostic is SpecDiagnostic & SpecDiagnostic<C> {
  return diagnostic.code === code;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
