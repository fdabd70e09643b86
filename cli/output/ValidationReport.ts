import * as path from 'node:path';
import type { Range, SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import type { TaskTypeInference } from '../../core/pql/inferTaskType';

/** What `relgraph validate` found in one spec file. */
export interface FileReport {
  /** Absolute path. */
  path: string;
  diagnostics: SpecDiagnostic[];
  /**
   * Set when the file could not be validated at all (a bug in a checker, not a problem in the spec).
   * Counts as an error for the exit code, so a crash never passes silently in CI.
   */
  failure?: string;
  /** Training and prediction specs: the task type of the query (of the model, for a prediction spec), and why. */
  task?: TaskTypeInference;
}

/** Everything the formatters print, in a stable order. */
export interface ValidationReport {
  /** Paths are printed relative to this folder. */
  cwd: string;
  files: FileReport[];
}

export interface ReportSummary {
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  files: number;
  /** Files that could not be validated (see FileReport.failure). */
  failures: number;
}

export function summarizeReport(report: ValidationReport): ReportSummary {
  const summary: ReportSummary = {
    errors: 0,
    warnings: 0,
    information: 0,
    hints: 0,
    files: report.files.length,
    failures: 0,
  };
  for (const file of report.files) {
    if (file.failure !== undefined) summary.failures++;
    for (const diagnostic of file.diagnostics) {
      if (diagnostic.severity === 'error') summary.errors++;
      else if (diagnostic.severity === 'warning') summary.warnings++;
      else if (diagnostic.severity === 'information') summary.information++;
      else summary.hints++;
    }
  }
  return summary;
}

/** The exit code contract: 1 when anything is an error (or could not be checked), else 0. */
export function reportExitCode(report: ValidationReport): 0 | 1 {
  const summary = summarizeReport(report);
  return summary.errors > 0 || summary.failures > 0 ? 1 : 0;
}

/** A path as printed: relative to cwd with `/` separators, so output is the same on every OS. */
export function displayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative === '' ? path.basename(absolutePath) : relative).split(path.sep).join('/');
}

/** Orders diagnostics by position, then code, so output does not depend on the order checks ran in. */
export function compareDiagnostics(a: SpecDiagnostic, b: SpecDiagnostic): number {
  return compareRanges(a.range, b.range) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

function compareRanges(a: Range, b: Range): number {
  return (
    a.start.line - b.start.line ||
    a.start.character - b.start.character ||
    a.end.line - b.end.line ||
    a.end.character - b.end.character
  );
}
