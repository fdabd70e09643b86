/**
 * Thrown inside the fast parser when the text leaves the supported YAML subset, or could be a syntax error:
 * the caller then parses with the yaml package, which stays the only source of syntax diagnostics.
 */
export class FastYamlFallback extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FastYamlFallback';
  }
}

export function fallBack(reason: string): never {
  throw new FastYamlFallback(reason);
}
