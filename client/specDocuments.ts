import type * as vscode from 'vscode';
import { SKIPPED_FOLDERS, specFileGlob, specKindOfPath, type SpecFileKind } from '../protocol/specFiles';

/**
 * Which documents are Relgraph's: YAML files named *.graph.yaml, *.training.yaml or *.prediction.yaml
 * (.yml too, any case; core's one file-name matcher). They stay in the `yaml` language, so the user's
 * YAML tooling keeps working on them, and every other YAML file is left alone.
 */
export const SPEC_FILE_GLOB = specFileGlob();

export const SPEC_DOCUMENT_SELECTOR: vscode.DocumentFilter[] = [
  { scheme: 'file', language: 'yaml', pattern: SPEC_FILE_GLOB },
];

/** `findFiles` exclude pattern: the folders `relgraph validate` and the server never search for specs. */
export const SPEC_SEARCH_EXCLUDE = `**/{${[...SKIPPED_FOLDERS].join(',')}}/**`;

export type SpecKind = SpecFileKind;

export function specKindOf(uri: vscode.Uri): SpecKind | undefined {
  return specKindOfPath(uri.path);
}
