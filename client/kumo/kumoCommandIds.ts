/**
 * The IDs the Kumo part of the editor contributes in package.json. Public (keybindings, the e2e tests, docs/editor.md
 * section "Kumo"): never renamed.
 */
export const KumoCommandIds = {
  connect: 'relgraph.kumo.connect',
  disconnect: 'relgraph.kumo.disconnect',
  refresh: 'relgraph.kumo.refresh',
  cancel: 'relgraph.kumo.cancel',
  openInKumo: 'relgraph.kumo.openInKumo',
  showDetails: 'relgraph.kumo.showDetails',
} as const;

export const KUMO_VIEW_ID = 'relgraph.kumoJobs';
/** Context key: a Kumo URL and API key are stored (the Kumo view's welcome offers Connect otherwise). */
export const KUMO_CONNECTED_CONTEXT = 'relgraph.kumo.connected';
