import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { GraphSpec } from '../../../core/spec/SpecModel';
import { pqlTokenAt } from '../../../core/pql/pqlReference';
import type { SpecValidation } from '../../../core/validation/SpecValidation';
import type { TableDataService } from '../../data/TableDataService';
import { describe, type SchemaCatalog } from '../../schema/SchemaCatalog';
import type { OpenSpec, SpecWorkspace } from '../../workspace/SpecWorkspace';
import { yamlPathAt } from '../../yaml/yamlPathAt';
import { queryOffsetAt, queryRange } from '../queryPosition';
import { findTable, graphTargetAt, ownGraph } from '../specLookup';
import { columnHover, edgeHover, tableHover, type TrainingContext } from './hoverMarkdown';
import { aggregationsMarkdown, columnKindFor, queryTaskType, taskMarkdown } from './queryTaskHover';

/**
 * Hover: tables, columns and edges with what the data says about them (rows, keys, time range, dtype,
 * stype, nulls) and where they sit in the training graph; PQL words from the PQL reference; and every
 * other key with its schema documentation.
 */
export class HoverProvider {
  constructor(
    private readonly workspace: SpecWorkspace,
    private readonly catalog: SchemaCatalog,
    private readonly tableData: TableDataService,
  ) {}

  async provide(params: HoverParams): Promise<Hover | null> {
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return null;
    return (
      (await this.queryHover(open, params)) ?? (await this.graphHover(open, params)) ?? this.schemaHover(open, params)
    );
  }

  private async queryHover(open: OpenSpec, params: HoverParams): Promise<Hover | null> {
    const spec = open.validation.spec;
    if (spec?.kind !== 'training' || !spec.query) return null;
    const offset = queryOffsetAt(spec.query, params.position);
    if (offset === undefined) return null;
    const token = pqlTokenAt(spec.query.value, offset);
    if (!token) return null;
    const range = queryRange(spec.query, token.span);
    const graph = open.validation.graph;
    const training: TrainingContext = { isTrainingGraph: true };
    if (token.kind === 'table') {
      const table = findTable(graph, token.table);
      if (!table || !graph) return null;
      return markdown(tableHover(table, graph, await this.tableData.profileOf(table, graph), training), range);
    }
    if (token.kind === 'column') {
      const table = findTable(graph, token.table);
      if (!table || !graph) return null;
      const profile = await this.tableData.profileOf(table, graph);
      const hover = columnHover(table, token.column, profile);
      const kind = columnKindFor(graph, token.table, token.column, profile);
      return markdown(`${hover}\n\n${aggregationsMarkdown(kind)}`, range);
    }
    if (token.kind === 'keyword' && token.word === 'PREDICT') {
      const task = await queryTaskType(open.validation, this.tableData);
      return markdown(task ? `${token.doc}\n\n${taskMarkdown(task)}` : token.doc, range);
    }
    if ('doc' in token) return markdown(token.doc, range);
    return null;
  }

  private async graphHover(open: OpenSpec, params: HoverParams): Promise<Hover | null> {
    const graph = ownGraph(open.validation.spec);
    const target = graphTargetAt(graph, params.position);
    if (!target || !graph) return null;
    const training = this.trainingContext(open.validation, graph);
    switch (target.kind) {
      case 'table':
        return markdown(
          tableHover(target.table, graph, await this.tableData.profileOf(target.table, graph), training),
          target.range,
        );
      case 'column':
        return markdown(
          columnHover(target.table, target.column, await this.tableData.profileOf(target.table, graph), target.role),
          target.range,
        );
      case 'edge-table': {
        const table = findTable(graph, target.table);
        if (!table) return null;
        return markdown(tableHover(table, graph, await this.tableData.profileOf(table, graph), training), target.range);
      }
      case 'edge-fkey': {
        const source = findTable(graph, target.table);
        const profile = source ? await this.tableData.profileOf(source, graph) : undefined;
        return markdown(edgeHover(target.edge, graph, profile, training), target.range);
      }
    }
  }

  private schemaHover(open: OpenSpec, params: HoverParams): Hover | null {
    const parsed = this.workspace.parsed(open.doc.path);
    const at = yamlPathAt(parsed?.document, open.doc.document.offsetAt(params.position));
    if (!at || at.path.length === 0) return null;
    const info = describe(this.catalog.schemasAt(open.doc.kind, at.path));
    if (!info) return null;
    const key = at.path[at.path.length - 1];
    const examples = info.examples.length
      ? `\n\nExamples: ${info.examples
          .slice(0, 3)
          .map((e) => `\`${typeof e === 'string' ? e : JSON.stringify(e)}\``)
          .join(', ')}`
      : '';
    const range = { start: open.doc.document.positionAt(at.start), end: open.doc.document.positionAt(at.end) };
    return markdown(`**${key}**\n\n${info.description}${examples}`, range);
  }

  private trainingContext(validation: SpecValidation, graph: GraphSpec): TrainingContext {
    const contract = this.workspace.trainingContractOf(validation);
    const isTrainingGraph =
      validation.spec?.kind === 'training' ||
      (validation.spec?.kind === 'graph' && this.workspace.links.trainingSpecsOf(graph.path).length > 0);
    return { contract, isTrainingGraph };
  }
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}
