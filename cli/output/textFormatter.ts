import type { Severity, SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import { compareDiagnostics, displayPath, summarizeReport, type ValidationReport } from './ValidationReport';

export interface TextFormatOptions {
  /** ANSI colors; the command enables them only for a TTY without NO_COLOR. */
  color: boolean;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
} as const;

const SEVERITY_COLOR: Record<Severity, string> = {
  error: ANSI.red,
  warning: ANSI.yellow,
  information: ANSI.cyan,
  hint: ANSI.dim,
};

/**
 * One line per diagnostic, `path:line:col severity code message` with 1-based positions (the form
 * editors and CI log viewers turn into links), then a summary line such as `2 errors, 1 warning in 5 files`.
 */
export function formatText(report: ValidationReport, options: TextFormatOptions): string {
  const paint = (codes: string, text: string) => (options.color ? `${codes}${text}${ANSI.reset}` : text);
  const lines: string[] = [];
  for (const file of report.files) {
    const shownPath = displayPath(file.path, report.cwd);
    for (const diagnostic of [...file.diagnostics].sort(compareDiagnostics)) {
      lines.push(formatDiagnosticLine(shownPath, diagnostic, paint));
    }
    if (file.failure !== undefined) {
      lines.push(`${shownPath}: ${paint(ANSI.red, 'could not be validated')}: ${singleLine(file.failure)}`);
    }
  }
  const summary = summarizeReport(report);
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.information > 0) counts.push(`${summary.information} information`);
  if (summary.hints > 0) counts.push(plural(summary.hints, 'hint'));
  let summaryLine = `${counts.join(', ')} in ${plural(summary.files, 'file')}`;
  if (summary.failures > 0) summaryLine += `; ${plural(summary.failures, 'file')} could not be validated`;
  const summaryColor =
    summary.errors > 0 || summary.failures > 0 ? ANSI.red : summary.warnings > 0 ? ANSI.yellow : ANSI.green;
  lines.push(paint(ANSI.bold + summaryColor, summaryLine));
  return lines.join('\n') + '\n';
}

function formatDiagnosticLine(
  shownPath: string,
  diagnostic: SpecDiagnostic,
  paint: (codes: string, text: string) => string,
): string {
  const { line, character } = diagnostic.range.start;
  const location = `${shownPath}:${line + 1}:${character + 1}`;
  const severity = paint(SEVERITY_COLOR[diagnostic.severity] ?? '', diagnostic.severity);
  return `${location} ${severity} ${paint(ANSI.dim, diagnostic.code)} ${singleLine(diagnostic.message)}`;
}

/** Keeps one diagnostic per line, so `grep` and CI problem matchers see whole diagnostics. */
function singleLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
