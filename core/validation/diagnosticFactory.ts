import { DIAGNOSTIC_CODES, type DiagnosticCode, type DiagnosticData } from '../diagnostics/DiagnosticCodes';
import type { Range, RelatedLocation, Severity, SpecDiagnostic } from '../diagnostics/SpecDiagnostic';

/** A static-tier diagnostic with the code's default severity and, when given, its typed `data`. */
export function diagnostic<C extends DiagnosticCode>(
  code: C,
  message: string,
  range: Range,
  extra: { related?: RelatedLocation[]; data?: DiagnosticData<C>; severity?: Severity } = {},
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
