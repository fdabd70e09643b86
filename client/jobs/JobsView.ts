import * as vscode from 'vscode';
import type { JobsModel } from './JobsModel';
import { JobsTreeDataProvider } from './JobsTreeDataProvider';
import type { JobsTreeNode } from './JobTreeNode';
import { isActiveJob } from './jobText';
import { JOBS_LOADED_CONTEXT, JOBS_VIEW_ID } from './jobsCommandIds';

/** Relative times ("5 min ago") age: the visible tree is repainted this often even when no job changes. */
const CLOCK_TICK_MS = 60_000;

/**
 * The `relgraph.jobs` tree view: the provider, a badge counting active jobs, the context key the
 * welcome view waits for, and the clock that keeps relative times true while the view is visible.
 */
export class JobsView implements vscode.Disposable {
  readonly provider: JobsTreeDataProvider;
  readonly treeView: vscode.TreeView<JobsTreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private clock: NodeJS.Timeout | undefined;

  constructor(private readonly model: JobsModel) {
    this.provider = new JobsTreeDataProvider(model);
    this.treeView = vscode.window.createTreeView(JOBS_VIEW_ID, {
      treeDataProvider: this.provider,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.provider,
      this.treeView,
      model.onDidChangeJobs(() => this.updateBadge()),
      model.onDidChangeLoaded(() => void vscode.commands.executeCommand('setContext', JOBS_LOADED_CONTEXT, true)),
      this.treeView.onDidChangeVisibility(() => this.updateClock()),
    );
    if (model.isLoaded) void vscode.commands.executeCommand('setContext', JOBS_LOADED_CONTEXT, true);
    this.updateClock();
  }

  private updateBadge(): void {
    const active = this.model.jobs.filter((j) => isActiveJob(j)).length;
    this.treeView.badge =
      active > 0 ? { value: active, tooltip: `${active} Relgraph job${active === 1 ? '' : 's'} running` } : undefined;
    this.treeView.message = this.model.searchTruncated
      ? 'Some folders were not searched for .relgraph/jobs (folder limit): jobs there appear once they change.'
      : undefined;
  }

  private updateClock(): void {
    clearInterval(this.clock);
    this.clock = undefined;
    if (this.treeView.visible) this.clock = setInterval(() => this.provider.repaint(), CLOCK_TICK_MS);
  }

  dispose(): void {
    clearInterval(this.clock);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
