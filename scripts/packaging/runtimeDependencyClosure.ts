import * as fs from 'node:fs';
import * as path from 'node:path';
import { runsOn, type PackageTarget } from './packageTargets';

export interface InstalledPackage {
  name: string;
  version: string;
  /** The package's folder, relative to the project root (`node_modules/@duckdb/node-api`). */
  dir: string;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

/**
 * The installed packages the bundles need at run time on `target`: the roots (the bundles' externals) and
 * everything they depend on, found the way Node resolves them (the nearest `node_modules` upwards). Optional
 * dependencies are taken when installed and built for the target (package.json `os`/`cpu`/`libc`), so a
 * platform package of another platform never ships. A missing required dependency is an error: the .vsix
 * would fail at run time.
 */
export function runtimeDependencyClosure(
  root: string,
  roots: readonly string[],
  target: PackageTarget,
): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const queue: { name: string; from: string; optional: boolean; by: string }[] = roots.map((name) => ({
    name,
    from: root,
    optional: false,
    by: 'the bundles',
  }));
  while (queue.length > 0) {
    const next = queue.shift()!;
    const dir = resolvePackageDir(root, next.from, next.name);
    if (!dir) {
      if (next.optional) continue;
      throw new Error(`${next.name} (needed by ${next.by}) is not installed: run npm ci`);
    }
    const key = path.relative(root, dir);
    if (found.has(key)) continue;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    if (next.optional && !runsOn(manifest, target)) continue;
    found.set(key, { name: manifest.name, version: manifest.version, dir: key });
    for (const name of Object.keys(manifest.dependencies ?? {}))
      queue.push({ name, from: dir, optional: false, by: manifest.name });
    for (const name of Object.keys(manifest.optionalDependencies ?? {}))
      queue.push({ name, from: dir, optional: true, by: manifest.name });
  }
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}

/** Node's lookup: `<dir>/node_modules/<name>` from the requiring package's folder up to the project root. */
function resolvePackageDir(root: string, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', ...name.split('/'));
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.relative(root, dir) === '' || dir === path.dirname(dir)) return undefined;
  }
}
