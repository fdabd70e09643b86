// The layer rule (docs/architecture.md): which top-level folder of ours may import which, at any
// depth ('../data/x' and '../../data/x' alike), and which packages each may load. A local ESLint rule,
// so that the import is resolved against the file's own folder instead of matched as text.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** Our code layers and the layers each may import. Folders not listed (test, bench, scripts) are free. */
export const LAYERS = {
  core: [],
  protocol: ['core'],
  data: ['core'],
  backend: ['core'],
  engine: ['core', 'data', 'backend'],
  server: ['core', 'data', 'protocol'],
  cli: ['core', 'data', 'engine', 'backend', 'protocol'],
  client: ['protocol', 'backend'],
};

/** Non-code folders any layer may read (the JSON schemas, package.json for the version). */
const RESOURCES = new Set(['schemas', 'package.json']);

/** Packages a layer must not load: the editor API outside the client, DuckDB in the client, LSP glue in core. */
const FORBIDDEN_PACKAGES = {
  core: [/^vscode$/, /^vscode-language/, /^@duckdb\//, /^piscina$/],
  protocol: [/^vscode$/, /^vscode-languageserver$/, /^vscode-languageclient/, /^@duckdb\//, /^piscina$/],
  data: [/^vscode$/, /^vscode-language/],
  backend: [/^vscode$/, /^vscode-language/, /^@duckdb\//],
  engine: [/^vscode$/, /^vscode-language/],
  server: [/^vscode$/, /^vscode-languageclient/],
  cli: [/^vscode$/, /^vscode-languageclient/],
  client: [/^@duckdb\//, /^piscina$/, /^vscode-languageserver$/],
};

/**
 * Single imports the table does not allow, each for a stated reason:
 * - protocol hands the client core's file-name convention, a module that itself imports nothing;
 * - the client writes YAML scalars as the CLI's scaffold does, with core's yamlText.ts, which imports nothing (not
 *   the yaml package, which the client's bundle would otherwise evaluate while VS Code activates it);
 * - `relgraph lsp` runs the language server inside the CLI process.
 */
const EXCEPTIONS = [
  { from: /^protocol\//, to: /^core\/spec\/specFileNames\.ts$/ },
  { from: /^client\//, to: /^core\/scaffold\/yamlText\.ts$/ },
  { from: /^cli\/commands\/lspCommand\.ts$/, to: /^server\/RelgraphLanguageServer\.ts$/ },
];

/** Only type imports from core are allowed in protocol (it must not carry core's code into the client). */
const TYPE_ONLY = { protocol: ['core'] };

function layerOf(relative) {
  const top = relative.split('/')[0];
  return Object.hasOwn(LAYERS, top) ? top : undefined;
}

function targetOf(fromFile, specifier) {
  const resolved = path
    .relative(ROOT, path.resolve(path.dirname(fromFile), specifier))
    .split(path.sep)
    .join('/');
  if (resolved.startsWith('..')) return undefined;
  const withExtension = /\.[cm]?[jt]s$|\.json$/.test(resolved) || !layerOf(resolved) ? resolved : `${resolved}.ts`;
  return withExtension;
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer rule of docs/architecture.md' },
    messages: {
      layer: "{{from}}/ may not import {{to}}/ ('{{specifier}}'): {{from}} may import {{allowed}}.",
      typeOnly: "{{from}}/ may import only types from {{to}}/ ('{{specifier}}'): use `import type`.",
      package: "{{from}}/ may not load '{{specifier}}'.",
    },
    schema: [],
  },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const from = layerOf(file);
    if (!from) return {};
    const check = (node, specifier, typeOnly) => {
      if (typeof specifier !== 'string') return;
      if (!specifier.startsWith('.')) {
        if (FORBIDDEN_PACKAGES[from].some((pattern) => pattern.test(specifier)))
          context.report({ node, messageId: 'package', data: { from, specifier } });
        return;
      }
      const target = targetOf(context.filename, specifier);
      const to = target ? (layerOf(target) ?? target.split('/')[0]) : undefined;
      if (!to || to === from || RESOURCES.has(to) || !Object.hasOwn(LAYERS, to)) return;
      if (EXCEPTIONS.some((e) => e.from.test(file) && e.to.test(target))) return;
      if (!LAYERS[from].includes(to)) {
        const allowed = LAYERS[from].length ? LAYERS[from].join(', ') : 'nothing of ours';
        context.report({ node, messageId: 'layer', data: { from, to, specifier, allowed } });
      } else if (TYPE_ONLY[from]?.includes(to) && !typeOnly) {
        context.report({ node, messageId: 'typeOnly', data: { from, to, specifier } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal')
          check(node, arg.value, false);
      },
    };
  },
};

export const layersPlugin = { rules: { layers: rule } };
