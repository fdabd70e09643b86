import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';
import type { SpecKind } from '../../../core/spec/SpecModel';
import type { JsonSchema, SchemaCatalog } from '../../schema/SchemaCatalog';
import type { YamlPath } from '../../yaml/yamlCursorContext';

export interface CompletionStyle {
  /** The client inserts snippets (`$0` placeholders); plain text otherwise. */
  snippets: boolean;
  /** Command run after inserting a key, to open the value suggestions right away (VS Code only). */
  retrigger?: { title: string; command: string };
}

/** Keys the mapping at `path` accepts that it does not have yet, with their schema documentation. */
export function schemaKeyCompletions(
  catalog: SchemaCatalog,
  kind: SpecKind,
  path: YamlPath,
  existing: ReadonlySet<string>,
  replace: Range,
  style: CompletionStyle,
  /** Inside a one-line `{...}`: keys only, never a block value on the next lines. */
  inFlow: boolean,
): CompletionItem[] {
  return catalog
    .propertiesAt(kind, path)
    .filter((property) => !existing.has(property.name) && !property.schemas.some((s) => s.deprecated))
    .map((property) => {
      const shape = shapeOf(property.schemas);
      const snippet = style.snippets && shape !== 'scalar' && !inFlow;
      const indent = ' '.repeat(replace.start.character + 2);
      const newText = snippet ? `${property.name}:\n${indent}${shape === 'array' ? '- ' : ''}$0` : `${property.name}: `;
      const item: CompletionItem = {
        label: property.name,
        kind: CompletionItemKind.Property,
        detail: property.required ? 'required' : undefined,
        documentation: documentation(property.schemas),
        textEdit: { range: replace, newText },
        insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        insertTextMode: InsertTextMode.asIs,
        // Required keys first, then alphabetical.
        sortText: `${property.required ? '0' : '1'}${property.name}`,
      };
      if (style.retrigger && shape === 'scalar') item.command = style.retrigger;
      return item;
    });
}

/** The enum, const and boolean values the scalar at `path` may take. */
export function schemaValueCompletions(
  catalog: SchemaCatalog,
  kind: SpecKind,
  path: YamlPath,
  replace: Range,
): CompletionItem[] {
  return catalog.valuesAt(kind, path).map(({ value, description }, i) => ({
    label: String(value),
    kind: CompletionItemKind.EnumMember,
    documentation: description ? { kind: MarkupKind.Markdown, value: description } : undefined,
    textEdit: { range: replace, newText: String(value) },
    sortText: String(i).padStart(3, '0'),
  }));
}

function shapeOf(schemas: JsonSchema[]): 'object' | 'array' | 'scalar' {
  const types = new Set(schemas.flatMap((s) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : [])));
  if (types.has('string') || types.has('number') || types.has('integer') || types.has('boolean')) return 'scalar';
  if (schemas.some((s) => s.enum || s.const !== undefined || s.oneOf)) return 'scalar';
  if (types.has('array')) return 'array';
  if (types.has('object')) return 'object';
  return 'scalar';
}

export function documentation(schemas: JsonSchema[]): { kind: 'markdown'; value: string } | undefined {
  const described = schemas.find((s) => s.markdownDescription ?? s.description);
  if (!described) return undefined;
  const examples = schemas.find((s) => s.examples?.length)?.examples ?? [];
  const exampleText = examples.length
    ? `\n\nExamples: ${examples
        .slice(0, 3)
        .map((e) => `\`${typeof e === 'string' ? e : JSON.stringify(e)}\``)
        .join(', ')}`
    : '';
  return {
    kind: MarkupKind.Markdown,
    value: `${described.markdownDescription ?? described.description}${exampleText}`,
  };
}
