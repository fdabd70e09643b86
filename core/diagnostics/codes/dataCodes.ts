import { code, group, type NameSuggestion } from '../diagnosticCodeEntry';

/** Rows of an entity table against a static target: how many have a value (labels) and how many do not. */
type TargetCounts = { table: string; columns: string[]; rows: number; nullRows: number; labelledRows: number };

type AnchorRange = { anchor: string; dataMin: string; dataMax: string };

type ColumnTypes = { dtype: string; stype: string };

/** Codes of the data checks (data/checks), which read each table's source with DuckDB. */
export const DATA_CODES = group({
  title: 'data',
  tier: 'data',
  seeAlso: 'data-checks.md',
  codes: {
    'source-unreadable': code({ severity: 'error', summary: "A table's source files cannot be read." }),
    'source-outside-workspace': code<{ table: string; path: string; folder: string }>({
      severity: 'warning',
      summary: "A table's source lies outside the workspace folder, so the data checks did not read it.",
    }),
    'empty-table': code({ severity: 'warning', summary: "A table's source has no rows." }),
    'unknown-column': code<{ table: string; column: string } & NameSuggestion>({
      severity: 'error',
      summary: 'The spec names a column that the source data does not have.',
    }),
    'time-column-not-temporal': code<{ column: string; count: number; examples: string[] }>({
      severity: 'error',
      summary: 'The time column does not hold dates or timestamps.',
    }),
    'edge-dtype-mismatch': code<{ fkDtype: string; pkDtype: string }>({
      severity: 'error',
      summary: "An edge's foreign key and primary key have incompatible data types.",
    }),
    'primary-key-not-unique': code<{
      column: string;
      duplicateValues: number;
      duplicateRows: number;
      examples: { value: string; count: number }[];
    }>({ severity: 'error', summary: 'The primary key column has duplicate values.' }),
    'primary-key-null': code<{ column: string; nullRows: number; rows: number }>({
      severity: 'error',
      summary: 'The primary key column has empty values.',
    }),
    'dangling-foreign-keys': code<{ fkRows: number; danglingRows: number; danglingValues: number; examples: string[] }>(
      {
        severity: 'warning',
        summary: 'Foreign key values point at rows that do not exist in the destination table.',
      },
    ),
    'training-column-missing': code<{ table: string; column: string }>({
      severity: 'error',
      summary: 'A column the model was trained on is missing from the inference data.',
    }),
    'training-column-type-changed': code<{
      table: string;
      column: string;
      training: ColumnTypes;
      inference: ColumnTypes;
    }>({
      severity: 'error',
      summary: 'A column has a different type in the inference data than in training.',
    }),
    'no-null-targets': code<TargetCounts>({
      severity: 'error',
      summary: 'A static target has no empty values, so there is nothing to predict.',
    }),
    'null-targets-found': code<TargetCounts>({
      severity: 'information',
      summary: 'How many entities a static-target prediction will fill in.',
    }),
    'no-labeled-rows': code<TargetCounts>({
      severity: 'error',
      summary: 'The training data yields no labeled examples.',
    }),
    'anchor-time-after-data': code<AnchorRange>({
      severity: 'warning',
      summary: 'The anchor time is later than every timestamp in the data.',
    }),
    'anchor-time-before-data': code<AnchorRange>({
      severity: 'warning',
      summary: 'The anchor time is earlier than every timestamp in the data.',
    }),
    'no-eligible-entities': code<{ anchor: string; entities: number; eligible: number }>({
      severity: 'warning',
      summary: 'No entity passes the query filters at the anchor time.',
    }),
    'destination-replaces-foreign-files': code<{ path: string; reason: string }>({
      severity: 'error',
      summary: "A prediction's outputs would replace files Relgraph did not write (allowed only with overwrite: true).",
    }),
    'time-range-exceeds-data': code<
      | { horizonDays: number; spanDays: number; dataMin: string; dataMax: string }
      | { stepDays: number; horizonDays: number; dataMin: string; dataMax: string }
    >({
      severity: 'error',
      summary: "A window or timeframe_step is longer than the data's time range allows.",
    }),
    'data-check-incomplete': code<{ check: string; timeoutMs: number } | { maxFiles: number }>({
      severity: 'warning',
      summary: 'The data checks could not finish for this file.',
    }),
  },
});
