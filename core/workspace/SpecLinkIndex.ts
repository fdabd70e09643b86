import * as path from 'node:path';
import type { SpecHost } from '../host/SpecHost';
import type { JobRef } from '../jobs/JobRef';
import type { Spec } from '../spec/SpecModel';
import { specKindOfPath } from '../spec/specFileNames';
import { SpecLoader } from '../validation/SpecLoader';
import type { SpecValidation } from '../validation/SpecValidation';
import { linksOfSpec, type SpecLinks } from './specLinks';

const GLOB_CHARS = /[*?[{]/;

/**
 * How the spec files of a workspace point at each other and at their data: the one answer to "which
 * prediction specs use this graph", "which specs read this training spec", "whose data checks does
 * this CSV affect". Two kinds of facts, both keyed by absolute spec path:
 * - declared links, from each spec's own text (`graph:`, `training_job:` as a file, a local job id or
 *   `kumo:<id>`), known for every spec the owner feeds in (the CLI: the files it validates and their
 *   neighbours; the language server: the workspace scan, file events and open buffers);
 * - what the last validation of a spec actually read (other spec files, data sources), known for the
 *   specs that were validated.
 * Pure: the owner decides what to feed in and when; reading a file goes through the SpecHost.
 */
export class SpecLinkIndex {
  private readonly links = new Map<string, SpecLinks>();
  private readonly readSpecs = new Map<string, ReadonlySet<string>>();
  private readonly readSources = new Map<string, readonly string[]>();

  /** Sets a spec's declared links; true when they changed (graph files may have new referrers). */
  setLinks(specPath: string, links: SpecLinks): boolean {
    const key = path.resolve(specPath);
    const previous = this.links.get(key);
    this.links.set(key, links);
    return !sameLinks(previous ?? {}, links);
  }

  /** A spec's links from its parsed model (an open buffer's latest validation). */
  setFromSpec(specPath: string, spec: Spec | undefined): boolean {
    return this.setLinks(specPath, linksOfSpec(spec));
  }

  /** (Re-)reads a spec file through the host; a file that cannot be read has no links. */
  readFrom(host: SpecHost, specPath: string): boolean {
    const text = host.readText(specPath);
    return this.setLinks(specPath, text === undefined ? {} : linksOfSpec(SpecLoader.parse(text, specPath).spec));
  }

  /** Forgets a deleted spec file; true when it was known. */
  remove(specPath: string): boolean {
    const key = path.resolve(specPath);
    this.forgetValidation(key);
    return this.links.delete(key);
  }

  has(specPath: string): boolean {
    return this.links.has(path.resolve(specPath));
  }

  /** Every spec file with declared links. */
  specFiles(): string[] {
    return [...this.links.keys()];
  }

  /** Prediction specs whose `graph:` names this graph file: they make it an inference graph. Sorted. */
  referrersOf(graphPath: string): string[] {
    const target = path.resolve(graphPath);
    return this.filter((file, links) => specKindOfPath(file) === 'prediction' && links.graphPath === target);
  }

  /** Training specs whose `graph:` names this graph file. */
  trainingSpecsOf(graphPath: string): string[] {
    const target = path.resolve(graphPath);
    return this.filter((file, links) => specKindOfPath(file) === 'training' && links.graphPath === target);
  }

  /** Prediction specs whose `training_job:` names this training spec file. */
  predictionSpecsOf(trainingSpecPath: string): string[] {
    const target = path.resolve(trainingSpecPath);
    return this.filter((_, links) => links.training?.kind === 'spec' && links.training.path === target);
  }

  /** Prediction specs whose `training_job:` names this job (a local id, or a Kumo job as `kumo:<id>`). */
  predictionSpecsOfJob(job: JobRef): string[] {
    return this.filter(
      (_, links) =>
        links.training?.kind === 'job' &&
        links.training.ref.backend === job.backend &&
        links.training.ref.id === job.id,
    );
  }

  /** Prediction specs naming any job of a backend (a local job record changed: which one is not known). */
  predictionSpecsOfBackend(backend: JobRef['backend']): string[] {
    return this.filter((_, links) => links.training?.kind === 'job' && links.training.ref.backend === backend);
  }

  /** Records what a validation read: the spec files it loaded and the data sources of its graphs. */
  recordValidation(validation: SpecValidation): void {
    const key = path.resolve(validation.path);
    this.readSpecs.set(key, new Set(validation.dependencies.map((p) => path.resolve(p))));
    this.readSources.set(key, sourcesOf(validation));
  }

  forgetValidation(specPath: string): void {
    const key = path.resolve(specPath);
    this.readSpecs.delete(key);
    this.readSources.delete(key);
  }

  /** Validated specs whose validation read `specPath` (directly or through a training spec's graph). */
  dependentsOf(specPath: string): string[] {
    const target = path.resolve(specPath);
    const out: string[] = [];
    for (const [dependent, read] of this.readSpecs) if (dependent !== target && read.has(target)) out.push(dependent);
    return out;
  }

  /** Validated specs with a table whose source is, contains or may match `dataFile`. */
  readersOfDataFile(dataFile: string): string[] {
    const target = path.resolve(dataFile);
    const out: string[] = [];
    for (const [spec, sources] of this.readSources) {
      if (sources.some((source) => sourceMayInclude(source, target))) out.push(spec);
    }
    return out;
  }

  /** The data sources a validated spec reads. */
  sourcesOf(specPath: string): readonly string[] {
    return this.readSources.get(path.resolve(specPath)) ?? [];
  }

  private filter(accept: (file: string, links: SpecLinks) => boolean): string[] {
    const out: string[] = [];
    for (const [file, links] of this.links) if (accept(file, links)) out.push(file);
    return out.sort();
  }
}

function sameLinks(a: SpecLinks, b: SpecLinks): boolean {
  const training = (links: SpecLinks) =>
    links.training?.kind === 'spec'
      ? `spec:${links.training.path}`
      : links.training?.kind === 'job'
        ? `${links.training.ref.backend}:${links.training.ref.id}`
        : '';
  return a.graphPath === b.graphPath && training(a) === training(b);
}

function sourcesOf(validation: SpecValidation): string[] {
  const sources = new Set<string>();
  for (const graph of [validation.graph, validation.trainingGraph]) {
    for (const table of graph?.tables ?? []) if (table.sourcePath) sources.add(table.sourcePath);
  }
  return [...sources];
}

/**
 * A source is a file, a folder of parts, or a glob. For a glob only the folder part before the first
 * wildcard is compared: re-running a data check for a file that turns out not to match costs one run,
 * while missing a match would leave stale diagnostics.
 */
function sourceMayInclude(source: string, file: string): boolean {
  const resolved = path.resolve(source);
  if (resolved === file) return true;
  const wildcard = source.search(GLOB_CHARS);
  const base = wildcard >= 0 ? path.dirname(source.slice(0, wildcard + 1)) : resolved;
  return file.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
}
