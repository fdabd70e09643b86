import * as vscode from 'vscode';
import type { JobsModel } from './JobsModel';
import { jobGroups } from './jobPresentation';
import { JobGroupTreeNode, type JobsTreeNode } from './JobTreeNode';

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

  dispose(): void {
    this.subscription.dispose();
    this._onDidChangeTreeData.dispose();
  }
}
