import * as fs from 'node:fs';
import * as path from 'node:path';
import { Emitter, type Event } from 'vscode-languageserver';
import type { SpecHost } from '../../core/host/SpecHost';
import type { Spec } from '../../core/spec/SpecModel';
import { SpecLoader } from '../../core/validation/SpecLoader';
import { specKindOfPath } from '../documents/specFiles';

/** How one spec file points at others: a training spec at its graph, a prediction spec at its graph and training spec. */
export interface SpecLinks {
  graphPath?: string;
  trainingSpecPath?: string;
}

/** Folders that hold no hand-written specs (dependencies, VCS data, job store, build outputs). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.relgraph', 'out', 'dist']);
/** The scan is bounded: a huge monorepo must not cost the editor its memory (the terraform-ls lesson). */
const MAX_SPEC_FILES = 5_000;
const MAX_DIRECTORY_ENTRIES = 200_000;

/**
 * The spec files of the workspace folders and how they link to each other, for the questions a single
 * file cannot answer: which prediction specs use this graph file as their inference graph (core's
 * `findReferrers`), and which specs share a training graph (references and rename). Scanned once in the
 * background, then kept current by file events and edits; open buffers win over the disk.
 */
export class WorkspaceSpecIndex {
  private readonly links = new Map<string, SpecLinks>();
  private scanned = false;
  private truncated = false;
  private readonly _onDidIndexChange = new Emitter<void>();
  /** Fires when the scan finishes or a file's links change (graph files may get new referrers). */
  readonly onDidIndexChange: Event<void> = this._onDidIndexChange.event;

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
        if (dirent.isDirectory() && !SKIPPED_DIRECTORIES.has(dirent.name) && !dirent.name.startsWith('.'))
          await walk(full);
        else if (dirent.isFile() && specKindOfPath(dirent.name) && found.length < MAX_SPEC_FILES) found.push(full);
      }
    };
    for (const root of roots) await walk(root);
    for (const file of found) if (!this.links.has(file)) this.links.set(file, this.readLinks(file));
    this.scanned = true;
    this._onDidIndexChange.fire();
  }

  /** An open spec was validated: its links come from the buffer's model. */
  updateFromSpec(specPath: string, spec: Spec | undefined): void {
    this.setLinks(specPath, linksOf(spec));
  }

  /** A spec file changed on disk (a closed one; open buffers go through `updateFromSpec`). */
  fileChanged(specPath: string): void {
    this.setLinks(specPath, this.readLinks(specPath));
  }

  fileDeleted(specPath: string): void {
    if (this.links.delete(specPath)) this._onDidIndexChange.fire();
  }

  /** Every known spec file. */
  specFiles(): string[] {
    return [...this.links.keys()];
  }

  /** Prediction specs whose `graph:` names this graph file (they make it an inference graph). */
  findReferrers(graphPath: string): string[] {
    return this.filter((file, links) => specKindOfPath(file) === 'prediction' && links.graphPath === graphPath);
  }

  /** Training specs whose `graph:` names this graph file. */
  trainingSpecsOf(graphPath: string): string[] {
    return this.filter((file, links) => specKindOfPath(file) === 'training' && links.graphPath === graphPath);
  }

  /** Prediction specs whose `training_job:` names this training spec. */
  predictionSpecsOf(trainingSpecPath: string): string[] {
    return this.filter(
      (file, links) => specKindOfPath(file) === 'prediction' && links.trainingSpecPath === trainingSpecPath,
    );
  }

  private filter(accept: (file: string, links: SpecLinks) => boolean): string[] {
    const out: string[] = [];
    for (const [file, links] of this.links) if (accept(file, links)) out.push(file);
    return out.sort();
  }

  private setLinks(specPath: string, links: SpecLinks): void {
    const previous = this.links.get(specPath);
    this.links.set(specPath, links);
    if (previous?.graphPath !== links.graphPath || previous?.trainingSpecPath !== links.trainingSpecPath) {
      this._onDidIndexChange.fire();
    }
  }

  private readLinks(specPath: string): SpecLinks {
    const text = this.host.readText(specPath);
    return text === undefined ? {} : linksOf(SpecLoader.parse(text, specPath).spec);
  }
}

function linksOf(spec: Spec | undefined): SpecLinks {
  if (!spec || spec.kind === 'graph') return {};
  const links: SpecLinks = {};
  if (spec.graph?.kind === 'path') links.graphPath = spec.graph.absolutePath;
  if (spec.kind === 'prediction' && spec.trainingJob?.kind === 'spec')
    links.trainingSpecPath = spec.trainingJob.absolutePath;
  return links;
}
