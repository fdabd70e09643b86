import type { DiagnosticCode } from '../../core/diagnostics/DiagnosticCodes';

/**
 * One sentence per code: the SARIF rule descriptions GitHub code scanning shows next to an alert.
 * Partial on purpose: a code added elsewhere must not break the build; a unit test insists on full coverage.
 */
export const DIAGNOSTIC_SUMMARIES: Partial<Record<DiagnosticCode, string>> = {
  'yaml-syntax': 'The file is not valid YAML.',
  schema: 'A key or value does not match the spec format of its kind.',
  'file-not-found': 'A referenced file, folder or glob matches nothing on disk.',
  'unknown-table': 'An edge names a table that the graph does not define.',
  'duplicate-edge': 'The same edge is declared twice.',
  'edge-fkey-is-primary-key': "An edge's foreign key is the primary key of its source table.",
  'edge-dst-no-primary-key': "An edge's destination table has no primary key to point at.",
  'table-not-in-training': 'The inference graph has a table that the training graph does not have.',
  'training-table-missing': 'A table of the training graph is missing from the inference graph.',
  'edge-not-in-training': 'The inference graph has an edge that the training graph does not have.',
  'training-edge-missing': 'An edge of the training graph is missing from the inference graph.',
  'unknown-training-job': 'The training job named by training_job cannot be found.',
  'pql-syntax': 'The predictive query does not parse.',
  'pql-unknown-table': 'The query names a table that is not in the graph.',
  'pql-unknown-column': 'The query names a column that the table does not have.',
  'pql-entity-not-primary-key': 'The FOR EACH column is not the primary key of its table.',
  'pql-target-looks-back': "The target's time window starts before the anchor time.",
  'pql-filter-looks-ahead': "The entity filter's time window ends after the anchor time.",
  'pql-assuming-not-temporal': 'ASSUMING is used on a static query or with a condition that does not look ahead.',
  'pql-wildcard-outside-count': 'table.* is used outside COUNT.',
  'pql-no-time-column': 'A time-windowed aggregation reads a table without a time column.',
  'pql-rank-needs-top-k': 'RANK is used without TOP k.',
  'pql-top-k-needs-rank': 'TOP k is used without RANK.',
  'pql-top-k-out-of-range': 'The k of RANK TOP k is outside the allowed range.',
  'pql-target-is-entity': "The target is the entity's own primary key.",
  'pql-target-mixes-static-temporal': 'The target mixes static and time-windowed conditions.',
  'pql-temporal-in-static-query': 'A static query uses a time-windowed aggregation.',
  'pql-aggregation-needs-window': 'An aggregation has no time window where one is required.',
  'pql-forecast-out-of-range': 'The number of FORECAST timeframes is outside the allowed range.',
  'pql-forecast-target': 'FORECAST needs a numerical target over a forward-looking time window.',
  'pql-problem-type-needs-multicategorical': 'CLASSIFY or RANK is used on a target that is not multicategorical.',
  'pql-multicategorical-needs-problem-type': 'A multicategorical target needs CLASSIFY or RANK TOP k.',
  'pql-list-distinct-invalid': 'LIST_DISTINCT is used in a way the query language does not allow.',
  'pql-first-last-on-foreign-key': 'FIRST or LAST is applied to a foreign key column.',
  'pql-target-filter-on-entity': 'A target filter only reads entity-table columns and belongs in FOR EACH ... WHERE.',
  'pql-static-query-leakage':
    'A static query whose entity table has no time column is split at random, which can leak.',
  'threshold-required': 'A binary classification prediction needs binary_classification_threshold.',
  'threshold-not-applicable': 'binary_classification_threshold is set for a task that is not binary classification.',
  'classes-not-applicable': 'num_classes_to_return is set for a task without classes to rank.',
  'anchor-time-not-applicable': 'anchor_time is set for a static query, which has no anchor time.',
  'partition-requires-parquet': 'A {{PARTITION}} destination path is used with a format other than parquet.',
  'source-unreadable': "A table's source files cannot be read.",
  'empty-table': "A table's source has no rows.",
  'unknown-column': 'The spec names a column that the source data does not have.',
  'time-column-not-temporal': 'The time column does not hold dates or timestamps.',
  'edge-dtype-mismatch': "An edge's foreign key and primary key have incompatible data types.",
  'primary-key-not-unique': 'The primary key column has duplicate values.',
  'primary-key-null': 'The primary key column has empty values.',
  'dangling-foreign-keys': 'Foreign key values point at rows that do not exist in the destination table.',
  'training-column-missing': 'A column the model was trained on is missing from the inference data.',
  'training-column-type-changed': 'A column has a different type in the inference data than in training.',
  'no-null-targets': 'A static target has no empty values, so there is nothing to predict.',
  'null-targets-found': 'How many entities a static-target prediction will fill in.',
  'no-labeled-rows': 'The training data yields no labeled examples.',
  'anchor-time-after-data': 'The anchor time is later than every timestamp in the data.',
  'anchor-time-before-data': 'The anchor time is earlier than every timestamp in the data.',
  'no-eligible-entities': 'No entity passes the query filters at the anchor time.',
  'data-check-incomplete': 'The data checks could not finish for this file.',
  // destinations (jobs stream, issue #8)
  'destination-outside-workspace': "A prediction's outputs would be written outside the project folder.",
  'destination-replaces-foreign-files':
    "A prediction's outputs would replace files Relgraph did not write (allowed only with overwrite: true).",
};

/** The summary of a code, or a readable fallback for a code added after this table was written. */
export function diagnosticSummary(code: DiagnosticCode): string {
  return DIAGNOSTIC_SUMMARIES[code] ?? `Relgraph diagnostic ${code}.`;
}
