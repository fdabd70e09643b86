import { isMap, isScalar, type Document } from 'yaml';
import {
  CompletionTriggerKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import type { TableDataService } from '../../data/TableDataService';
import type { SchemaCatalog } from '../../schema/SchemaCatalog';
import type { SpecWorkspace } from '../../workspace/SpecWorkspace';
import { yamlCursorContext, type YamlCursorContext, type YamlPath } from '../../yaml/yamlCursorContext';
import { findTable, ownGraph } from '../specLookup';
import { graphCompletions } from './graphCompletions';
import { pathCompletions, trainingJobCompletions, type PathTarget } from './pathCompletions';
import { pqlCompletions } from './pqlCompletions';
import { schemaKeyCompletions, schemaValueCompletions, type CompletionStyle } from './schemaCompletions';

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/**
 * Completion for the three spec kinds: the cursor's YAML path decides between PQL inside `query:`,
 * graph-aware names (training tables, source columns, edge ends), file paths, and the schema's keys and
 * values. Graph-aware items come first; schema items fill in everything else.
 */
export class CompletionProvider {
  constructor(
    private readonly workspace: SpecWorkspace,
    private readonly catalog: SchemaCatalog,
    private readonly tableData: TableDataService,
    private readonly style: CompletionStyle,
  ) {}

  async provide(params: CompletionParams): Promise<CompletionList> {
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return EMPTY;
    const text = open.doc.document.getText();
    const context = yamlCursorContext(text, params.position);
    if (!context) return EMPTY;
    const validation = open.state.lastParsed ?? open.validation;
    const kind = open.doc.kind;
    const path = context.path;
    const inQuery = kind === 'training' && path.length === 1 && path[0] === 'query' && context.kind === 'value';
    if (
      isSpaceTrigger(params) &&
      !(inQuery ? /\bFOR\s+EACH\s$/i.test(context.prefix) : context.kind === 'value' && context.prefix === '')
    ) {
      return EMPTY; // indentation and words of a query: typing a space must not pop suggestions up
    }

    if (inQuery) {
      const items = await pqlCompletions({
        before: context.prefix,
        position: params.position,
        graph: validation.graph,
        columnsOf: (name) => this.columnsOfTable(validation, name),
        snippets: this.style.snippets,
        retrigger: this.style.retrigger,
      });
      return { isIncomplete: false, items };
    }

    const existingKeys =
      context.kind === 'key' ? keysAt(this.workspace.parsed(open.doc.path)?.document, path) : new Set<string>();
    const items: CompletionItem[] = [];
    const graphOffset = kind === 'graph' ? 0 : path[0] === 'graph' ? 1 : -1;
    if (graphOffset >= 0) {
      const graph = ownGraph(validation.spec);
      const relativePath = path.slice(graphOffset);
      const graphItems = await graphCompletions({
        graph,
        trainingGraph:
          this.workspace.trainingGraphOf(validation) ?? (kind === 'prediction' ? validation.trainingGraph : undefined),
        relativePath,
        context,
        existingKeys,
        columnsOf: (table) => this.tableData.columnsOf(table, graph),
        edge:
          typeof relativePath[1] === 'number'
            ? edgeFields(graph, relativePath[1], text, params.position.line)
            : undefined,
        style: this.style,
      });
      if (graphItems) items.push(...graphItems);
    }

    const pathTarget = context.kind === 'value' ? pathTargetOf(kind, path, graphOffset) : undefined;
    if (pathTarget) {
      items.push(
        ...pathCompletions(open.doc.path, context.prefix, pathTarget, context.replaceRange, this.style.retrigger),
      );
      if (pathTarget === 'training-spec') items.push(...trainingJobCompletions(open.doc.path, context.replaceRange));
    }

    items.push(...this.schemaItems(kind, context, existingKeys));
    // Right after `key:` (no space typed yet) a value needs its separating space.
    if (context.kind === 'value' && text[open.doc.document.offsetAt(context.replaceRange.start) - 1] === ':') {
      for (const item of items)
        if (item.textEdit && 'range' in item.textEdit) item.textEdit.newText = ` ${item.textEdit.newText}`;
    }
    return { isIncomplete: false, items: dedupeByLabel(items) };
  }

  private schemaItems(
    kind: 'graph' | 'training' | 'prediction',
    context: YamlCursorContext,
    existingKeys: ReadonlySet<string>,
  ) {
    if (context.kind === 'value') return schemaValueCompletions(this.catalog, kind, context.path, context.replaceRange);
    const keys = schemaKeyCompletions(
      this.catalog,
      kind,
      context.path,
      existingKeys,
      context.replaceRange,
      this.style,
      context.flow,
    );
    // `- word` in a list of scalars (output_types) is a value, not a key.
    if (keys.length === 0 && context.sequenceItem)
      return schemaValueCompletions(this.catalog, kind, context.path, context.replaceRange);
    return keys;
  }

  private async columnsOfTable(validation: SpecValidation, tableName: string): Promise<string[]> {
    const table = findTable(validation.graph, tableName);
    if (!table) return [];
    const names = new Set(await this.tableData.columnsOf(table, validation.graph));
    for (const declared of [table.primaryKey?.value, table.timeColumn?.value, ...table.columns.map((c) => c.name)]) {
      if (declared) names.add(declared);
    }
    return [...names];
  }
}

function pathTargetOf(kind: string, path: YamlPath, graphOffset: number): PathTarget | undefined {
  const relative = graphOffset >= 0 ? path.slice(graphOffset) : undefined;
  if (relative?.length === 3 && relative[0] === 'tables' && relative[2] === 'source') return 'data';
  if (path.length !== 1) return undefined;
  if (path[0] === 'graph' && kind !== 'graph') return 'graph-spec';
  if (path[0] === 'training_job' && kind === 'prediction') return 'training-spec';
  if (path[0] === 'prediction_table' && kind === 'prediction') return 'data';
  return undefined;
}

/** Keys the mapping at `path` already has (from the tolerant YAML parse), so completion does not repeat them. */
function keysAt(document: Document | undefined, path: YamlPath): Set<string> {
  const node = path.length === 0 ? document?.contents : document?.getIn(path, true);
  const keys = new Set<string>();
  if (isMap(node)) for (const pair of node.items) if (isScalar(pair.key)) keys.add(String(pair.key.value));
  return keys;
}

/** The src_table / fkey of the edge being typed: from the model, else from the item's own lines (mid-typing). */
function edgeFields(
  graph: ReturnType<typeof ownGraph>,
  index: number,
  text: string,
  line: number,
): { srcTable?: string; fkey?: string } {
  const edge = graph?.edges.find((e) => e.index === index);
  if (edge) return { srcTable: edge.srcTable.value, fkey: edge.fkey.value };
  const lines = text.split(/\r?\n/);
  const fields: { srcTable?: string; fkey?: string } = {};
  for (let i = line; i >= 0 && i > line - 6; i--) {
    fields.srcTable ??= /src_table:\s*["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(lines[i])?.[1];
    fields.fkey ??= /fkey:\s*["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(lines[i])?.[1];
    if (/^\s*-\s/.test(lines[i])) break;
  }
  return fields;
}

function isSpaceTrigger(params: CompletionParams): boolean {
  return (
    params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter && params.context.triggerCharacter === ' '
  );
}

function dedupeByLabel(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.label) ? false : (seen.add(item.label), true)));
}
