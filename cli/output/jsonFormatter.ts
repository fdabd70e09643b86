import { diagnosticDocUrl } from '../../core/diagnostics/DiagnosticCodes';
import type { Range, Severity, SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import {
  compareDiagnostics,
  displayPath,
  summarizeReport,
  type ReportSummary,
  type ValidationReport,
} from './ValidationReport';

/**
 * The `--format json` contract: `{files: [{path, diagnostics: [{code, severity, message, range}]}], summary: {errors, warnings}}`
 * with LSP-style 0-based ranges. Fields may be added (absolutePath, source, docs, related, data, failure, task), never removed.
 */
export interface JsonReport {
  files: JsonFileReport[];
  summary: ReportSummary;
}

export interface JsonFileReport {
  /** Relative to the working directory, `/`-separated. */
  path: string;
  absolutePath: string;
  diagnostics: JsonDiagnostic[];
  failure?: string;
  /** The query's task type and why (training and prediction specs whose query resolves). */
  task?: JsonTask;
}

export interface JsonTask {
  type: string;
  reason: string;
  /** What decided it: query, declared-type, column-type, data, unknown-type or training-job. */
  basis: string;
  /** True when the target column's values could still change it (data checks off or unreadable). */
  dependsOnData: boolean;
  /** Binary classification of a two-valued column: the value TARGET_PRED=true stands for, and both values. */
  positiveClass?: string;
  classes?: [string, string];
}

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  source: string;
  /** The code's section in docs/diagnostics.md. */
  docs: string;
  related?: { path: string; absolutePath: string; range: Range; message: string }[];
  data?: Record<string, unknown>;
}

export function toJsonReport(report: ValidationReport): JsonReport {
  return {
    files: report.files.map((file) => {
      const entry: JsonFileReport = {
        path: displayPath(file.path, report.cwd),
        absolutePath: file.path,
        diagnostics: [...file.diagnostics].sort(compareDiagnostics).map((d) => toJsonDiagnostic(d, report.cwd)),
      };
      if (file.failure !== undefined) entry.failure = file.failure;
      if (file.task) entry.task = toJsonTask(file.task);
      return entry;
    }),
    summary: summarizeReport(report),
  };
}

export function formatJson(report: ValidationReport): string {
  return JSON.stringify(toJsonReport(report), jsonSafe, 2) + '\n';
}

/** DuckDB counts arrive as bigint, which JSON.stringify rejects; they become numbers (strings past 2^53). */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}

function toJsonDiagnostic(diagnostic: SpecDiagnostic, cwd: string): JsonDiagnostic {
  const json: JsonDiagnostic = {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    range: copyRange(diagnostic.range),
    source: diagnostic.source,
    docs: diagnosticDocUrl(diagnostic.code),
  };
  if (diagnostic.related && diagnostic.related.length > 0) {
    json.related = diagnostic.related.map((related) => ({
      path: displayPath(related.path, cwd),
      absolutePath: related.path,
      range: copyRange(related.range),
      message: related.message,
    }));
  }
  if (diagnostic.data && Object.keys(diagnostic.data).length > 0) json.data = diagnostic.data;
  return json;
}

function toJsonTask(task: NonNullable<ValidationReport['files'][number]['task']>): JsonTask {
  const json: JsonTask = {
    type: task.taskType,
    reason: task.reason,
    basis: task.basis,
    dependsOnData: task.dependsOnData,
  };
  if (task.positiveClass !== undefined) json.positiveClass = task.positiveClass;
  if (task.classes) json.classes = [...task.classes];
  return json;
}

/** Only the four numbers: a checker's range object may carry extra properties that are not part of the contract. */
function copyRange(range: Range): Range {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}
