import * as fs from 'node:fs';
import {
  ResponseError,
  ErrorCodes,
  type DefinitionParams,
  type Location,
  type LocationLink,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Located, Spec } from '../../../core/spec/SpecModel';
import { pathToUri } from '../../documents/specFiles';
import type { SpecWorkspace } from '../../workspace/SpecWorkspace';
import { contains, findTable, ownGraph } from '../specLookup';
import { tableAt } from './tableAt';
import { TableFamily } from './TableFamily';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Go to definition, find references and rename for tables. Definitions: an inference table goes to the
 * training graph's table, edge ends and query names go to the table in their graph, and file-valued keys
 * (`source`, `graph`, `training_job`, `prediction_table`) open the file. References and rename span the
 * table's whole family (training graph, queries, inference graphs): see TableFamily.
 */
export class NavigationProvider {
  constructor(private readonly workspace: SpecWorkspace) {}

  definition(params: DefinitionParams): LocationLink[] | null {
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return null;
    const file = fileReferenceAt(open.validation.spec, params.position);
    if (file) {
      return [
        {
          originSelectionRange: file.range,
          targetUri: pathToUri(file.path),
          targetRange: FILE_START,
          targetSelectionRange: FILE_START,
        },
      ];
    }
    const at = tableAt(open.validation, params.position);
    if (!at) return null;
    // On a table key: its definition is the training graph's table (for an inference graph).
    const declaredHere = at.target?.kind === 'table';
    const graph = declaredHere ? this.workspace.trainingGraphOf(open.validation) : at.graph;
    const table = findTable(graph, at.name);
    if (!table || !graph || (declaredHere && graph.path === open.doc.path)) return null;
    const column = at.column ? table.columns.find((c) => c.name === at.column!.name) : undefined;
    const target = column?.keyRange ?? table.nameRange;
    return [
      {
        originSelectionRange: at.column?.range ?? at.range,
        targetUri: pathToUri(graph.path),
        targetRange: column?.range ?? table.range,
        targetSelectionRange: target,
      },
    ];
  }

  references(params: ReferenceParams): Location[] | null {
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return null;
    const at = tableAt(open.validation, params.position);
    if (!at || at.column) return null;
    return TableFamily.of(open.validation, this.workspace)
      .occurrencesOf(at.name)
      .filter((o) => params.context.includeDeclaration || o.kind !== 'declaration')
      .map((o) => ({ uri: pathToUri(o.path), range: o.range }));
  }

  prepareRename(params: PrepareRenameParams): { range: Range; placeholder: string } | null {
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return null;
    const at = tableAt(open.validation, params.position);
    if (!at || at.column) return null;
    return { range: at.range, placeholder: at.name };
  }

  rename(params: RenameParams): WorkspaceEdit | null {
    if (!TABLE_NAME.test(params.newName)) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `'${params.newName}' is not a valid table name (letters, digits and _, not starting with a digit).`,
      );
    }
    const open = this.workspace.open(params.textDocument.uri);
    if (!open) return null;
    const at = tableAt(open.validation, params.position);
    if (!at || at.column) return null;
    const family = TableFamily.of(open.validation, this.workspace);
    const clash = family.graphs.find((g) => g.tables.some((t) => t.name === params.newName));
    if (clash)
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `A table named '${params.newName}' already exists in ${clash.path}.`,
      );
    const changes: Record<string, TextEdit[]> = {};
    for (const occurrence of family.occurrencesOf(at.name)) {
      (changes[this.uriOf(occurrence.path)] ??= []).push({ range: occurrence.range, newText: params.newName });
    }
    return { changes };
  }

  /** Open documents keep the URI the client gave them (its spelling of drive letters and escapes). */
  private uriOf(filePath: string): string {
    return this.workspace.documents.getByPath(filePath)?.uri ?? pathToUri(filePath);
  }
}

/** A file-valued key under the cursor, resolved to an existing file. */
function fileReferenceAt(spec: Spec | undefined, position: Range['start']): { path: string; range: Range } | undefined {
  const candidates: { located?: Located<string>; path?: string }[] = [];
  if (spec?.kind === 'training' || spec?.kind === 'prediction') {
    if (spec.graph?.kind === 'path') candidates.push({ located: spec.graph.path, path: spec.graph.absolutePath });
  }
  if (spec?.kind === 'prediction') {
    if (spec.trainingJob?.kind === 'spec')
      candidates.push({ located: spec.trainingJob.ref, path: spec.trainingJob.absolutePath });
    candidates.push({ located: spec.predictionTable, path: spec.predictionTablePath });
  }
  const graph = ownGraph(spec);
  for (const table of graph?.tables ?? []) candidates.push({ located: table.source, path: table.sourcePath });
  for (const { located, path } of candidates) {
    if (located && path && contains(located.range, position) && isFile(path)) return { path, range: located.range };
  }
  return undefined;
}

function isFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isFile();
  } catch {
    return false;
  }
}
