import * as path from 'node:path';
import { isInside } from '../../data/SourceAccessPolicy';

/**
 * The folders the editor opened: what "inside the workspace" means for Restricted Mode and for the
 * data checks' source policy. A spec outside every folder (a loose file) counts its own folder.
 */
export class WorkspaceFolders {
  private roots: string[] = [];

  get all(): readonly string[] {
    return this.roots;
  }

  set(roots: readonly string[]): void {
    this.roots = [...new Set(roots.map((root) => path.resolve(root)))];
  }

  add(roots: readonly string[]): void {
    this.set([...this.roots, ...roots]);
  }

  remove(roots: readonly string[]): void {
    const gone = new Set(roots.map((root) => path.resolve(root)));
    this.set(this.roots.filter((root) => !gone.has(root)));
  }

  /** The innermost workspace folder holding `file`, else the file's own folder. */
  folderOf(file: string): string {
    const inside = this.roots.filter((root) => isInside(path.resolve(file), root));
    return inside.sort((a, b) => b.length - a.length)[0] ?? path.dirname(path.resolve(file));
  }

  /** Whether `file` lies in one of the workspace folders. */
  contains(file: string): boolean {
    return this.roots.some((root) => isInside(path.resolve(file), root));
  }
}
