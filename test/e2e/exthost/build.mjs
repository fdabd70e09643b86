// Bundles the extension-host test runner and its suites (with mocha, from test/e2e/tools) into one CommonJS file
// that code-server's extension host loads as `extensionTestsPath`. Usage: node build.mjs OUTFILE.js [ENTRY.ts]
// (default entry index.ts; restrictedIndex.ts for the Restricted Mode window)
import * as esbuild from 'esbuild';
import { URL, fileURLToPath } from 'node:url';

const outfile = process.argv[2];
const entry = process.argv[3] ?? 'index.ts';
if (!outfile) throw new Error('usage: node test/e2e/exthost/build.mjs OUTFILE.js');
await esbuild.build({
  entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode'],
  // mocha lives in the e2e tools package, not in the root one.
  nodePaths: [fileURLToPath(new URL('../tools/node_modules', import.meta.url))],
  logLevel: 'warning',
  // mocha's parallel mode (unused here) resolves worker files at run time.
  logOverride: { 'require-resolve-not-external': 'silent' },
});
