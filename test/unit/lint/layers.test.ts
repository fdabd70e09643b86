import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** The layer table of docs/architecture.md (eslint.layers.mjs holds the rule's copy; this test pins it). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  protocol: ['core'],
  data: ['core'],
  backend: ['core'],
  engine: ['core', 'data', 'backend'],
  server: ['core', 'data', 'protocol'],
  cli: ['core', 'data', 'engine', 'backend', 'protocol'],
  client: ['protocol', 'backend'],
};
const LAYERS = Object.keys(ALLOWED);

let eslint: ESLint;

/**
 * The messages of the layer rule for a probe file at `file` (a path in the repository that is never
 * written: ESLint lints the text as if it were there, with the repository's own config).
 */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return result.messages.filter((m) => m.ruleId === 'relgraph/layers').map((m) => m.message);
}

/** An import from `from`'s probe, `depth` folders below it, of a module in `to`. */
function probe(from: string, to: string, depth: number, typeOnly = false) {
  const file = [from, ...Array.from({ length: depth }, (_, i) => `probe${i}`), 'layerProbe.ts'].join('/');
  const specifier = `${'../'.repeat(depth + 1)}${to}/someModule`;
  const code = `import ${typeOnly ? 'type ' : ''}{ x } from '${specifier}';\nexport const y: typeof x = x;\n`;
  return { file, code, specifier };
}

describe('the layer rule (eslint.layers.mjs), run by ESLint on files at each boundary', () => {
  before(() => {
    eslint = new ESLint({ cwd: REPO });
  });

  for (const from of LAYERS) {
    const forbidden = LAYERS.filter((to) => to !== from && !ALLOWED[from].includes(to));
    it(`${from}/ may import ${ALLOWED[from].join(', ') || 'nothing of ours'}, at every depth`, async () => {
      for (const to of forbidden) {
        for (const depth of [0, 2]) {
          const { file, code, specifier } = probe(from, to, depth);
          const errors = await layerErrors(file, code);
          assert.equal(errors.length, 1, `${file}: '${specifier}' must be rejected`);
          assert.match(errors[0], new RegExp(`${from}/ may not import ${to}/`));
        }
      }
      for (const to of ALLOWED[from]) {
        const { file, code } = probe(from, to, 1, from === 'protocol');
        assert.deepEqual(await layerErrors(file, code), [], `${file} importing ${to}/ is allowed`);
      }
    });
  }

  it('lets protocol/ take only types from core/ (it must not carry core into the client)', async () => {
    const { file, code } = probe('protocol', 'core', 0);
    assert.match((await layerErrors(file, code))[0] ?? '', /only types/);
  });

  it('keeps the editor API out of core and the server, and DuckDB out of the client', async () => {
    const load = (pkg: string) => `import * as m from '${pkg}';\nexport const y = m;\n`;
    assert.equal((await layerErrors('core/spec/layerProbe.ts', load('vscode'))).length, 1);
    assert.equal((await layerErrors('core/layerProbe.ts', load('vscode-languageserver'))).length, 1);
    assert.equal((await layerErrors('server/layerProbe.ts', load('vscode'))).length, 1);
    assert.equal((await layerErrors('client/graph/layerProbe.ts', load('@duckdb/node-api'))).length, 1);
    assert.equal((await layerErrors('backend/layerProbe.ts', load('@duckdb/node-api'))).length, 1);
    assert.deepEqual(await layerErrors('data/layerProbe.ts', load('@duckdb/node-api')), []);
  });

  it('sees dynamic imports and re-exports too', async () => {
    const dynamic = "export const m = import('../../engine/jobs/JobStore');\n";
    assert.equal((await layerErrors('client/commands/layerProbe.ts', dynamic)).length, 1);
    const reexport = "export { JobStore } from '../engine/jobs/JobStore';\n";
    assert.equal((await layerErrors('data/layerProbe.ts', reexport)).length, 1);
  });

  it('lets the client take core/scaffold/yamlText.ts, which imports nothing, and no other module of core', async () => {
    const load = (specifier: string) => `import { yamlScalar } from '${specifier}';\nexport const y = yamlScalar;\n`;
    assert.deepEqual(await layerErrors('client/predictions/layerProbe.ts', load('../../core/scaffold/yamlText')), []);
    const sibling = await layerErrors('client/predictions/layerProbe.ts', load('../../core/scaffold/yamlScalar'));
    assert.equal(sibling.length, 1);
  });

  it('matches the table eslint.layers.mjs enforces', async () => {
    const { LAYERS: enforced } = await import(path.join(REPO, 'eslint.layers.mjs'));
    assert.deepEqual(enforced, ALLOWED);
  });
});

describe('the client bundle', () => {
  it('dist/client/extension.js contains no DuckDB (npm run build makes it; esbuild.mjs checks it too)', () => {
    const bundle = path.join(REPO, 'dist', 'client', 'extension.js');
    assert.ok(fs.existsSync(bundle), 'run npm run build first');
    const text = fs.readFileSync(bundle, 'utf8');
    assert.ok(!text.includes('@duckdb'), 'the client bundle loads @duckdb');
    assert.ok(!/DuckDbSession|duckdb_/i.test(text), 'the client bundle carries DuckDB code');
  });

  it('leaves the language client libraries and yaml to languageClientRuntime.js and the server (activation)', () => {
    // The bundles are minified (no module comments): their source maps list the modules they were built from.
    const modulesOf = (bundle: string) => {
      const map = JSON.parse(fs.readFileSync(path.join(REPO, 'dist', 'client', `${bundle}.map`), 'utf8'));
      return new Set((map.sources as string[]).flatMap((source) => /node_modules\/([^/]+)\//.exec(source)?.[1] ?? []));
    };
    const libraries = ['vscode-jsonrpc', 'vscode-languageserver-protocol', 'vscode-languageclient'];
    const extension = modulesOf('extension.js');
    for (const library of [...libraries, 'yaml']) assert.ok(!extension.has(library), `extension.js carries ${library}`);
    const runtime = modulesOf('languageClientRuntime.js');
    for (const library of libraries) assert.ok(runtime.has(library), `languageClientRuntime.js lacks ${library}`);
  });

  it('takes the vscode API once, not once per importing file (esbuild.mjs: sharedExternals)', () => {
    const text = fs.readFileSync(path.join(REPO, 'dist', 'client', 'extension.js'), 'utf8');
    assert.equal(text.match(/require\("vscode"\)/g)?.length, 1);
    assert.equal(text.match(/require\("node:path"\)/g)?.length, 1);
  });
});
