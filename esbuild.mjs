// Bundles the extension client, the language server, the CLI and the engine's worker entry points.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
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
  // vscode is provided by the host; DuckDB is native and piscina resolves its own worker files.
  external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', 'piscina'],
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
