import type { Schema } from 'yaml';
import { fallBack } from './FastYamlFallback';
import type { ScalarFactory } from './ScalarFactory';
import type { YamlCursor } from './YamlCursor';

/**
 * Nesting deeper than this falls back: no spec comes near it, and the recursive parser must not overflow
 * the stack where the yaml package would still cope.
 */
const MAX_DEPTH = 100;

/** What the block and flow parsers share while reading one document. */
export class ParseContext {
  private depth = 0;

  constructor(
    readonly cursor: YamlCursor,
    readonly scalars: ScalarFactory,
    readonly schema: Schema,
  ) {}

  enter(): void {
    if (++this.depth > MAX_DEPTH) fallBack('nested too deeply');
  }

  leave(): void {
    this.depth--;
  }
}
