import { code, group, type NameSuggestion } from '../diagnosticCodeEntry';

/**
 * Static codes of the predictive query. Every PQL check may name the text that should replace the
 * flagged span (`suggestion`), which the editor offers as a quick fix.
 */
const pql = (severity: 'error' | 'warning', summary: string) => code<NameSuggestion>({ severity, summary });

export const PQL_NAME_CODES = group({
  title: 'PQL: names',
  tier: 'static',
  codes: {
    'pql-syntax': pql('error', 'The predictive query does not parse.'),
    'pql-unknown-table': pql('error', 'The query names a table that is not in the graph.'),
    'pql-unknown-column': pql('error', 'The query names a column that the table does not have.'),
    'pql-entity-not-primary-key': pql('error', 'The FOR EACH column is not the primary key of its table.'),
    'pql-target-is-entity': pql('error', "The target is the entity's own primary key."),
  },
});

export const PQL_TIME_CODES = group({
  title: 'PQL: time',
  tier: 'static',
  codes: {
    'pql-target-looks-back': pql('error', "The target's time window starts before the anchor time."),
    'pql-filter-looks-ahead': pql('error', "The entity filter's time window ends after the anchor time."),
    'pql-assuming-not-temporal': pql(
      'error',
      'ASSUMING is used on a static query or with a condition that does not look ahead.',
    ),
    'pql-no-time-column': pql('error', 'A time-windowed aggregation reads a table without a time column.'),
    'pql-target-mixes-static-temporal': pql('error', 'The target mixes static and time-windowed conditions.'),
    'pql-temporal-in-static-query': pql('error', 'A static query uses a time-windowed aggregation.'),
    'pql-aggregation-needs-window': pql('error', 'An aggregation has no time window where one is required.'),
    'pql-static-query-leakage': pql(
      'warning',
      'A static query whose entity table has no time column is split at random, which can leak.',
    ),
  },
});

export const PQL_TASK_CODES = group({
  title: 'PQL: aggregations and task',
  tier: 'static',
  codes: {
    'pql-wildcard-outside-count': pql('error', 'table.* is used outside COUNT.'),
    'pql-rank-needs-top-k': pql('error', 'RANK is used without TOP k.'),
    'pql-top-k-needs-rank': pql('error', 'TOP k is used without RANK.'),
    'pql-top-k-out-of-range': pql('error', 'The k of RANK TOP k is outside the allowed range.'),
    'pql-forecast-out-of-range': pql('error', 'The number of FORECAST timeframes is outside the allowed range.'),
    'pql-forecast-target': pql('error', 'FORECAST needs a numerical target over a forward-looking time window.'),
    'pql-problem-type-needs-multicategorical': pql(
      'error',
      'CLASSIFY or RANK is used on a target that is not multicategorical.',
    ),
    'pql-multicategorical-needs-problem-type': pql('error', 'A multicategorical target needs CLASSIFY or RANK TOP k.'),
    'pql-list-distinct-invalid': pql('error', 'LIST_DISTINCT is used in a way the query language does not allow.'),
    'pql-first-last-on-foreign-key': pql('error', 'FIRST or LAST is applied to a foreign key column.'),
    'pql-target-filter-on-entity': pql(
      'warning',
      'A target filter only reads entity-table columns and belongs in FOR EACH ... WHERE.',
    ),
  },
});

export const PQL_JOIN_CODES = group({
  title: 'PQL: joins and column kinds',
  tier: 'static',
  codes: {
    'pql-join-not-unique': pql(
      'error',
      'A column of a table with many rows per entity is read without an aggregation.',
    ),
    'pql-join-missing': pql('error', "No single foreign key links the column's table to the table it is read for."),
    'pql-join-ambiguous': pql(
      'error',
      "Several foreign-key paths link the column's table to the table it is read for.",
    ),
    'pql-aggregation-type-mismatch': pql(
      'error',
      'An aggregation is applied to a column it cannot aggregate (SUM of text, SUM of a key).',
    ),
    'pql-aggregation-stype-mismatch': pql(
      'warning',
      'An aggregation Kumo accepts with a warning, such as SUM of a categorical column.',
    ),
  },
});
