// `npm run package [-- --target <target>] [--skip-build]`: builds the platform-specific .vsix of the extension.
//
// vsce packs a folder. Rather than packing the repository (sources, tests, dev dependencies and every bundled
// library's node_modules copy would have to be excluded by hand), this fills a staging folder with exactly what
// ships, then runs `vsce package --target <target>` in it: the bundles, the CLI launcher, the contributed files,
// and the runtime dependencies (DuckDB with the target's native binding, piscina). It then reads the .vsix back,
// checks it (vsixContentRules.ts) and prints its size. Default target: this machine's.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import runtimeDependencies from './packaging/runtimeDependencies.json';
import {
  duckdbBindingPackage,
  findTarget,
  hostTarget,
  PACKAGE_TARGETS,
  type PackageTarget,
} from './packaging/packageTargets';
import { runtimeDependencyClosure } from './packaging/runtimeDependencyClosure';
import { formatMegabytes, vsixProblems, vsixSize } from './packaging/vsixContentRules';
import { vsixEntries } from './packaging/vsixEntries';

const root = path.resolve(__dirname, '..');
/** Copied into the staging folder as they are (folders: only what `keep` accepts). */
const SHIPPED: { from: string; keep?: (file: string) => boolean }[] = [
  { from: 'README.md' },
  { from: 'CHANGELOG.md' },
  { from: 'LICENSE' },
  { from: '.vscodeignore' },
  // The bundles, and the webviews' codicon font and its stylesheet (dist/webview/codicons); never the maps.
  { from: 'dist', keep: (file) => /\.(js|css|ttf)$/.test(file) },
  { from: 'bin' },
  { from: 'syntaxes' },
  { from: 'resources' },
  { from: 'schemas' },
];

function main(argv: string[]): number {
  const args = parseArgs(argv);
  const target = args.target ? findTarget(args.target) : hostTarget(process.platform, process.arch, hostLibc());
  if (!target) {
    const names = PACKAGE_TARGETS.map((t) => t.name).join(', ');
    return fail(
      args.target
        ? `unknown target '${args.target}': one of ${names}`
        : `DuckDB has no binding for this machine (${process.platform}-${process.arch}): pass --target, one of ${names}`,
    );
  }
  const bindingProblem = checkBinding(target);
  if (bindingProblem) return fail(bindingProblem);

  if (!args.skipBuild) {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) return fail('npm run build failed');
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const runtime = runtimeDependencyClosure(root, runtimeDependencies.packages, target);

  const stage = path.join(root, '.package', target.name);
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  for (const { from, keep } of SHIPPED) copy(path.join(root, from), path.join(stage, from), keep);
  for (const dependency of runtime) copy(path.join(root, dependency.dir), path.join(stage, dependency.dir));
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(stagedManifest(manifest, runtime), null, 2)}\n`);

  const vsix = path.join(root, `${manifest.name}-${manifest.version}-${target.name}.vsix`);
  fs.rmSync(vsix, { force: true });
  const vsce = spawnSync(
    process.execPath,
    [require.resolve('@vscode/vsce/vsce'), 'package', '--target', target.name, '--out', vsix],
    { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (vsce.status !== 0 || !fs.existsSync(vsix)) return fail('vsce package failed');

  const entries = vsixEntries(vsix);
  const size = vsixSize(entries, target, fs.statSync(vsix).size);
  const problems = vsixProblems(entries, target, runtime, size);
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  console.log(
    `${path.relative(root, vsix)}: ${formatMegabytes(size.bytes)} (${size.bytes} bytes, of which DuckDB's native ` +
      `library ${formatMegabytes(size.bindingBytes)}; ${formatMegabytes(unpacked)} unpacked), ${entries.length} files, ` +
      `target ${target.name}, runtime dependencies: ${runtime.map((d) => `${d.name}@${d.version}`).join(', ')}`,
  );
  if (problems.length > 0) return fail(`the .vsix is not right:\n  ${problems.join('\n  ')}`);
  return 0;
}

/** Why the target's DuckDB binding cannot be packed (not installed, or another version than the API's). */
function checkBinding(target: PackageTarget): string | undefined {
  const name = duckdbBindingPackage(target);
  const version = installedVersion('@duckdb/node-bindings');
  const installed = installedVersion(name);
  const install = `npm install --no-save --force ${name}@${version}`;
  if (!installed) {
    return `the DuckDB binding for ${target.name} (${name}) is not installed, so a ${target.name} package would not run. Install it (npm skips other platforms' bindings; --force overrides that): ${install}`;
  }
  if (installed !== version) {
    return `${name} is ${installed} but @duckdb/node-bindings is ${version}: ${install}`;
  }
  return undefined;
}

function installedVersion(name: string): string | undefined {
  const file = path.join(root, 'node_modules', ...name.split('/'), 'package.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).version as string) : undefined;
}

/** The repository's package.json with only the runtime dependencies (vsce packs the `dependencies` npm lists). */
function stagedManifest(manifest: Record<string, unknown>, runtime: readonly { name: string; version: string }[]) {
  const staged: Record<string, unknown> = { ...manifest };
  delete staged.devDependencies;
  delete staged.scripts;
  const direct = new Set(runtimeDependencies.packages);
  staged.dependencies = Object.fromEntries(runtime.filter((d) => direct.has(d.name)).map((d) => [d.name, d.version]));
  return staged;
}

function copy(from: string, to: string, keep?: (file: string) => boolean): void {
  fs.cpSync(from, to, {
    recursive: true,
    // Nested node_modules are copied only as runtime dependencies of their own.
    filter: (file) =>
      path.basename(file) !== 'node_modules' && (!keep || fs.statSync(file).isDirectory() || keep(file)),
  });
}

function hostLibc(): 'glibc' | 'musl' {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return process.platform === 'linux' && !report?.header?.glibcVersionRuntime ? 'musl' : 'glibc';
}

function parseArgs(argv: string[]): { target?: string; skipBuild: boolean } {
  const args: { target?: string; skipBuild: boolean } = { skipBuild: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target') args.target = argv[++i];
    else if (argv[i].startsWith('--target=')) args.target = argv[i].slice('--target='.length);
    else if (argv[i] === '--skip-build') args.skipBuild = true;
    else throw new Error(`unknown argument ${argv[i]} (usage: npm run package -- [--target <target>] [--skip-build])`);
  }
  return args;
}

function fail(message: string): number {
  console.error(`npm run package: ${message}`);
  return 1;
}

process.exitCode = main(process.argv.slice(2));
