/** The text of elkjs's worker script, inlined by esbuild.mjs's `elk-worker-source` plugin. */
declare module 'elk-worker-source' {
  const source: string;
  export default source;
}
