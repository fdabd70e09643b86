import type { OutputPreviewSessions } from '../../data/preview/OutputPreviewSessions';

/**
 * The preview's DuckDB sessions, imported on first use like the data checks' tier (server/data/DataTier.ts):
 * the server starts without loading DuckDB, and a preview never waits behind a data check's scan.
 */
export class PreviewDataTier {
  private sessions?: Promise<OutputPreviewSessions>;

  get(): Promise<OutputPreviewSessions> {
    this.sessions ??= import('../../data/preview/OutputPreviewSessions').then(
      ({ OutputPreviewSessions }) => new OutputPreviewSessions(),
    );
    // A tier that failed to load is retried on the next use rather than remembered as broken.
    this.sessions.catch(() => (this.sessions = undefined));
    return this.sessions;
  }

  async downloadKumoOutput(
    workspace: string,
    jobId: string,
    artifact: 'predictions' | 'embeddings',
    urls: readonly string[],
    signal?: AbortSignal,
  ): Promise<{ folder: string; files: string[] }> {
    const { cachedKumoOutput } = await import('../../data/preview/kumoOutputCache');
    return cachedKumoOutput(workspace, jobId, artifact, urls, signal ? { signal } : {});
  }

  dispose(): void {
    void this.sessions?.then(
      (s) => s.dispose(),
      () => undefined,
    );
    this.sessions = undefined;
  }
}
