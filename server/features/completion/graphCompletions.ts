import * as path from 'node:path';
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
} from 'vscode-languageserver';
import type { GraphSpec, TableSpec } from '../../../core/spec/SpecModel';
import type { YamlCursorContext, YamlPath } from '../../yaml/yamlCursorContext';
import { findTable } from '../specLookup';
import type { CompletionStyle } from './schemaCompletions';

export interface GraphCompletionInput {
  /** The graph being edited. */
  graph?: GraphSpec;
  /** For an inference graph: the graph the model was trained on. */
  trainingGraph?: GraphSpec;
  /** Path of the cursor relative to the graph's mapping (`['tables', 'users', 'primary_key']`). */
  relativePath: YamlPath;
  context: YamlCursorContext;
  existingKeys: ReadonlySet<string>;
  columnsOf: (table: TableSpec) => Promise<string[]>;
  /** The `src_table` and `fkey` of the edge being typed, when known. */
  edge?: { srcTable?: string; fkey?: string };
  style: CompletionStyle;
}

const COLUMN_KEYS = new Set(['primary_key', 'time_column', 'end_time_column']);

/**
 * Completion that needs the graph rather than the schema: every training table name for an inference
 * graph's `tables:` (a new-table template in other graphs), the columns of a table's source for its keys and overrides, table names and
 * foreign keys in edges. Undefined when the cursor is not at such a place.
 */
export async function graphCompletions(input: GraphCompletionInput): Promise<CompletionItem[] | undefined> {
  const { relativePath: p, context } = input;
  const replace = context.replaceRange;

  if (context.kind === 'key' && p.length === 1 && p[0] === 'tables') {
    // Every training table: the missing ones first, as ready-made entries; the present ones marked as such.
    const training = input.trainingGraph;
    const items = (training?.tables ?? []).map((table) =>
      input.existingKeys.has(table.name)
        ? presentTableItem(table, training!, replace)
        : trainingTableItem(table, training!, input.style.snippets, replace),
    );
    // A graph of one's own (no training graph to follow) gets a template instead.
    if (!training && input.style.snippets) items.push(newTableItem(replace));
    return items;
  }

  if (p[0] === 'tables' && typeof p[1] === 'string') {
    const table = findTable(input.graph, p[1]);
    if (!table) return undefined;
    if (context.kind === 'value' && p.length === 3 && COLUMN_KEYS.has(String(p[2]))) {
      return columnItems(await knownColumns(table, input.columnsOf), replace, `column of ${table.name}`);
    }
    if (context.kind === 'key' && p.length === 3 && p[2] === 'columns') {
      const columns = (await knownColumns(table, input.columnsOf)).filter((c) => !input.existingKeys.has(c));
      return columns.map((name) => ({
        label: name,
        kind: CompletionItemKind.Field,
        detail: `column of ${table.name}`,
        textEdit: { range: replace, newText: `${name}: ` },
        command: input.style.retrigger,
      }));
    }
    return undefined;
  }

  if (p[0] === 'edges' && typeof p[1] === 'number' && context.kind === 'value' && p.length === 3) {
    const graph = input.graph;
    if (p[2] === 'src_table' || p[2] === 'dst_table') {
      // For dst_table, the table whose primary key has the foreign key's name comes first.
      const fkey = input.edge?.fkey;
      return (graph?.tables ?? []).map((table) => ({
        label: table.name,
        kind: CompletionItemKind.Class,
        detail: table.primaryKey ? `primary key ${table.primaryKey.value}` : 'no primary key',
        textEdit: { range: replace, newText: table.name },
        sortText: `${p[2] === 'dst_table' && fkey && table.primaryKey?.value === fkey ? '0' : '1'}${table.name}`,
      }));
    }
    if (p[2] === 'fkey') {
      const source = input.edge?.srcTable ? findTable(graph, input.edge.srcTable) : undefined;
      if (!source) return [];
      const primaryKeys = new Set(
        (graph?.tables ?? []).flatMap((t) => (t.primaryKey && t !== source ? [t.primaryKey.value] : [])),
      );
      return (await knownColumns(source, input.columnsOf))
        .filter((name) => name !== source.primaryKey?.value)
        .map((name) => ({
          label: name,
          kind: CompletionItemKind.Field,
          detail: primaryKeys.has(name) ? `column of ${source.name}; a primary key's name` : `column of ${source.name}`,
          textEdit: { range: replace, newText: name },
          sortText: `${primaryKeys.has(name) ? '0' : '1'}${name}`,
        }));
    }
  }
  return undefined;
}

