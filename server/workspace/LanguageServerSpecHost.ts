import type { SpecHost } from '../../core/host/SpecHost';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';
import type { NodeSpecHost } from '../../data/NodeSpecHost';
import type { WorkspaceSpecIndex } from './WorkspaceSpecIndex';

/**
 * The host validation runs on in the editor: the disk with unsaved buffers laid over it (NodeSpecHost),
 * plus the workspace index answering `findReferrers`, so a graph file used as an inference graph is
 * checked against its training graph exactly as `relgraph validate` checks it.
 */
export class LanguageServerSpecHost implements SpecHost {
  constructor(
    private readonly files: NodeSpecHost,
    private readonly index: WorkspaceSpecIndex,
  ) {}

  readText(absolutePath: string): string | undefined {
    return this.files.readText(absolutePath);
  }

  exists(absolutePath: string): boolean {
    return this.files.exists(absolutePath);
  }

  resolveSource(absolutePathOrGlob: string, limit: number): string[] {
    return this.files.resolveSource(absolutePathOrGlob, limit);
  }

  readTrainingJob(jobId: string, specPath: string): TrainingGraphMetadata | undefined {
    return this.files.readTrainingJob?.(jobId, specPath);
  }

  findReferrers(graphPath: string): string[] {
    return this.index.findReferrers(graphPath);
  }
}
