import { duckdbBindingPackage, PACKAGE_TARGETS, type PackageTarget } from './packageTargets';
import type { InstalledPackage } from './runtimeDependencyClosure';
import type { VsixEntry } from './vsixEntries';

/**
 * Size budgets. DuckDB's native library is most of a package and differs by platform (about 21 MB packed on
 * linux-x64, 34 MB on darwin-arm64), so what Relgraph itself adds has its own budget on every target, and the whole
 * package has one on linux-x64, the target the e2e tests install.
 */
export const SIZE_BUDGETS = {
  /** Everything but DuckDB's binding (bundles, CLI, piscina, grammar, icons, schemas), packed. */
  ownBytes: 5 * 1024 * 1024,
  /** The whole linux-x64 .vsix. */
  linuxX64Bytes: 30 * 1024 * 1024,
};

export interface VsixSize {
  /** The .vsix file. */
  bytes: number;
  /** DuckDB's native binding for the target, packed. */
  bindingBytes: number;
}

export function vsixSize(entries: readonly VsixEntry[], target: PackageTarget, bytes: number): VsixSize {
  const binding = `extension/node_modules/${duckdbBindingPackage(target)}/`;
  const bindingBytes = entries.filter((e) => e.name.startsWith(binding)).reduce((sum, e) => sum + e.compressedSize, 0);
  return { bytes, bindingBytes };
}

/** What every .vsix must hold, under `extension/` (the bundles, the CLI launcher, the contributed files). */
const REQUIRED = [
  'package.json',
  'readme.md',
  'changelog.md',
  'LICENSE.txt',
  'resources/icon.png',
  'resources/relgraph.svg',
  'syntaxes/pql.injection.tmLanguage.json',
  'schemas/graph.schema.json',
  'schemas/training.schema.json',
  'schemas/prediction.schema.json',
  'bin/relgraph.js',
  'dist/client/extensionEntry.js',
  'dist/client/extension.js',
  'dist/client/languageClientRuntime.js',
  'dist/server/server.js',
  'dist/cli/main.js',
  'dist/engine/predictionWorker.js',
  'dist/webview/predictionPreview.js',
  'dist/webview/graphDiagram.js',
  'dist/webview/codicons/codicon.css',
  'dist/webview/codicons/codicon.ttf',
];

/** Sources and development files that must never ship. */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\.map$/, why: 'a source map' },
  { pattern: /\.(ts|mts|cts)$/, why: 'TypeScript (source or types)' },
  {
    pattern: /^extension\/(client|server|core|data|engine|cli|backend|protocol|test|bench|examples|docs|scripts)\//,
    why: 'a source folder',
  },
  { pattern: /^extension\/node_modules\/[^/]+(\/[^/]+)?\/(test|tests|benchmark|docs|src)\//, why: "a package's tests" },
];

/**
 * What is wrong with a built .vsix for `target`: missing files, sources or maps, packages that are not runtime
 * dependencies (dev dependencies, bundled libraries), another platform's DuckDB binding, or a size over the
 * limit. Empty when it is right.
 */
export function vsixProblems(
  entries: readonly VsixEntry[],
  target: PackageTarget,
  runtime: readonly InstalledPackage[],
  size: VsixSize,
): string[] {
  const names = new Set(entries.map((e) => e.name));
  const problems: string[] = [];
  for (const file of [...REQUIRED, `node_modules/${duckdbBindingPackage(target)}/duckdb.node`]) {
    if (!names.has(`extension/${file}`)) problems.push(`missing extension/${file}`);
  }
  const allowedPackages = new Set(runtime.map((p) => `extension/${p.dir}/`));
  const otherBindings = PACKAGE_TARGETS.filter((t) => t.name !== target.name).map(
    (t) => `extension/node_modules/${duckdbBindingPackage(t)}/`,
  );
  for (const { name } of entries) {
    const forbidden = FORBIDDEN.find((f) => f.pattern.test(name));
    if (forbidden) problems.push(`${name}: ${forbidden.why}`);
    if (otherBindings.some((prefix) => name.startsWith(prefix))) {
      problems.push(`${name}: the DuckDB binding of another platform`);
    } else if (name.startsWith('extension/node_modules/') && ![...allowedPackages].some((p) => name.startsWith(p))) {
      problems.push(`${name}: not a runtime dependency`);
    }
  }
  const own = size.bytes - size.bindingBytes;
  if (own >= SIZE_BUDGETS.ownBytes) {
    problems.push(
      `the .vsix holds ${formatMegabytes(own)} besides DuckDB's binding, over the ${formatMegabytes(SIZE_BUDGETS.ownBytes)} budget`,
    );
  }
  if (target.name === 'linux-x64' && size.bytes >= SIZE_BUDGETS.linuxX64Bytes) {
    problems.push(
      `the .vsix is ${formatMegabytes(size.bytes)}, over the ${formatMegabytes(SIZE_BUDGETS.linuxX64Bytes)} budget of linux-x64`,
    );
  }
  return problems;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
