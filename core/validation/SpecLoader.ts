import type { SpecHost } from '../host/SpecHost';
import { parseSpec, type ParsedSpec } from '../spec/parseSpec';

const MAX_CACHED = 500;

/**
 * Reads and parses the spec files a validation refers to (training specs, graph files). Parses are
 * memoised by path and exact text, so re-validating a prediction spec on every keystroke does not
 * re-parse its unchanged training graph.
 */
export class SpecLoader {
  private static readonly cache = new Map<string, { text: string; parsed: ParsedSpec }>();

  readonly loaded = new Set<string>();

  constructor(readonly host: SpecHost) {}

  load(absolutePath: string): ParsedSpec | undefined {
    const text = this.host.readText(absolutePath);
    if (text === undefined) return undefined;
    this.loaded.add(absolutePath);
    return SpecLoader.parse(text, absolutePath);
  }

  static parse(text: string, absolutePath: string): ParsedSpec {
    const cached = SpecLoader.cache.get(absolutePath);
    if (cached && cached.text === text) return cached.parsed;
    const parsed = parseSpec(text, absolutePath);
    if (SpecLoader.cache.size >= MAX_CACHED) SpecLoader.cache.delete(SpecLoader.cache.keys().next().value!);
    SpecLoader.cache.set(absolutePath, { text, parsed });
    return parsed;
  }
}
