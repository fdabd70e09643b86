// The first module of the client bundle (extension.ts imports it before anything else, and esbuild keeps that
// order), so the next line runs before the rest of the bundle is evaluated. What activating Relgraph costs the
// extension host is the bundle's evaluation (from here to the end of extension.ts's imports) plus activate().
// VS Code prepares the extension context in between, which is not Relgraph's time. The language client is loaded
// on the event loop's turn after activation (LanguageClientManager.start): its cost is logged on its own line.
export const bundleEvaluationStart = now();

/**
 * A moment, by the wall clock and by the CPU time the extension host's process has used: on a loaded machine the wall
 * clock also counts the time the process waited for a core, which the CPU time does not.
 */
export interface Instant {
  wall: number;
  cpu: number;
}

export function now(): Instant {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** `Relgraph activated in …`: the line the e2e run prints from each extension host's Relgraph log. */
export function activationReport(bundleEvaluated: Instant, activateStart: Instant, activateEnd: Instant): string {
  const evaluation = bundleEvaluated.wall - bundleEvaluationStart.wall;
  const activate = activateEnd.wall - activateStart.wall;
  const cpu = bundleEvaluated.cpu - bundleEvaluationStart.cpu + (activateEnd.cpu - activateStart.cpu);
  return (
    `Relgraph activated in ${ms(evaluation + activate)}: evaluating the bundle ${ms(evaluation)}, ` +
    `activate() ${ms(activate)} (CPU time of the process meanwhile: ${ms(cpu)}; ` +
    `VS Code's own work in between: ${ms(activateStart.wall - bundleEvaluated.wall)}; ` +
    'the language client is loaded after activation)'
  );
}

/**
 * `Relgraph language client loaded after activation in …`: the extension host's time on the language client, in one
 * go on the event loop's turn after activation: loading its library, creating the client and the synchronous part of
 * its start() (the rest waits on the server's own process). The e2e run prints it beside the activation line.
 */
export function languageClientReport(
  requested: number,
  loadStart: number,
  libraryLoaded: number,
  startCalled: number,
): string {
  return (
    `Relgraph language client loaded after activation in ${ms(startCalled - loadStart)}: ` +
    `its library ${ms(libraryLoaded - loadStart)}, creating and starting the client ${ms(startCalled - libraryLoaded)} ` +
    `(${ms(loadStart - requested)} after activate() asked for it)`
  );
}
