import * as fs from 'node:fs';
import * as path from 'node:path';
import { Emitter, type Event } from 'vscode-languageserver';
import type { SpecHost } from '../../core/host/SpecHost';
import type { Spec } from '../../core/spec/SpecModel';
import { isSpecFileName, SKIPPED_FOLDERS } from '../../core/spec/specFileNames';
import { SpecLinkIndex } from '../../core/workspace/SpecLinkIndex';

/** The scan is bounded: a huge monorepo must not cost the editor its memory (the terraform-ls lesson). */
const MAX_SPEC_FILES = 5_000;
const MAX_DIRECTORY_ENTRIES = 200_000;

/**
 * Keeps core's SpecLinkIndex current for the language server: the workspace folders are scanned once in
 * the background (the same file names and skipped folders as `relgraph validate`), then file events
 * and edits update it; open buffers win over the disk.
 */
export class WorkspaceLinkTracker {
  readonly links = new SpecLinkIndex();
  private scanned = false;
  private truncated = false;
  private readonly _onDidLinksChange = new Emitter<void>();
  /** Fires when the scan finishes or a file's links change (graph files may get new referrers). */
  readonly onDidLinksChange: Event<void> = this._onDidLinksChange.event;

  constructor(private readonly host: SpecHost) {}

  get isScanned(): boolean {
    return this.scanned;
  }

  /** Whether the scan stopped at its bound (reported in the log, so a missing referrer is explainable). */
  get isTruncated(): boolean {
    return this.truncated;
  }

  async scan(roots: string[]): Promise<void> {
    let entries = 0;
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      if (found.length >= MAX_SPEC_FILES || entries >= MAX_DIRECTORY_ENTRIES) {
        this.truncated = true;
        return;
      }
      let dirents: fs.Dirent[];
      try {
        dirents = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      entries += dirents.length;
      for (const dirent of dirents) {
        const full = path.join(dir, dirent.name);
        // Dirent.isDirectory() is false for symlinks: no cycles through linked folders.
        if (dirent.isDirectory() && !SKIPPED_FOLDERS.has(dirent.name)) await walk(full);
        else if (dirent.isFile() && isSpecFileName(dirent.name) && found.length < MAX_SPEC_FILES) found.push(full);
      }
    };
    for (const root of roots) await walk(root);
    for (const file of found) if (!this.links.has(file)) this.links.readFrom(this.host, file);
    this.scanned = true;
    this._onDidLinksChange.fire();
  }

  /** An open spec was validated: its links come from the buffer's model. */
  updateFromSpec(specPath: string, spec: Spec | undefined): void {
    if (this.links.setFromSpec(specPath, spec)) this._onDidLinksChange.fire();
  }

  /** A spec file changed on disk (a closed one; open buffers go through `updateFromSpec`). */
  fileChanged(specPath: string): void {
    if (this.links.readFrom(this.host, specPath)) this._onDidLinksChange.fire();
  }

  fileDeleted(specPath: string): void {
    if (this.links.remove(specPath)) this._onDidLinksChange.fire();
  }
}
