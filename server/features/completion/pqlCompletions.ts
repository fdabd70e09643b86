import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type Command,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { AGGREGATIONS } from '../../../core/pql/ast';
import {
  PQL_AGGREGATION_DOCS,
  PQL_KEYWORD_DOCS,
  PQL_OPERATOR_DOCS,
  PQL_TIME_UNIT_DOCS,
} from '../../../core/pql/pqlReference';
import { formatColumnName, quoteName } from '../../../core/pql/pqlNames';
import { WINDOW_UNITS } from '../../../core/pql/pqlVocabulary';
import type { GraphSpec } from '../../../core/spec/SpecModel';

/**
 * `table.` or `table.col` right before the cursor, the table bare or back-quoted, the column partly typed
 * (perhaps after an opening back-quote): groups 1|2 the table, 3 what was typed of the column.
 */
const COLUMN_BEFORE_CURSOR = /(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`\n.]+)`)\.(`[^`\n.]*|[A-Za-z0-9_]*)$/;

/** Words offered where a keyword may start, in the order a query is written. */
const KEYWORDS = [
  'PREDICT',
  'FOR EACH',
  'WHERE',
  'ASSUMING',
  'CLASSIFY',
  'RANK TOP',
  'FORECAST',
  'TIMEFRAMES',
  'AND',
  'OR',
  'NOT',
];
const OPERATORS = ['IN', 'IS NULL', 'IS NOT NULL', 'LIKE', 'NOT LIKE', 'CONTAINS', 'STARTS WITH', 'ENDS WITH'];

export interface PqlCompletionInput {
  /** The query text on the cursor's line up to the cursor. */
  before: string;
  position: Position;
  graph?: GraphSpec;
  columnsOf: (table: string) => Promise<string[]>;
  snippets: boolean;
  retrigger?: Command;
}

/**
 * Completion inside `query:`: columns after `table.`, window units after the third argument of an
 * aggregation, and otherwise keywords, aggregations (as a windowed template) and table names.
 * Decided from the text before the cursor, since the query is usually incomplete while typing.
 */
export async function pqlCompletions(input: PqlCompletionInput): Promise<CompletionItem[]> {
  const { before, position } = input;
  const range = (length: number): Range => ({
    start: { line: position.line, character: position.character - length },
    end: position,
  });

  const column = COLUMN_BEFORE_CURSOR.exec(before);
  if (column) {
    const table = column[1] ?? column[2];
    const typed = column[3];
    const names = await input.columnsOf(table);
    // A name with spaces or other characters is inserted back-quoted; filtering matches what was typed.
    const items: CompletionItem[] = names.map((name) => ({
      label: name,
      kind: CompletionItemKind.Field,
      detail: `column of ${table}`,
      filterText: typed.startsWith('`') ? `\`${name}` : quoteName(name),
      textEdit: { range: range(typed.length), newText: quoteName(name) },
    }));
    if (/\(\s*(?:[A-Za-z_]\w*|`[^`\n.]+`)\.\w*$/.test(before)) {
      items.unshift({
        label: '*',
        kind: CompletionItemKind.Operator,
        detail: 'every row (COUNT only)',
        textEdit: { range: range(typed.length), newText: '*' },
      });
    }
    return items;
  }

  // A back-quoted table name being typed (`` `order li ``) is replaced whole, back-quote included.
  const word = /`[^`\n.]*$/.exec(before)?.[0] ?? /([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before)?.[1] ?? '';
  if (/\(\s*[^()]*,[^(),]*,[^(),]*,\s*[A-Za-z]*$/.test(before)) {
    return WINDOW_UNITS.map((unit) => ({
      label: unit,
      kind: CompletionItemKind.Unit,
      documentation: markdown(PQL_TIME_UNIT_DOCS[unit]),
      textEdit: { range: range(word.length), newText: unit },
    }));
  }

  const tables = input.graph?.tables ?? [];
  if (/\bFOR\s+EACH\s+[A-Za-z_0-9]*$/i.test(before)) {
    // The entity must be a table's primary key: offer exactly those.
    return tables
      .filter((t) => t.primaryKey)
      .map((t) => ({
        label: `${t.name}.${t.primaryKey!.value}`,
        kind: CompletionItemKind.Field,
        detail: `primary key of ${t.name}`,
        textEdit: { range: range(word.length), newText: formatColumnName(t.name, t.primaryKey!.value) },
      }));
  }

  const items: CompletionItem[] = [];
  for (const table of tables) {
    items.push({
      label: table.name,
      kind: CompletionItemKind.Class,
      detail: 'table',
      filterText: word.startsWith('`') ? `\`${table.name}` : table.name,
      textEdit: { range: range(word.length), newText: `${quoteName(table.name)}.` },
      command: input.retrigger,
      sortText: `0${table.name}`,
    });
  }
  for (const name of AGGREGATIONS) {
    const template = name === 'COUNT' ? '${1:table}.*' : '${1:table}.${2:column}';
    items.push({
      label: name,
      kind: CompletionItemKind.Function,
      documentation: markdown(PQL_AGGREGATION_DOCS[name]),
      textEdit: {
        range: range(word.length),
        newText: input.snippets ? `${name}(${template}, \${3:0}, \${4:30}, \${5:days})` : `${name}(`,
      },
      insertTextFormat: input.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      sortText: `1${name}`,
    });
  }
  for (const keyword of KEYWORDS) {
    const doc = PQL_KEYWORD_DOCS[keyword] ?? PQL_KEYWORD_DOCS[keyword.split(' ')[0]];
    items.push({
      label: keyword,
      kind: CompletionItemKind.Keyword,
      documentation: doc ? markdown(doc) : undefined,
      textEdit: { range: range(word.length), newText: `${keyword} ` },
      sortText: `2${keyword}`,
    });
  }
  for (const operator of OPERATORS) {
    const doc = PQL_OPERATOR_DOCS[operator] ?? PQL_OPERATOR_DOCS[operator.replace(/ NULL$/, '')];
    items.push({
      label: operator,
      kind: CompletionItemKind.Operator,
      documentation: doc ? markdown(doc) : undefined,
      textEdit: { range: range(word.length), newText: `${operator} ` },
      sortText: `3${operator}`,
    });
  }
  return items;
}

function markdown(value: string) {
  return { kind: MarkupKind.Markdown, value };
}
