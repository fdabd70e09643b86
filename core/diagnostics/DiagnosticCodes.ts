import type { Severity } from './SpecDiagnostic';

/**
 * Every diagnostic code Relgraph emits, with its default severity. Codes are a public contract
 * (CI scripts, suppressions and docs anchors rely on them): add codes, never rename them.
 */
export const DIAGNOSTIC_CODES = {
  // files and schema
  'yaml-syntax': 'error',
  schema: 'error',
  'file-not-found': 'error',
  // graph structure
  'unknown-table': 'error',
  'duplicate-edge': 'error',
  'edge-fkey-is-primary-key': 'error',
  'edge-dst-no-primary-key': 'error',
  // inference graph vs training graph
  'table-not-in-training': 'error',
  'training-table-missing': 'error',
  'edge-not-in-training': 'error',
  'training-edge-missing': 'error',
  'unknown-training-job': 'error',
  // PQL
  'pql-syntax': 'error',
  'pql-unknown-table': 'error',
  'pql-unknown-column': 'error',
  'pql-entity-not-primary-key': 'error',
  'pql-target-looks-back': 'error',
  'pql-filter-looks-ahead': 'error',
  'pql-assuming-not-temporal': 'error',
  'pql-wildcard-outside-count': 'error',
  'pql-no-time-column': 'error',
  'pql-rank-needs-top-k': 'error',
  'pql-top-k-needs-rank': 'error',
  'pql-top-k-out-of-range': 'error',
  'pql-target-is-entity': 'error',
  'pql-target-mixes-static-temporal': 'error',
  'pql-temporal-in-static-query': 'error',
  'pql-aggregation-needs-window': 'error',
  'pql-forecast-out-of-range': 'error',
  'pql-forecast-target': 'error',
  'pql-problem-type-needs-multicategorical': 'error',
  'pql-multicategorical-needs-problem-type': 'error',
  'pql-list-distinct-invalid': 'error',
  'pql-first-last-on-foreign-key': 'error',
  'pql-target-filter-on-entity': 'warning',
  'pql-static-query-leakage': 'warning',
  // prediction settings
  'threshold-required': 'error',
  'threshold-not-applicable': 'warning',
  'classes-not-applicable': 'warning',
  'anchor-time-not-applicable': 'error',
  'partition-requires-parquet': 'error',
  // data-aware checks
  'source-unreadable': 'error',
  'empty-table': 'warning',
  'unknown-column': 'error',
  'time-column-not-temporal': 'error',
  'edge-dtype-mismatch': 'error',
  'primary-key-not-unique': 'error',
  'primary-key-null': 'error',
  'dangling-foreign-keys': 'warning',
  'training-column-missing': 'error',
  'training-column-type-changed': 'error',
  'no-null-targets': 'error',
  'null-targets-found': 'information',
  'no-labeled-rows': 'error',
  'anchor-time-after-data': 'warning',
  'anchor-time-before-data': 'warning',
  'no-eligible-entities': 'warning',
  'data-check-incomplete': 'warning',
  // destinations (jobs stream, issue #8): where a prediction's outputs go
  'destination-outside-workspace': 'warning',
  'destination-replaces-foreign-files': 'error',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export const DOCS_BASE_URL = 'https://github.com/relgraph/relgraph/blob/main/docs/diagnostics.md';

/** Link to the code's section in docs/diagnostics.md (GitHub anchors are the lower-cased heading). */
export function diagnosticDocUrl(code: DiagnosticCode): string {
  return `${DOCS_BASE_URL}#${code}`;
}

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, value);
}
