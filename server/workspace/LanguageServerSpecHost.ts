import type { SpecHost, TrainingSpecStatus } from '../../core/host/SpecHost';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import type { SpecLinkIndex } from '../../core/workspace/SpecLinkIndex';
import { findWorkspace } from '../../data/jobs/jobWorkspace';
import type { NodeSpecHost } from '../../data/NodeSpecHost';
import type { WorkspaceFolders } from './WorkspaceFolders';

/**
 * The host validation runs on in the editor: the disk with unsaved buffers laid over it (NodeSpecHost),
 * plus the workspace's spec links answering `findReferrers`, so a graph file used as an inference graph
 * is checked against its training graph exactly as `relgraph validate` checks it. In an untrusted
 * workspace (Restricted Mode) nothing outside the workspace folders is read: a spec there naming
 * `graph: /elsewhere/x.graph.yaml` sees no such file. Open buffers are always readable.
 */
export class LanguageServerSpecHost implements SpecHost {
  constructor(
    private readonly files: NodeSpecHost,
    private readonly links: SpecLinkIndex,
    private readonly folders: WorkspaceFolders,
    private readonly trusted: () => boolean,
  ) {}

  readText(absolutePath: string): string | undefined {
    if (!this.files.hasOverlay(absolutePath) && !this.mayRead(absolutePath)) return undefined;
    return this.files.readText(absolutePath);
  }

  exists(absolutePath: string): boolean {
    return this.files.exists(absolutePath);
  }

  resolveSource(absolutePathOrGlob: string, limit: number): string[] {
    return this.files.resolveSource(absolutePathOrGlob, limit);
  }

  readTrainingJob(jobId: string, specPath: string): TrainingGraphMetadata | undefined {
    if (!this.mayRead(findWorkspace(specPath))) return undefined;
    return this.files.readTrainingJob?.(jobId, specPath);
  }

  trainingStatusOf(trainingSpecPath: string): TrainingSpecStatus | undefined {
    if (!this.mayRead(findWorkspace(trainingSpecPath))) return undefined;
    return this.files.trainingStatusOf?.(trainingSpecPath);
  }

  findReferrers(graphPath: string): string[] {
    return this.links.referrersOf(graphPath);
  }

  private mayRead(file: string): boolean {
    return this.trusted() || this.folders.contains(file);
  }
}
