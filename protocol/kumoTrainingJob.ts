/**
 * The top-level `training_job: kumo:<id>` of a prediction spec, with its 0-based line: where the server puts the
 * "Fetch training graph" lens, and how the client tells a run on Kumo from a local one (it passes the Kumo
 * connection to that run only). Undefined for a local training job or none.
 */
export function kumoTrainingJob(text: string): { ref: string; line: number } | undefined {
  const match = /^training_job:[ \t]*(["']?)(kumo:[A-Za-z0-9][A-Za-z0-9._-]{0,127})\1[ \t]*(?:#.*)?$/m.exec(text);
  if (!match) return undefined;
  return { ref: match[2], line: text.slice(0, match.index).split('\n').length - 1 };
}
