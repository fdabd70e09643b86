// Bundles the extension client, the language server, the CLI and the engine's worker entry points.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const runtimeDependencies = JSON.parse(
  readFileSync(new URL('./scripts/packaging/runtimeDependencies.json', import.meta.url), 'utf8'),
);
const entries = {
  'client/extension': 'client/extension.ts',
  'server/server': 'server/server.ts',
  'cli/main': 'cli/main.ts',
  'engine/predictionWorker': 'engine/prediction/predictionWorker.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const options = {
  entryPoints,
  bundle: true,
  outdir: 'dist',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // vscode is provided by the host; the runtime dependencies (DuckDB, piscina) ship beside the bundles.
  external: ['vscode', ...runtimeDependencies.packages],
  logLevel: 'info',
  metafile: true,
};

/** The client bundle runs inside the editor: DuckDB (native, hundreds of MB of memory) must never reach it. */
function checkClientBundle(metafile) {
  const client = metafile.outputs['dist/client/extension.js'];
  if (!client) return;
  const inputs = Object.keys(client.inputs);
  const imports = client.imports.map((i) => i.path);
  const duckdb = [...inputs, ...imports].filter((p) => /@duckdb|DuckDbSession/.test(p));
  if (duckdb.length > 0) throw new Error(`the client bundle would load DuckDB: ${duckdb.join(', ')}`);
}

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  checkClientBundle(result.metafile);
}
