// The file-name convention every part of Relgraph shares: which files are specs, and which folders never
// hold any. This module imports nothing, so that `protocol/` can hand it to the VS Code client as is.

/** The three spec kinds, recognised by suffix: `*.graph.yaml`, `*.training.yaml`, `*.prediction.yaml`. */
export const SPEC_KINDS = ['graph', 'training', 'prediction'] as const;
export type SpecFileKind = (typeof SPEC_KINDS)[number];

export const SPEC_FILE_EXTENSIONS = ['yaml', 'yml'] as const;

/** The suffix a spec file name ends with, any case (`Shop.Graph.YAML` is a graph spec too). */
export const SPEC_FILE_NAME = specFileNameRegex(SPEC_KINDS);

/**
 * Folders never searched for specs: dependencies, VCS data, Relgraph's job store and build or
 * prediction outputs hold no hand-written specs, and node_modules alone can take seconds to walk.
 */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', '.relgraph', 'out', 'dist']);

/** The spec kind a file name (or path) announces, if any. */
export function specKindOfPath(filePath: string): SpecFileKind | undefined {
  const match = SPEC_FILE_NAME.exec(filePath);
  return match ? (match[1].toLowerCase() as SpecFileKind) : undefined;
}

export function isSpecFileName(fileName: string): boolean {
  return SPEC_FILE_NAME.test(fileName);
}

/** The name Relgraph writes a new spec under: `specFileName('churn', 'prediction')` is `churn.prediction.yaml`. */
export function specFileName(base: string, kind: SpecFileKind): string {
  return `${base}.${kind}.yaml`;
}

/**
 * A file name (or path) without its spec suffix, when it is a spec of one of these kinds:
 * `Churn.Training.yml` -> `Churn`. Anything else is returned unchanged.
 */
export function withoutSpecSuffix(fileName: string, kinds: readonly SpecFileKind[] = SPEC_KINDS): string {
  const match = specFileNameRegex(kinds).exec(fileName);
  return match ? fileName.slice(0, match.index) : fileName;
}

/** A matcher for some of the kinds (`when` clauses distinguish prediction from training specs). */
export function specFileNameRegex(kinds: readonly SpecFileKind[]): RegExp {
  return new RegExp(`\\.(${kinds.join('|')})\\.ya?ml$`, 'i');
}

/**
 * The same files as a glob, for editors' file watchers and document selectors, whose globs have no
 * case-insensitive flag: every letter is a character class (`[gG][rR]...`).
 */
export function specFileGlob(kinds: readonly SpecFileKind[] = SPEC_KINDS): string {
  const anyCase = (word: string) => [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
  // A brace group of one alternative is not expanded by every glob engine: only group several.
  const oneOf = (words: readonly string[]) =>
    words.length === 1 ? anyCase(words[0]) : `{${words.map(anyCase).join(',')}}`;
  return `**/*.${oneOf(kinds)}.${oneOf(SPEC_FILE_EXTENSIONS)}`;
}
