/** Runs `script` in a fresh `node` from `cwd`; resolves with its JSON result and the `file:` URLs it loaded (see loaded-modules.mjs). */
export declare const loadedModules: (
  cwd: string,
  script: string,
) => Promise<{ readonly result: unknown; readonly modules: readonly string[] }>
