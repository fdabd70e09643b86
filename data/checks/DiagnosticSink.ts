import { DIAGNOSTIC_CODES, type DiagnosticCode, type DiagnosticData } from '../../core/diagnostics/DiagnosticCodes';
import {
  ZERO_RANGE,
  type Range,
  type RelatedLocation,
  type SpecDiagnostic,
} from '../../core/diagnostics/SpecDiagnostic';
import type { SpecValidation } from '../../core/validation/SpecValidation';

/** A place in some spec file: the validated one, its graph file, or its training spec. */
export interface SpecLocation {
  path: string;
  range: Range;
}

/**
 * Collects data diagnostics for one validated file. A diagnostic can only point into that file, so a
 * location in another file (a `graph:` file, the training spec behind `training_job`) is shown on the
 * reference to that file, with a related location at the exact spot.
 */
export class DiagnosticSink {
  readonly diagnostics: SpecDiagnostic[] = [];

  constructor(private readonly v: SpecValidation) {}

  add<C extends DiagnosticCode>(
    code: C,
    message: string,
    at: SpecLocation,
    extra: { related?: RelatedLocation[]; data?: DiagnosticData<C>; relatedMessage?: string } = {},
  ): void {
    const related = [...(extra.related ?? [])];
    let range = at.range;
    if (at.path !== this.v.path) {
      range = this.referenceTo(at.path) ?? ZERO_RANGE;
      related.unshift({
        path: at.path,
        range: at.range,
        message: extra.relatedMessage ?? 'the data check refers to this',
      });
    }
    this.diagnostics.push({
      code,
      severity: DIAGNOSTIC_CODES[code],
      message,
      range,
      source: 'relgraph-data',
      ...(related.length > 0 ? { related } : {}),
      ...(extra.data ? { data: extra.data } : {}),
    });
  }

  /** The range, in the validated file, of the reference that leads to `path`. */
  private referenceTo(path: string): Range | undefined {
    const spec = this.v.spec;
    if (!spec || spec.kind === 'graph') return undefined;
    if (spec.graph?.kind === 'path' && spec.graph.absolutePath === path) return spec.graph.path.range;
    if (spec.kind === 'prediction' && spec.trainingJob) {
      // The training spec, and the graph file it names, are both reached through `training_job`.
      return spec.trainingJob.ref.range;
    }
    return spec.graph?.kind === 'path' ? spec.graph.path.range : undefined;
  }
}

/** `1,234`. Not toLocaleString: its first call loads ICU data, tens of ms that a warm run cannot spare. */
export function count(n: number): string {
  const [whole, fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `0.05%`, with enough digits that a small non-zero share never prints as 0%. */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '0%';
  const share = (100 * part) / whole;
  const digits = share >= 10 ? 0 : share >= 1 ? 1 : share >= 0.01 ? 2 : 4;
  return `${share.toFixed(digits)}%`;
}

/** `'a', 'b', 'c'` */
export function examples(values: readonly string[]): string {
  return values.map((v) => `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`).join(', ');
}

/** Whether `inner` lies within `outer`. */
export function rangeWithin(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
