import * as fs from 'node:fs';
import * as path from 'node:path';

/** Why a source file was not read, and how the user can allow it. */
export interface SourceRefusal {
  /** The folder the file lies outside of. */
  folder: string;
  /** One sentence for the diagnostic: the setting (editor) or flag (CLI) that allows it. */
  howToAllow: string;
}

/**
 * Which data files the data tier may read. A spec in a repository is untrusted input: without a policy
 * its `source:` could make a data check read (and quote values of) any file this user can read.
 */
export interface SourceAccessPolicy {
  /** Why `file` (a resolved source file of a table defined in `specPath`) may not be read, or undefined. */
  refusal(specPath: string, file: string): SourceRefusal | undefined;
}

export interface WorkspaceSourcePolicyOptions {
  /** The folder a spec belongs to: sources inside it may be read. */
  folderOf(specPath: string): string;
  /** Whether the user allowed the specs of this folder to read sources anywhere. */
  allowsOutside(folder: string): boolean;
  howToAllow(folder: string): string;
}

/**
 * Sources may be read when they lie inside the spec's folder (after following symlinks, so a link in
 * the repository cannot point the check elsewhere), or anywhere once the user allowed it for that folder.
 */
export class WorkspaceSourcePolicy implements SourceAccessPolicy {
  constructor(private readonly options: WorkspaceSourcePolicyOptions) {}

  refusal(specPath: string, file: string): SourceRefusal | undefined {
    const folder = this.options.folderOf(specPath);
    if (this.options.allowsOutside(folder)) return undefined;
    if (isInside(realPath(file), realPath(folder))) return undefined;
    return { folder, howToAllow: this.options.howToAllow(folder) };
  }
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}
