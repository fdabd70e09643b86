// One load of a client bundle in a fresh Node process, as the extension host would do it; prints a JSON line.
// codeCachedBundle.test.ts and bench/client-startup build it into plain CommonJS (loadBundleOnceBuild.ts) and run it
// with plain `node`: a load must be a process's first, or V8's in-memory cache of an earlier compile would answer
// instead of the code cache under test (and tsx's require hooks would change what the bench measures).
//   node loadBundleOnce.js require <bundle>                   Node's require, as VS Code loads an extension's main
//   node loadBundleOnce.js cached <bundle> <cacheDir> [save]  client/startup/codeCachedBundle.ts (save: then write)
import * as fs from 'node:fs';
import Module from 'node:module';
import { loadCodeCachedBundle } from '../../../client/startup/codeCachedBundle';
import { now, since } from '../../../client/startup/startupClock';

// The extension host has loaded these built-ins long before any extension starts; the bundles require them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
for (const builtin of ['child_process', 'crypto', 'fs', 'net', 'os', 'path', 'readline', 'util']) require(builtin);

/**
 * A stand-in for the `vscode` module, which exists only inside the extension host: any property is an empty class,
 * enough for the bundles' top levels (the language client's library extends the API's classes at load). It is
 * resolved as VS Code's require interceptor resolves `vscode`, by the real path of the requiring file on every call,
 * because that is part of what loading the bundles costs there.
 */
let vscodeResolutions = 0;

function installVscodeStandIn(): void {
  const api = new Proxy({} as Record<string | symbol, unknown>, {
    get: (classes, name) => (classes[name] ??= class {}),
  });
  type Load = (request: string, parent: { filename: string }, isMain: boolean) => unknown;
  const loader = Module as unknown as { _load: Load };
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    if (request !== 'vscode') return load.call(this, request, parent, isMain);
    fs.realpathSync(parent.filename);
    vscodeResolutions++;
    return api;
  };
}

async function main(): Promise<void> {
  const [mode, bundle, cacheDir, save] = process.argv.slice(2);
  installVscodeStandIn();
  const start = now();
  if (mode === 'require') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the peer is Node's require itself
    const exports = require(bundle);
    const cost = { total: since(start, now()) };
    console.log(JSON.stringify({ cost, exports: Object.keys(exports), vscodeResolutions }));
    return;
  }
  const loaded = loadCodeCachedBundle<Record<string, unknown>>(bundle, cacheDir || undefined);
  const saved = save === 'save' ? await loaded.saveCodeCache() : undefined;
  const { cache, problem, cost, exports } = loaded;
  console.log(JSON.stringify({ cache, problem, cost, exports: Object.keys(exports), saved, vscodeResolutions }));
}

void main();
