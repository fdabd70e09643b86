import * as path from 'node:path';
import { isSeq, type Document, type Node } from 'yaml';
import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GraphSpec, TableSpec } from '../../../core/spec/SpecModel';
import type { YamlPath } from '../../yaml/yamlCursorContext';
import { deleteLines, insertLines } from './lineEdits';

export interface EdgeValues {
  srcTable: string;
  fkey: string;
  dstTable: string;
}

/** Text edits on one graph (a graph file, or the inline graph of a training/prediction spec). */
export class GraphEditor {
  constructor(
    private readonly document: TextDocument,
    private readonly graph: GraphSpec,
    /** The parsed YAML of the document, to find where the edges list ends and how it is written. */
    private readonly yaml: Document | undefined,
    /** Path of the graph's mapping in the document: `[]` for a graph file, `['graph']` for an inline graph. */
    private readonly graphPath: YamlPath,
  ) {}

  /** Renames a table key and the edge ends that name it (the query is not in this graph). */
  renameTable(from: string, to: string): TextEdit[] {
    const edits: TextEdit[] = [];
    for (const table of this.graph.tables) if (table.name === from) edits.push({ range: table.nameRange, newText: to });
    for (const edge of this.graph.edges) {
      if (edge.srcTable.value === from) edits.push({ range: edge.srcTable.range, newText: to });
      if (edge.dstTable.value === from) edits.push({ range: edge.dstTable.range, newText: to });
    }
    return edits;
  }

  /** Deletes a table entry and every edge that touches it (an edge to a missing table is an error). */
  removeTable(name: string): TextEdit[] {
    const edits: TextEdit[] = [];
    for (const table of this.graph.tables) if (table.name === name) edits.push(deleteLines(table.range));
    const touching = this.graph.edges.filter((e) => e.srcTable.value === name || e.dstTable.value === name);
    for (const edge of touching) edits.push(deleteLines(edge.range));
    if (touching.length > 0 && touching.length === this.graph.edges.length && this.graph.edgesKeyRange) {
      edits.push(deleteLines(this.graph.edgesKeyRange));
    }
    return edits;
  }

  /** Appends table entries (copied from another graph) after the last table, with this graph's indentation. */
  insertTables(tables: TableSpec[]): TextEdit[] {
    if (tables.length === 0 || this.graph.tablesInsertLine === undefined) return [];
    const indent = ' '.repeat(this.graph.tablesIndent ?? 2);
    const lines = tables.flatMap((table) =>
      this.tableLines(table).map((line, i) => `${indent}${i === 0 ? '' : '  '}${line}`),
    );
    return [insertLines(this.document, this.graph.tablesInsertLine, lines)];
  }

  /** Appends edges to the edges list in its existing style (flow `- { ... }` or block), creating the list if needed. */
  insertEdges(edges: EdgeValues[]): TextEdit[] {
    if (edges.length === 0) return [];
    const flow = (e: EdgeValues) => `{ src_table: ${e.srcTable}, fkey: ${e.fkey}, dst_table: ${e.dstTable} }`;
    const list = this.yaml?.getIn([...this.graphPath, 'edges'], true) as Node | undefined;
    if (isSeq(list) && list.items.length > 0 && list.range) {
      const first = this.document.positionAt((list.items[0] as Node).range?.[0] ?? list.range[0]);
      const dashColumn = Math.max(0, first.character - 2);
      const blockStyle = !(list.items[0] as Node & { flow?: boolean }).flow;
      const pad = ' '.repeat(dashColumn);
      const lines = edges.flatMap((e) =>
        blockStyle
          ? [`${pad}- src_table: ${e.srcTable}`, `${pad}  fkey: ${e.fkey}`, `${pad}  dst_table: ${e.dstTable}`]
          : [`${pad}- ${flow(e)}`],
      );
      const lastLine = this.document.positionAt(list.range[1]).line;
      const afterLast = this.document.positionAt(list.range[1]).character === 0 ? lastLine : lastLine + 1;
      return [insertLines(this.document, afterLast, lines)];
    }
    // No edges yet: add the key beside `tables:`, after the last table.
    const keyColumn = this.graph.tablesKeyRange.start.character;
    const pad = ' '.repeat(keyColumn);
    const lines = [`${pad}edges:`, ...edges.map((e) => `${pad}  - ${flow(e)}`)];
    if (this.graph.edgesKeyRange) {
      return [insertLines(this.document, this.graph.edgesKeyRange.start.line + 1, lines.slice(1))];
    }
    return [insertLines(this.document, this.graph.tablesInsertLine ?? this.document.lineCount, lines)];
  }

  private tableLines(table: TableSpec): string[] {
    const lines = [`${table.name}:`];
    if (table.sourcePath) lines.push(`source: ${relativeSource(this.graph.path, table.sourcePath)}`);
    if (table.primaryKey) lines.push(`primary_key: ${table.primaryKey.value}`);
    if (table.timeColumn) lines.push(`time_column: ${table.timeColumn.value}`);
    if (table.endTimeColumn) lines.push(`end_time_column: ${table.endTimeColumn.value}`);
    const overrides = table.columns.filter((c) => c.stype || c.dtype || c.exclude);
    if (overrides.length > 0) {
      lines.push('columns:');
      for (const column of overrides) {
        const parts = [
          column.stype ? `stype: ${column.stype.value}` : undefined,
          column.dtype ? `dtype: ${column.dtype.value}` : undefined,
          column.exclude ? 'exclude: true' : undefined,
        ].filter(Boolean);
        lines.push(
          parts.length === 1 && column.stype
            ? `  ${column.name}: ${column.stype.value}`
            : `  ${column.name}: { ${parts.join(', ')} }`,
        );
      }
    }
    return lines;
  }
}

/** A source path made relative to the graph that will hold it, with forward slashes (specs are shared across OSes). */
function relativeSource(graphPath: string, sourcePath: string): string {
  return path.relative(path.dirname(graphPath), sourcePath).split(path.sep).join('/');
}
