import type { SpecKind } from '../../core/spec/SpecModel';
import type { YamlPath } from '../yaml/yamlCursorContext';

/** The subset of JSON Schema 2020-12 the spec schemas use. */
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  title?: string;
  description?: string;
  markdownDescription?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  then?: JsonSchema;
  else?: JsonSchema;
  deprecated?: boolean;
}

export interface SchemaProperty {
  name: string;
  /** The property's schemas (a `$ref` and its target, or several branches), most specific first. */
  schemas: JsonSchema[];
  required: boolean;
}

const MAX_DEPTH = 32;

/**
 * Navigates the spec JSON Schemas by YAML path for completion and hover: which keys a mapping accepts,
 * which values a key takes, what a key means. Follows `$ref` (also across the three files by `$id`),
 * and merges `oneOf`/`anyOf`/`allOf`/`if-then` branches, since while typing we cannot know which
 * branch the user is heading for.
 */
export class SchemaCatalog {
  private readonly byId = new Map<string, JsonSchema>();

  constructor(private readonly roots: Record<SpecKind, JsonSchema>) {
    for (const root of Object.values(roots)) {
      if (!root.$id) continue;
      this.byId.set(root.$id, root);
      this.byId.set(root.$id.slice(root.$id.lastIndexOf('/') + 1), root);
    }
  }

  /** The schemas that describe the node at `path` (empty when the path leaves the schema). */
  schemasAt(kind: SpecKind, path: YamlPath): JsonSchema[] {
    let current = this.expand([this.roots[kind]], this.roots[kind]);
    for (const segment of path) {
      const next: { schema: JsonSchema; root: JsonSchema }[] = [];
      for (const { schema, root } of current) {
        for (const child of childSchemas(schema, segment)) next.push(...this.expand([child], root));
      }
      current = dedupe(next);
      if (current.length === 0) return [];
    }
    return current.map((entry) => entry.schema);
  }

  /** Keys a mapping at `path` accepts, with their schemas. */
  propertiesAt(kind: SpecKind, path: YamlPath): SchemaProperty[] {
    const byName = new Map<string, SchemaProperty>();
    const schemas = this.schemasAt(kind, path);
    for (const schema of schemas) {
      for (const [name, child] of Object.entries(schema.properties ?? {})) {
        const property = byName.get(name) ?? { name, schemas: [], required: false };
        property.schemas.push(...this.resolveAll(child));
        property.required ||= schema.required?.includes(name) ?? false;
        byName.set(name, property);
      }
    }
    return [...byName.values()];
  }

  /** The fixed values a scalar at `path` may take (enum, const, booleans). */
  valuesAt(kind: SpecKind, path: YamlPath): { value: unknown; description?: string }[] {
    const seen = new Set<string>();
    const out: { value: unknown; description?: string }[] = [];
    const add = (value: unknown, description?: string) => {
      const key = JSON.stringify(value);
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ value, description });
    };
    for (const schema of this.schemasAt(kind, path)) {
      for (const value of schema.enum ?? []) add(value, schema.description);
      if (schema.const !== undefined) add(schema.const, schema.description);
      const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
      if (types.includes('boolean')) for (const value of [true, false]) add(value, schema.description);
    }
    return out;
  }

  /** The first description along the schemas at `path` (the property's own text wins over its `$ref` target's). */
  descriptionAt(kind: SpecKind, path: YamlPath): { description: string; examples: unknown[] } | undefined {
    return describe(this.schemasAt(kind, path));
  }

  /** A schema followed through `$ref`s, itself first: its own description overrides the target's. */
  resolveAll(schema: JsonSchema, root?: JsonSchema): JsonSchema[] {
    return this.expand([schema], root ?? schema).map((entry) => entry.schema);
  }

  private expand(schemas: JsonSchema[], root: JsonSchema, depth = 0): { schema: JsonSchema; root: JsonSchema }[] {
    const out: { schema: JsonSchema; root: JsonSchema }[] = [];
    for (const schema of schemas) {
      out.push({ schema, root });
      if (depth >= MAX_DEPTH) continue;
      if (schema.$ref) {
        const target = this.resolveRef(schema.$ref, root);
        if (target) out.push(...this.expand([target.schema], target.root, depth + 1));
      }
      for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) {
        out.push(...this.expand([branch], root, depth + 1));
      }
      for (const branch of [schema.then, schema.else]) if (branch) out.push(...this.expand([branch], root, depth + 1));
    }
    return out;
  }

  private resolveRef(ref: string, root: JsonSchema): { schema: JsonSchema; root: JsonSchema } | undefined {
    const [file, pointer = ''] = ref.split('#');
    const base = file ? this.byId.get(file) : root;
    if (!base) return undefined;
    let node: unknown = base;
    for (const part of pointer.split('/').filter(Boolean)) {
      node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node && typeof node === 'object' ? { schema: node as JsonSchema, root: base } : undefined;
  }
}

function childSchemas(schema: JsonSchema, segment: string | number): JsonSchema[] {
  if (typeof segment === 'number') return schema.items ? [schema.items] : [];
  const property = schema.properties?.[segment];
  if (property) return [property];
  const out: JsonSchema[] = [];
  for (const [pattern, child] of Object.entries(schema.patternProperties ?? {})) {
    if (new RegExp(pattern, 'u').test(segment)) out.push(child);
  }
  if (out.length === 0 && typeof schema.additionalProperties === 'object') out.push(schema.additionalProperties);
  return out;
}

function dedupe<T extends { schema: JsonSchema }>(entries: T[]): T[] {
  const seen = new Set<JsonSchema>();
  return entries.filter((entry) => (seen.has(entry.schema) ? false : (seen.add(entry.schema), true)));
}

export function describe(schemas: JsonSchema[]): { description: string; examples: unknown[] } | undefined {
  const withText = schemas.find((schema) => schema.markdownDescription ?? schema.description);
  if (!withText) return undefined;
  const examples = schemas.find((schema) => schema.examples?.length)?.examples ?? [];
  return { description: (withText.markdownDescription ?? withText.description)!, examples };
}
