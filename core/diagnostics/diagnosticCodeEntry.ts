import type { Severity } from './SpecDiagnostic';

/**
 * Which tier reports a code: static checks read only spec files, data checks read the tables behind
 * them; `internal` is Relgraph's own failure, in either tier.
 */
export type DiagnosticTier = 'static' | 'data' | 'internal';

/** How an editor may render a diagnostic besides its severity (LSP `DiagnosticTag`). */
export type DiagnosticTagName = 'unnecessary';

/**
 * What Relgraph says about one diagnostic code. `Data` is the shape of the diagnostic's `data` payload
 * (the facts a quick fix reads); it exists only for the type checker, so producers and code actions agree.
 */
export interface DiagnosticCodeEntry<Data = undefined> {
  /** The default severity; users override it per code (`relgraph.diagnostics.severity`). */
  readonly severity: Severity;
  /** One sentence: the SARIF rule description, the settings text and the docs index use it. */
  readonly summary: string;
  readonly tags?: readonly DiagnosticTagName[];
  /** Type-only (never set at run time): wrapped so that `undefined` payloads survive inference. */
  readonly dataType?: { payload: Data };
}

/** A registry entry; the type argument, when given, is the code's `data` payload. */
export function code(entry: Omit<DiagnosticCodeEntry, 'dataType'>): DiagnosticCodeEntry<undefined>;
export function code<Data>(entry: Omit<DiagnosticCodeEntry<Data>, 'dataType'>): DiagnosticCodeEntry<Data>;
export function code(entry: Omit<DiagnosticCodeEntry<unknown>, 'dataType'>): DiagnosticCodeEntry<unknown> {
  return entry;
}

/** A section of docs/diagnostics.md's index: codes of one tier that belong together. */
export interface DiagnosticGroup<Codes extends Record<string, DiagnosticCodeEntry<unknown>>> {
  readonly title: string;
  readonly tier: DiagnosticTier;
  /** A page that explains the group at length, linked from the index. */
  readonly seeAlso?: string;
  readonly codes: Codes;
}

export function group<Codes extends Record<string, DiagnosticCodeEntry<unknown>>>(
  definition: DiagnosticGroup<Codes>,
): DiagnosticGroup<Codes> {
  return definition;
}

// Payloads are type aliases, not interfaces: they must fit `Record<string, unknown>` (JSON output, LSP `data`).

/** A name the spec has that most likely should be another: the text a "Change to" quick fix puts at the range. */
export type NameSuggestion = { suggestion?: string };

/** The edge of a graph as the spec writes it (`src_table`, `fkey`, `dst_table`). */
export type EdgePayload = { src_table: string; fkey: string; dst_table: string };
