import type { SpecHost } from '../host/SpecHost';
import { specKindOfPath } from '../spec/parseSpec';
import { SpecLoader } from './SpecLoader';

/**
 * Which prediction specs use which graph files as their inference graph, so a graph file can be
 * checked against the training graph where the fix belongs. The CLI fills it with the files it
 * validates (and their neighbours); the language server with the workspace's spec files.
 */
export class SpecReferenceIndex {
  private readonly graphOf = new Map<string, string>();

  constructor(private readonly host: SpecHost) {}

  /** (Re-)reads one spec file; only prediction specs with a `graph:` path matter. */
  update(absolutePath: string): void {
    this.graphOf.delete(absolutePath);
    if (specKindOfPath(absolutePath) !== 'prediction') return;
    const text = this.host.readText(absolutePath);
    if (text === undefined) return;
    const spec = SpecLoader.parse(text, absolutePath).spec;
    if (spec?.kind === 'prediction' && spec.graph?.kind === 'path')
      this.graphOf.set(absolutePath, spec.graph.absolutePath);
  }

  remove(absolutePath: string): void {
    this.graphOf.delete(absolutePath);
  }

  /** Prediction specs naming this graph file, sorted for stable output. */
  referrersOf(graphPath: string): string[] {
    return [...this.graphOf]
      .filter(([, graph]) => graph === graphPath)
      .map(([spec]) => spec)
      .sort();
  }
}
