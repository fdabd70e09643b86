// The first module of the client bundle (extension.ts imports it before anything else, and esbuild keeps that
// order), so this line runs before the rest of the bundle is evaluated. What activating Relgraph costs the
// extension host is the bundle's evaluation (from here to the end of extension.ts's imports) plus activate().
// VS Code prepares the extension context in between, which is not Relgraph's time.
export const bundleEvaluationStart = performance.now();

/** `Relgraph activated in …`: the line the e2e run prints from each extension host's Relgraph log. */
export function activationReport(bundleEvaluated: number, activateStart: number, activateEnd: number): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const evaluation = bundleEvaluated - bundleEvaluationStart;
  const activate = activateEnd - activateStart;
  return (
    `Relgraph activated in ${ms(evaluation + activate)}: evaluating the bundle ${ms(evaluation)}, ` +
    `activate() ${ms(activate)} (VS Code's own work in between: ${ms(activateStart - bundleEvaluated)}; ` +
    'the language server starts after activation)'
  );
}