/** Columns of the source, plus those the spec itself names (known even when the data cannot be read). */
async function knownColumns(table: TableSpec, columnsOf: (table: TableSpec) => Promise<string[]>): Promise<string[]> {
  const names = new Set(await columnsOf(table));
  for (const declared of [table.primaryKey?.value, table.timeColumn?.value, table.endTimeColumn?.value]) {
    if (declared) names.add(declared);
  }
  for (const column of table.columns) names.add(column.name);
  return [...names];
}

function columnItems(names: string[], replace: YamlCursorContext['replaceRange'], detail: string): CompletionItem[] {
  return names.map((name) => ({
    label: name,
    kind: CompletionItemKind.Field,
    detail,
    textEdit: { range: replace, newText: name },
  }));
}

/** A training table the graph has already: shown so the list is the whole training graph, marked and last. */
function presentTableItem(
  table: TableSpec,
  trainingGraph: GraphSpec,
  replace: YamlCursorContext['replaceRange'],
): CompletionItem {
  return {
    label: table.name,
    labelDetails: { description: 'already in this graph' },
    kind: CompletionItemKind.Class,
    detail: `training table (${path.basename(trainingGraph.path)}), already in this graph`,
    textEdit: { range: replace, newText: table.name },
    sortText: `1${table.name}`,
  };
}

/** A table of one's own (a training graph, or a name the training graph does not have): name, source, key. */
function newTableItem(replace: YamlCursorContext['replaceRange']): CompletionItem {
  const indent = `\n${' '.repeat(replace.start.character + 2)}`;
  return {
    label: 'new table',
    kind: CompletionItemKind.Snippet,
    detail: 'a table with its source and primary key',
    textEdit: { range: replace, newText: `\${1:name}:${indent}source: \${2}${indent}primary_key: \${3}` },
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    sortText: '2',
  };
}

/** A training table as a ready-made inference table entry: same keys and time column, source to fill in. */
function trainingTableItem(
  table: TableSpec,
  trainingGraph: GraphSpec,
  snippets: boolean,
  replace: YamlCursorContext['replaceRange'],
): CompletionItem {
  const lines = [`${table.name}:`, `  source: ${snippets ? '$1' : ''}`];
  if (table.primaryKey) lines.push(`  primary_key: ${table.primaryKey.value}`);
  if (table.timeColumn) lines.push(`  time_column: ${table.timeColumn.value}`);
  const facts = [
    table.source ? `source \`${table.source.value}\`` : undefined,
    table.primaryKey ? `primary key \`${table.primaryKey.value}\`` : undefined,
    table.timeColumn ? `time column \`${table.timeColumn.value}\`` : undefined,
  ].filter(Boolean);
  return {
    label: table.name,
    kind: CompletionItemKind.Class,
    detail: `training table (${path.basename(trainingGraph.path)})`,
    documentation: {
      kind: MarkupKind.Markdown,
      value: `Training table **${table.name}** in \`${path.basename(trainingGraph.path)}\`: ${facts.join(', ')}.\n\nInference graph tables must use the training graph's names.`,
    },
    // Indented here (the client must not re-indent), so every editor gets the same text.
    textEdit: { range: replace, newText: lines.join(`\n${' '.repeat(replace.start.character)}`) },
    insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.asIs,
    sortText: `0${table.name}`,
  };
}
