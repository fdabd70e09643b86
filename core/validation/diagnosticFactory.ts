import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../diagnostics/DiagnosticCodes';
import type { Range, RelatedLocation, Severity, SpecDiagnostic } from '../diagnostics/SpecDiagnostic';

/** A static-tier diagnostic with the code's default severity. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  range: Range,
  extra: { related?: RelatedLocation[]; data?: Record<string, unknown>; severity?: Severity } = {},
): SpecDiagnostic {
  return {
    code,
    severity: extra.severity ?? DIAGNOSTIC_CODES[code],
    message,
    range,
    source: 'relgraph',
    ...(extra.related ? { related: extra.related } : {}),
    ...(extra.data ? { data: extra.data } : {}),
  };
}
