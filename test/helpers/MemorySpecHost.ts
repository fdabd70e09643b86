import * as path from 'node:path';
import type { SpecHost } from '../../core/host/SpecHost';
import type { TrainingGraphMetadata } from '../../core/spec/TrainingGraphMetadata';

/**
 * A SpecHost over an in-memory file tree, for core tests that need several spec files without a
 * disk. Sources "exist" when a file of that path is present (contents are irrelevant to core).
 */
export class MemorySpecHost implements SpecHost {
  readonly files = new Map<string, string>();
  readonly jobs = new Map<string, TrainingGraphMetadata>();
  readonly referrers = new Map<string, string[]>();

  constructor(
    readonly root = '/ws',
    files: Record<string, string> = {},
  ) {
    for (const [name, text] of Object.entries(files)) this.files.set(path.join(root, name), text);
  }

  abs(name: string): string {
    return path.join(this.root, name);
  }

  readText(absolutePath: string): string | undefined {
    return this.files.get(absolutePath);
  }

  exists(absolutePath: string): boolean {
    return this.files.has(absolutePath);
  }

  resolveSource(absolutePathOrGlob: string, limit: number): string[] {
    if (this.files.has(absolutePathOrGlob)) return [absolutePathOrGlob];
    const prefix = absolutePathOrGlob.endsWith('/') ? absolutePathOrGlob : `${absolutePathOrGlob}/`;
    return [...this.files.keys()].filter((f) => f.startsWith(prefix)).slice(0, limit);
  }

  readTrainingJob(jobId: string): TrainingGraphMetadata | undefined {
    return this.jobs.get(jobId);
  }

  findReferrers(graphPath: string): string[] {
    return this.referrers.get(graphPath) ?? [];
  }
}
