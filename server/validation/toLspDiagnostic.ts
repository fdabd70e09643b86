import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { diagnosticDocUrl, diagnosticInfo } from '../../core/diagnostics/DiagnosticCodes';
import type { DiagnosticTagName } from '../../core/diagnostics/diagnosticCodeEntry';
import type { Severity, SpecDiagnostic } from '../../core/diagnostics/SpecDiagnostic';
import { pathToUri } from '../documents/specFiles';
import type { SeverityOverride } from '../ServerSettings';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TAGS: Record<DiagnosticTagName, DiagnosticTag> = {
  unnecessary: DiagnosticTag.Unnecessary,
};

/**
 * A core diagnostic as the editor shows it: same code and message as `relgraph validate`, a link to the
 * code's section in docs/diagnostics.md, related locations as clickable links, and the core's `data`
 * carried along so code actions can read it back. Returns undefined when the user turned the code off.
 */
export function toLspDiagnostic(
  diagnostic: SpecDiagnostic,
  overrides: Partial<Record<string, SeverityOverride>>,
): Diagnostic | undefined {
  const override = overrides[diagnostic.code];
  if (override === 'off') return undefined;
  const lsp: Diagnostic = {
    range: diagnostic.range,
    severity: SEVERITY[override ?? diagnostic.severity],
    code: diagnostic.code,
    codeDescription: { href: diagnosticDocUrl(diagnostic.code) },
    source: diagnostic.source,
    message: diagnostic.message,
  };
  if (diagnostic.related?.length) {
    lsp.relatedInformation = diagnostic.related.map((related) => ({
      location: { uri: pathToUri(related.path), range: related.range },
      message: related.message,
    }));
  }
  if (diagnostic.data) lsp.data = diagnostic.data;
  const tags = diagnosticInfo(diagnostic.code).tags;
  if (tags.length > 0) lsp.tags = tags.map((tag) => TAGS[tag]);
  return lsp;
}
