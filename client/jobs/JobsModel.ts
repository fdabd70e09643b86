import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverJobWorkspaces } from '../../backend/local/jobStoreDiscovery';
import { findWorkspace, workspaceOfJobFile } from '../../backend/local/jobWorkspace';
import type { JobsLoader, LoadedJob } from './JobsLoader';
import { JobStatusWatcher } from './JobStatusWatcher';
import { isActiveJob } from './jobText';

/** Coalesces the bursts of events one record write causes (temp file created, renamed over the record). */
const RELOAD_DELAY_MS = 150;
const STORE_FILES = '.relgraph/jobs/*.{json,cancel}';

/**
 * The jobs of every job store of the workspace, kept current: the stores are found by a bounded
 * search, watched with file-system watchers (a record is replaced atomically on every change, a cancel
 * marker appears and disappears), and polled while a job is active (JobStatusWatcher). Fires
 * `onDidChangeJobs` only when something a view shows changed. No UI here: views and commands listen.
 */
export class JobsModel implements vscode.Disposable {
  private readonly _onDidChangeJobs = new vscode.EventEmitter<readonly LoadedJob[]>();
  readonly onDidChangeJobs = this._onDidChangeJobs.event;
  private readonly _onDidChangeLoaded = new vscode.EventEmitter<void>();
  /** The first load finished (the view can tell "no jobs" from "not read yet"). */
  readonly onDidChangeLoaded = this._onDidChangeLoaded.event;

  private current: readonly LoadedJob[] = [];
  private signature = '';
  private loaded = false;
  private truncatedSearch = false;
  private readonly workspaces = new Set<string>();
  /** Stores named by a launch (watchStoreOf): kept even before their folder exists. */
  private readonly pinned = new Set<string>();
  private readonly outsideWatchers = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly statusWatcher: JobStatusWatcher;
  private reloadTimer: NodeJS.Timeout | undefined;
  /** The load under way, and whether another was asked for meanwhile (loads never overlap or reorder). */
  private loading: Promise<void> | undefined;
  private loadAgain = false;
  private disposed = false;

  constructor(
    private readonly loader: JobsLoader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.statusWatcher = new JobStatusWatcher(() => void this.reload());
    // Stores inside workspace folders, including ones created after the search (a first run).
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${STORE_FILES}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.noticeStoreFile(uri)),
      watcher.onDidChange((uri) => this.noticeStoreFile(uri)),
      watcher.onDidDelete((uri) => this.noticeStoreFile(uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    );
  }

  get jobs(): readonly LoadedJob[] {
    return this.current;
  }

  /** The workspaces whose job stores the model reads. */
  get storeWorkspaces(): readonly string[] {
    return [...this.workspaces];
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** The last search for stores stopped at its folder budget (the view says so). */
  get searchTruncated(): boolean {
    return this.truncatedSearch;
  }

  /** A job by id; `file` tells apart equal ids of two stores (ids are random, but copies exist). */
  find(id: string, file?: string): LoadedJob | undefined {
    return this.current.find((j) => j.record.id === id && (file === undefined || j.file === file));
  }

  /** Searches the workspace folders for job stores again, then reads every store. */
  async refresh(): Promise<void> {
    const roots = (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => f.uri.fsPath);
    const found = await discoverJobWorkspaces(roots);
    this.truncatedSearch = found.truncated;
    if (found.truncated) {
      this.log.warn(
        'The search for .relgraph/jobs folders stopped at its folder limit; stores further down appear once they change.',
      );
    }
    for (const workspace of [...this.workspaces]) {
      const gone = !found.workspaces.includes(workspace) && !this.pinned.has(workspace);
      if (gone && !this.isInsideFolders(workspace, roots)) this.forget(workspace);
    }
    for (const workspace of found.workspaces) this.addWorkspace(workspace);
    await this.reload();
  }

  /** A spec is about to run: watch the store its jobs will go to, even if it does not exist yet. */
  watchStoreOf(specPath: string): void {
    const workspace = findWorkspace(specPath);
    this.pinned.add(workspace);
    this.addWorkspace(workspace);
    this.scheduleReload();
  }

  private noticeStoreFile(uri: vscode.Uri): void {
    const workspace = workspaceOfJobFile(uri.fsPath);
    if (workspace) this.addWorkspace(workspace);
    this.scheduleReload();
  }

  private addWorkspace(workspace: string): void {
    if (this.workspaces.has(workspace)) return;
    this.workspaces.add(workspace);
    this.log.info(`Watching the jobs of ${path.join(workspace, '.relgraph', 'jobs')}`);
    // The workspace-wide watcher covers stores inside the folders; an ancestor's store needs its own.
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    if (!this.isInsideFolders(workspace, roots)) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(workspace), STORE_FILES),
      );
      const listen = () => this.scheduleReload();
      this.outsideWatchers.set(
        workspace,
        vscode.Disposable.from(
          watcher,
          watcher.onDidCreate(listen),
          watcher.onDidChange(listen),
          watcher.onDidDelete(listen),
        ),
      );
    }
  }

  private forget(workspace: string): void {
    this.workspaces.delete(workspace);
    this.outsideWatchers.get(workspace)?.dispose();
    this.outsideWatchers.delete(workspace);
  }

  private isInsideFolders(dir: string, roots: readonly string[]): boolean {
    return roots.some((root) => {
      const relative = path.relative(root, dir);
      return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
    });
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reload(), RELOAD_DELAY_MS);
  }

  /** Reads the jobs again; a call during a load makes one more load after it, so the last state wins. */
  private reload(): Promise<void> {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
    if (this.loading) {
      this.loadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.loadAgain = false;
        try {
          await this.load();
        } catch (error) {
          this.log.error(`Reading the jobs failed: ${error}`);
        }
      } while (this.loadAgain && !this.disposed);
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const snapshot = await this.loader.load();
    if (this.disposed) return;
    for (const problem of snapshot.problems) this.log.warn(`Skipped job record ${problem.file}: ${problem.reason}`);
    const signature = snapshot.jobs
      .map((j) => `${j.file}|${j.record.updatedAt}|${j.record.status}|${j.cancelRequested}`)
      .join('\n');
    const changed = signature !== this.signature;
    this.current = snapshot.jobs;
    this.signature = signature;
    const active = snapshot.jobs.some((j) => isActiveJob(j));
    this.statusWatcher.jobsLoaded(active, changed);
    if (!this.loaded) {
      this.loaded = true;
      this._onDidChangeLoaded.fire();
    }
    if (changed) this._onDidChangeJobs.fire(this.current);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reloadTimer);
    this.statusWatcher.dispose();
    for (const watcher of this.outsideWatchers.values()) watcher.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this._onDidChangeJobs.dispose();
    this._onDidChangeLoaded.dispose();
  }
}
