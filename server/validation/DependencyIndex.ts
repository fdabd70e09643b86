import * as path from 'node:path';
import type { SpecValidation } from '../../core/validation/SpecValidation';

const GLOB_CHARS = /[*?[{]/;

/**
 * Who reads what, from the last validation of each open spec: the other spec files it read
 * (`SpecValidation.dependencies`) and the data sources its graphs name. Answers the two cross-file
 * questions: which specs to re-validate when a spec changes, and whose data checks a changed data file
 * affects.
 */
export class DependencyIndex {
  private readonly specDependencies = new Map<string, ReadonlySet<string>>();
  private readonly dataSources = new Map<string, readonly string[]>();

  update(validation: SpecValidation): void {
    this.specDependencies.set(validation.path, new Set(validation.dependencies.map((p) => path.resolve(p))));
    this.dataSources.set(validation.path, sourcesOf(validation));
  }

  remove(specPath: string): void {
    this.specDependencies.delete(specPath);
    this.dataSources.delete(specPath);
  }

  /** Specs whose validation read `specPath` (directly or through a training spec's graph). */
  dependentsOf(specPath: string): string[] {
    const target = path.resolve(specPath);
    const out: string[] = [];
    for (const [dependent, dependencies] of this.specDependencies) {
      if (dependent !== target && dependencies.has(target)) out.push(dependent);
    }
    return out;
  }

  /** Specs with a table whose source is, contains or may match `dataFile`. */
  readersOfDataFile(dataFile: string): string[] {
    const target = path.resolve(dataFile);
    const out: string[] = [];
    for (const [spec, sources] of this.dataSources) {
      if (sources.some((source) => sourceMayInclude(source, target))) out.push(spec);
    }
    return out;
  }

  /** The data sources a spec reads (for tests and the status item). */
  sourcesOf(specPath: string): readonly string[] {
    return this.dataSources.get(specPath) ?? [];
  }
}

function sourcesOf(validation: SpecValidation): string[] {
  const sources = new Set<string>();
  for (const graph of [validation.graph, validation.trainingGraph]) {
    for (const table of graph?.tables ?? []) if (table.sourcePath) sources.add(table.sourcePath);
  }
  return [...sources];
}

/**
 * A source is a file, a folder of parts, or a glob. For a glob we only compare the folder part before
 * the first wildcard: re-running a data check for a file that turns out not to match costs one run,
 * while missing a match would leave stale diagnostics.
 */
function sourceMayInclude(source: string, file: string): boolean {
  const resolved = path.resolve(source);
  if (resolved === file) return true;
  const wildcard = source.search(GLOB_CHARS);
  const base = wildcard >= 0 ? path.dirname(source.slice(0, wildcard + 1)) : resolved;
  return file.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
}
