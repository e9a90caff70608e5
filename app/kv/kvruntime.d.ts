/**
 * `import source from './file.ts?kvruntime'`: the file bundled with its imports into one IIFE
 * script (global `__obkvRuntime`), as text — see the `ob-kv-runtime` plugin in vite.config.ts.
 */
declare module '*?kvruntime' {
  const source: string;
  export default source;
}
