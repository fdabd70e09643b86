import * as vscode from 'vscode';
import type { LoadedJob } from './JobsLoader';
import { jobChildRows, jobRow, type JobGroup, type TreeRow } from './jobPresentation';
import { JobsCommandIds } from './jobsCommandIds';

/**
 * The nodes of the Jobs view. Thin: what a row says comes from jobPresentation; a node only turns it
 * into a TreeItem and knows its parent (for `reveal`) and the job it belongs to (for the commands).
 */
export type JobsTreeNode = JobGroupTreeNode | JobTreeNode | JobDetailTreeNode | JobsOverflowTreeNode;

export class JobGroupTreeNode {
  readonly parent = undefined;

  constructor(readonly group: JobGroup) {}

  children(): JobsTreeNode[] {
    const nodes: JobsTreeNode[] = this.group.jobs.map((job) => new JobTreeNode(job, this));
    if (this.group.hidden > 0) nodes.push(new JobsOverflowTreeNode(this.group.hidden, this));
    return nodes;
  }

  toTreeItem(): vscode.TreeItem {
    const collapsible =
      this.group.jobs.length === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(this.group.label, collapsible);
    item.id = `group:${this.group.kind}`;
    item.description = this.group.description;
    item.iconPath = new vscode.ThemeIcon(this.group.kind === 'training' ? 'mortar-board' : 'graph-scatter');
    item.contextValue = `relgraph.jobGroup.${this.group.kind}`;
    return item;
  }
}

export class JobTreeNode {
  constructor(
    readonly job: LoadedJob,
    readonly parent: JobGroupTreeNode,
  ) {}

  children(now: number): JobsTreeNode[] {
    return jobChildRows(this.job, now).map((row) => new JobDetailTreeNode(row, this.job, this));
  }

  toTreeItem(now: number): vscode.TreeItem {
    const row = jobRow(this.job, now);
    const item = itemOf(row, vscode.TreeItemCollapsibleState.Collapsed);
    item.accessibilityInformation = { label: `${row.label}, ${this.job.record.status}, ${row.description ?? ''}` };
    return item;
  }
}

/** A row under a job: error, section (stages, outputs, metrics, summary), stage, output, value, log. */
export class JobDetailTreeNode {
  constructor(
    readonly row: TreeRow,
    readonly job: LoadedJob,
    readonly parent: JobTreeNode | JobDetailTreeNode,
  ) {}

  children(): JobsTreeNode[] {
    return (this.row.children ?? []).map((row) => new JobDetailTreeNode(row, this.job, this));
  }

  toTreeItem(): vscode.TreeItem {
    const state = !this.row.children
      ? vscode.TreeItemCollapsibleState.None
      : this.row.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    const item = itemOf(this.row, state);
    if (this.row.artifact) {
      item.resourceUri = vscode.Uri.file(this.row.artifact.path);
      item.command = { command: JobsCommandIds.openOutput, title: 'Open Output', arguments: [this] };
    } else if (this.row.opensLog) {
      item.command = { command: JobsCommandIds.showLogs, title: 'Show Logs', arguments: [this] };
    }
    return item;
  }
}

/** "N older jobs": the tree shows the newest jobs of each kind; the store keeps every job. */
export class JobsOverflowTreeNode {
  constructor(
    readonly hidden: number,
    readonly parent: JobGroupTreeNode,
  ) {}

  children(): JobsTreeNode[] {
    return [];
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`${this.hidden} older job${this.hidden === 1 ? '' : 's'} not shown`);
    item.id = `overflow:${this.parent.group.kind}`;
    item.tooltip = 'The view lists the newest jobs of each kind. `relgraph jobs list` in a terminal lists them all.';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'relgraph.jobsOverflow';
    return item;
  }
}

function itemOf(row: TreeRow, state: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, state);
  item.id = row.id;
  if (row.description) item.description = row.description;
  if (row.tooltip) item.tooltip = new vscode.MarkdownString(row.tooltip);
  item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  item.contextValue = row.contextValue;
  return item;
}

/** The job a command was invoked on, whichever node of it. */
export function jobOfNode(node: unknown): LoadedJob | undefined {
  return node instanceof JobTreeNode || node instanceof JobDetailTreeNode ? node.job : undefined;
}
