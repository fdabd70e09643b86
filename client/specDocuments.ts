import type * as vscode from 'vscode';

/**
 * Which documents are Relgraph's: YAML files named *.graph.yaml, *.training.yaml or *.prediction.yaml
 * (.yml too). They stay in the `yaml` language, so the user's YAML tooling keeps working on them, and
 * every other YAML file is left alone.
 */
export const SPEC_FILE_GLOB = '**/*.{graph,training,prediction}.{yaml,yml}';

export const SPEC_DOCUMENT_SELECTOR: vscode.DocumentFilter[] = [
  { scheme: 'file', language: 'yaml', pattern: SPEC_FILE_GLOB },
];

const SPEC_FILE = /\.(graph|training|prediction)\.ya?ml$/i;

export type SpecKind = 'graph' | 'training' | 'prediction';

export function specKindOf(uri: vscode.Uri): SpecKind | undefined {
  const match = SPEC_FILE.exec(uri.path);
  return match ? (match[1].toLowerCase() as SpecKind) : undefined;
}
