import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { usableCacheDirectory, userCacheDir } from '../../data/cacheDirectory';
import type { OutputPreviewSessions } from '../../data/preview/OutputPreviewSessions';

export interface PreviewDataTierOptions {
  /** The user's cache directory (default `userCacheDir()`); Kumo outputs are cached in its `kumo-outputs/`. */
  cacheDir?: string;
  /** Why the cache directory is not used, once (the server log). */
  warn: (message: string) => void;
}

const UNCACHED =
  'Kumo outputs are downloaded again for each preview, into a private folder removed when the server stops';

/**
 * The preview's DuckDB sessions, imported on first use like the data checks' tier (server/data/DataTier.ts):
 * the server starts without loading DuckDB, and a preview never waits behind a data check's scan.
 */
export class PreviewDataTier {
  private sessions?: Promise<OutputPreviewSessions>;
  /** Where Kumo outputs go when the cache directory is not this user's alone: a private `mkdtemp` folder. */
  private privateDownloads?: string;

  constructor(private readonly options: PreviewDataTierOptions) {}

  get(): Promise<OutputPreviewSessions> {
    this.sessions ??= import('../../data/preview/OutputPreviewSessions').then(
      ({ OutputPreviewSessions }) => new OutputPreviewSessions(),
    );
    // A tier that failed to load is retried on the next use rather than remembered as broken.
    this.sessions.catch(() => (this.sessions = undefined));
    return this.sessions;
  }

  /**
   * A Kumo output's partitions, downloaded once into the user's cache directory (data/preview/kumoOutputCache).
   * Never into the workspace: a cached copy is trusted only where no one but this user can have written it.
   */
  async downloadKumoOutput(
    jobId: string,
    artifact: 'predictions' | 'embeddings',
    urls: readonly string[],
    signal?: AbortSignal,
  ): Promise<{ folder: string; files: string[] }> {
    const { cachedKumoOutput } = await import('../../data/preview/kumoOutputCache');
    return cachedKumoOutput(this.kumoCacheRoot(), jobId, artifact, urls, signal ? { signal } : {});
  }

  private kumoCacheRoot(): string {
    const root = this.options.cacheDir ?? userCacheDir();
    const usable = root && usableCacheDirectory(root, this.options.warn, undefined, UNCACHED);
    const folder =
      usable && usableCacheDirectory(path.join(usable, 'kumo-outputs'), this.options.warn, undefined, UNCACHED);
    if (folder) return folder;
    this.privateDownloads ??= fs.mkdtempSync(path.join(os.tmpdir(), 'relgraph-kumo-outputs-'));
    return this.privateDownloads;
  }

  dispose(): void {
    void this.sessions?.then(
      (s) => s.dispose(),
      () => undefined,
    );
    this.sessions = undefined;
    if (this.privateDownloads) fs.rmSync(this.privateDownloads, { recursive: true, force: true });
    this.privateDownloads = undefined;
  }
}
