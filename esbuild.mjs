// Bundles the extension client, the language server, the CLI and the engine's worker entry points.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
/** The client's bundles are minified (clientOptions), except in watch mode or with --no-minify (bench/client-startup). */
const minifyClient = !watch && !process.argv.includes('--no-minify');
const runtimeDependencies = JSON.parse(
  readFileSync(new URL('./scripts/packaging/runtimeDependencies.json', import.meta.url), 'utf8'),
);
const clientEntries = {
  'client/extensionEntry': 'client/extensionEntry.ts',
  'client/extension': 'client/extension.ts',
  'client/languageClientRuntime': 'client/languageClientRuntime.ts',
};
const entries = {
  'server/server': 'server/server.ts',
  'cli/main': 'cli/main.ts',
  'engine/predictionWorker': 'engine/prediction/predictionWorker.ts',
};
const existing = (all) => Object.fromEntries(Object.entries(all).filter(([, file]) => existsSync(file)));

/**
 * One module per external our sources import (vscode, Node's built-ins), re-exporting it for every importer. esbuild
 * otherwise converts the external anew in each file that imports it (`__toESM(require('vscode'))`, evanw/esbuild#475),
 * copying all of its properties each time: 34 copies of the vscode API (and 53 of node:path and node:fs) were most of
 * the extension bundle's evaluation, that is, of what activating Relgraph cost.
 */
const sharedExternals = {
  name: 'shared-externals',
  setup(build) {
    build.onResolve({ filter: /^(vscode|node:[a-z_/]+)$/ }, (args) =>
      args.namespace === 'shared-external' || args.importer.includes('node_modules') || args.kind !== 'import-statement'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'shared-external' },
    );
    build.onLoad({ filter: /.*/, namespace: 'shared-external' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
};

const options = {
  entryPoints: existing(entries),
  bundle: true,
  outdir: 'dist',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // vscode is provided by the host; the runtime dependencies (DuckDB, piscina) ship beside the bundles.
  external: ['vscode', ...runtimeDependencies.packages],
  plugins: [sharedExternals],
  logLevel: 'info',
  metafile: true,
};

/**
 * The client's bundles, loaded by the extension host at start-up, whitespace and syntax minified: less text to read and
 * smaller code caches. bench/client-startup --variants (15 rounds, CPU medians of the two bundles' loads): 64.7 ms
 * with their code caches against 77.1 unminified, 92.3 against 125.6 without (a first start). Names are kept (no
 * minifyIdentifiers), so that a stack trace in a log still names functions and classes: mangling them too measured
 * 57.9 and 89.2, not worth stack traces without names (the source maps do not ship).
 */
const clientOptions = {
  ...options,
  entryPoints: existing(clientEntries),
  minifyWhitespace: minifyClient,
  minifySyntax: minifyClient,
};

/**
 * The webviews' scripts: browser bundles (the graph diagram's includes elkjs, whose layout runs in a Web
 * Worker started from the worker's source text, see client/graph/webview/elkWorker.ts).
 */
const webviewEntries = {
  'webview/predictionPreview': 'client/predictions/webview/previewMain.ts',
  'webview/graphDiagram': 'client/graph/webview/diagramMain.ts',
};
const elkWorkerSource = {
  name: 'elk-worker-source',
  setup(build) {
    build.onResolve({ filter: /^elk-worker-source$/ }, () => ({ path: 'elk-worker-source', namespace: 'elk' }));
    build.onLoad({ filter: /.*/, namespace: 'elk' }, () => ({
      contents: readFileSync('node_modules/elkjs/lib/elk-worker.min.js', 'utf8'),
      loader: 'text',
    }));
  },
};
const webviewOptions = {
  entryPoints: Object.fromEntries(Object.entries(webviewEntries).filter(([, file]) => existsSync(file))),
  bundle: true,
  outdir: 'dist',
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  minify: !watch,
  sourcemap: watch,
  plugins: [elkWorkerSource],
  logLevel: 'info',
};

/** The codicon font and its stylesheet, loaded by the webviews from dist/webview/codicons. */
function copyCodicons() {
  mkdirSync('dist/webview/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf'])
    copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/codicons/${file}`);
}

/** Libraries whose values the client's own bundle must not hold, each with the reason and where they belong. */
const NOT_IN_CLIENT_BUNDLE = [
  {
    pattern: /node_modules\/(vscode-jsonrpc|vscode-languageclient|vscode-languageserver[a-z-]*)\//,
    // dist/client/languageClientRuntime.js brings them after activation; a second copy would also have its message
    // types refused by the runtime's copy of vscode-jsonrpc (protocol/messageTypes.ts).
    fix: 'import their values in client/languageClientRuntime.ts and only their types elsewhere',
  },
  { pattern: /node_modules\/(yaml)\//, fix: "write YAML scalars with core/scaffold/yamlText.ts's yamlScalar" },
];

/**
 * The client bundle runs inside the editor: DuckDB (native, hundreds of MB of memory) must never reach it, and what
 * it evaluates is what activating Relgraph costs, so the large libraries it does not need then stay out too.
 */
function checkClientBundle(metafile) {
  // The entry module is read and compiled by VS Code before anything of ours can time it: our start-up modules only.
  const entry = metafile.outputs['dist/client/extensionEntry.js'];
  const foreign = Object.keys(entry?.inputs ?? {}).filter(
    (p) => !/^(client\/startup\/|shared-external:node:)/.test(p) && p !== 'client/extensionEntry.ts',
  );
  if (foreign.length > 0)
    throw new Error(`the entry module would carry more than client/startup/: ${foreign.join(', ')}`);
  const client = metafile.outputs['dist/client/extension.js'];
  if (!client) return;
  const inputs = Object.keys(client.inputs);
  const imports = client.imports.map((i) => i.path);
  const duckdb = [...inputs, ...imports].filter((p) => /@duckdb|DuckDbSession/.test(p));
  if (duckdb.length > 0) throw new Error(`the client bundle would load DuckDB: ${duckdb.join(', ')}`);
  for (const { pattern, fix } of NOT_IN_CLIENT_BUNDLE) {
    const libraries = [...new Set(inputs.map((p) => pattern.exec(p)?.[1]).filter(Boolean))];
    if (libraries.length > 0)
      throw new Error(`the client bundle would evaluate ${libraries.join(', ')} during activation: ${fix}`);
  }
}

copyCodicons();
if (watch) {
  const contexts = await Promise.all([clientOptions, options, webviewOptions].map((o) => esbuild.context(o)));
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  const [client] = await Promise.all([clientOptions, options, webviewOptions].map((o) => esbuild.build(o)));
  checkClientBundle(client.metafile);
}
