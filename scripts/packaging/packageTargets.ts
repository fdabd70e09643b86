/**
 * The platforms a Relgraph .vsix is built for: VS Code's target names (`vsce package --target`), each with the
 * npm platform it runs on and the DuckDB native binding it must carry. One .vsix holds one platform's binding,
 * so every target is its own package; the marketplace and `code --install-extension` pick the matching one.
 */
export interface PackageTarget {
  /** VS Code's name, e.g. `linux-x64`, `alpine-arm64`, `darwin-arm64`. */
  name: string;
  /** `process.platform` / package.json `os`. */
  os: 'linux' | 'darwin' | 'win32';
  /** `process.arch` / package.json `cpu`. */
  cpu: 'x64' | 'arm64';
  /** Linux only: which C library (Alpine is musl). */
  libc?: 'glibc' | 'musl';
}

export const PACKAGE_TARGETS: readonly PackageTarget[] = [
  { name: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc' },
  { name: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  { name: 'alpine-x64', os: 'linux', cpu: 'x64', libc: 'musl' },
  { name: 'alpine-arm64', os: 'linux', cpu: 'arm64', libc: 'musl' },
  { name: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  { name: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  { name: 'win32-x64', os: 'win32', cpu: 'x64' },
  { name: 'win32-arm64', os: 'win32', cpu: 'arm64' },
];

export function findTarget(name: string): PackageTarget | undefined {
  return PACKAGE_TARGETS.find((t) => t.name === name);
}

/** The target of the machine this runs on (undefined on a platform DuckDB has no binding for). */
export function hostTarget(
  platform: string = process.platform,
  arch: string = process.arch,
  libc: 'glibc' | 'musl' = 'glibc',
): PackageTarget | undefined {
  return PACKAGE_TARGETS.find((t) => t.os === platform && t.cpu === arch && (t.os !== 'linux' || t.libc === libc));
}

/** The npm package holding DuckDB's native library for a target (what `@duckdb/node-bindings` requires there). */
export function duckdbBindingPackage(target: PackageTarget): string {
  return `@duckdb/node-bindings-${target.os}-${target.cpu}${target.libc === 'musl' ? '-musl' : ''}`;
}

/**
 * Whether a package built for particular platforms (package.json `os`, `cpu`, `libc`, as npm reads them) runs on
 * the target. A package that names none runs everywhere.
 */
export function runsOn(manifest: { os?: string[]; cpu?: string[]; libc?: string[] }, target: PackageTarget): boolean {
  const allows = (list: string[] | undefined, value: string | undefined) => {
    if (!list || list.length === 0 || value === undefined) return true;
    if (list.includes(`!${value}`)) return false;
    const positive = list.filter((v) => !v.startsWith('!'));
    return positive.length === 0 || positive.includes(value);
  };
  return allows(manifest.os, target.os) && allows(manifest.cpu, target.cpu) && allows(manifest.libc, target.libc);
}
