import * as vscode from 'vscode';
import type { JobsModel } from './JobsModel';
import { jobGroups } from './jobPresentation';
import { JobGroupTreeNode, JobTreeNode, type JobsTreeNode } from './JobTreeNode';
import { displayState } from './jobText';
import { JOBS_LOADED_CONTEXT, JOBS_VIEW_ID } from './jobsCommandIds';

/** Relative times ("5 min ago") age: the visible tree is repainted this often even when no job changes. */
const CLOCK_TICK_MS = 60_000;

/**
 * Maps the model's jobs to tree nodes, and nothing else (the run-history pattern: the model owns
 * reading and watching, the provider repaints on `onDidChangeJobs`). Node ids are stable, so expanded
 * jobs stay expanded while they update.
 */
export class JobsTreeDataProvider implements vscode.TreeDataProvider<JobsTreeNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<JobsTreeNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: JobsModel,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = model.onDidChangeJobs(() => this.repaint());
  }

  repaint(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  getTreeItem(node: JobsTreeNode): vscode.TreeItem {
    return node.toTreeItem(this.now());
  }

  getChildren(node?: JobsTreeNode): JobsTreeNode[] {
    if (!node) return jobGroups(this.model.jobs).map((group) => new JobGroupTreeNode(group));
    return node.children(this.now());
  }

  getParent(node: JobsTreeNode): JobsTreeNode | undefined {
    return node.parent;
  }

  /** The node of a job (for `reveal`), built the way getChildren builds it. */
  nodeOf(id: string): JobTreeNode | undefined {
    for (const group of this.getChildren()) {
      for (const child of group.children(this.now())) {
        if (child instanceof JobTreeNode && child.job.record.id === id) return child;
      }
    }
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this._onDidChangeTreeData.dispose();
  }
}

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
    this.updateClock();
  }

  /** Shows a job in the view (after a launch from the editor). */
  async reveal(jobId: string): Promise<void> {
    const node = this.provider.nodeOf(jobId);
    if (node) await this.treeView.reveal(node, { select: true, focus: false, expand: false });
  }

  private updateBadge(): void {
    const active = this.model.jobs.filter((j) => ['queued', 'running', 'cancelling'].includes(displayState(j))).length;
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
