/**
 * Command IDs shared by the server's code lenses and the VS Code client. A contract (keybindings,
 * settings and other extensions refer to them): add, never rename.
 */
export const RelgraphCommands = {
  restartServer: 'relgraph.server.restart',
  showLogs: 'relgraph.server.showLogs',
  validateData: 'relgraph.data.validate',
  runPrediction: 'relgraph.prediction.run',
  runTraining: 'relgraph.training.run',
  showGraph: 'relgraph.graph.show',
  /** Adds a folder to the user setting `relgraph.data.allowOutsideWorkspace` (argument: the folder). */
  allowOutsideWorkspace: 'relgraph.data.allowOutsideWorkspace',
  /**
   * Opens the predictions preview of a job's output (argument: a PreviewTarget, client/predictions/previewTarget.ts):
   * what the Jobs view's "Preview Predictions" runs for a local job, and a Kumo job's outputs use.
   */
  openPreview: 'relgraph.predictions.openPreview',
  /** `relgraph kumo pull kumo:<id>` for a spec's `training_job` (arguments: the spec's URI, `kumo:<id>`). */
  pullKumoTrainingGraph: 'relgraph.kumo.pullTrainingGraph',
  /**
   * Opens the Python script Kumo's SDK runs for a prediction on another graph (`relgraph kumo script <spec>`), as an
   * unsaved document (argument: the prediction spec's URI).
   */
  openKumoScript: 'relgraph.kumo.openScript',
  /**
   * "New Inference Graph from Training…" (arguments: a training spec URI, a finished training job's node
   * or id; or a prediction spec URI and the absolute path of the missing graph file to create).
   */
  newInferenceGraph: 'relgraph.scaffold.inferenceGraph',
} as const;
