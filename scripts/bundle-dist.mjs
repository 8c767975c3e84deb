// The second half of `pnpm run build`: `tsc -b` writes each package's declarations, then this
// script writes the JavaScript of the app-facing packages as per-package ESM bundles — one file
// per `exports` entry plus shared chunks (so a package with several entries keeps one instance of
// each module). Why: a fresh process (a serverless webhook function) otherwise loads ~60 of our
// files and fp-ts/io-ts as ~100 CommonJS files before it can parse one webhook.
//
// fp-ts and io-ts are inlined from their ES modules (`fp-ts/es6/…`, io-ts's `es6/` build), which a
// bundler can tree-shake and plain Node cannot load; they stay peerDependencies for the types.
// Nothing relies on one shared copy: fp-ts values are plain tagged objects and io-ts codecs are
// called by method. Every other package — other @colloquy packages, ky, p-queue, jose, Node
// built-ins — stays an import. The sources keep importing `fp-ts/lib/X.js` (see HOUSE-STYLE.md).
//
// Idempotent: a second run rewrites the same files, and removes any other .js in those dist
// folders (e.g. per-file output of an older tsc build), so nothing stale is published.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Packages an application imports; the CLI, emulators, migrate and postgres keep tsc's output. */
export const bundledPackages = [
  'core',
  'http',
  'adapter-kit',
  'sunshine-adapter',
  'smooch-v1-adapter',
  'ultracart-adapter',
]

/** `./dist/testing/fuzz.js` of an `exports` entry → `{ 'testing/fuzz': 'src/testing/fuzz.ts' }`. */
const entryPointsOf = (packageDir) => {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  const entries = {}
  for (const target of Object.values(manifest.exports)) {
    const file = typeof target === 'string' ? target : target.default
    const match = /^\.\/dist\/(.+)\.js$/.exec(file)
    if (match) entries[match[1]] = join(packageDir, 'src', `${match[1]}.ts`)
  }
  return entries
}

/** Inlines fp-ts/io-ts from their ES modules; leaves every other bare specifier an import. */
const dependencies = {
  name: 'colloquy-dependencies',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, async ({ path, resolveDir, kind }) => {
      const fpTs = /^fp-ts\/lib\/(.+?)(\.js)?$/.exec(path)
      const target = fpTs ? `fp-ts/es6/${fpTs[1]}.js` : path === 'io-ts' ? 'io-ts/es6/index.js' : undefined
      if (target) return bundle.resolve(target, { resolveDir, kind })
      // io-ts's ES build imports `fp-ts/es6/Either`: part of the inlined code.
      if (/^(fp-ts|io-ts)\/es6\//.test(path)) return undefined
      return { path, external: true }
    })
  },
}

const bundlePackage = async (name) => {
  const packageDir = join(root, 'packages', name)
  const outdir = join(packageDir, 'dist')
  const result = await build({
    entryPoints: entryPointsOf(packageDir),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    metafile: true,
    absWorkingDir: root,
    logLevel: 'warning',
    plugins: [dependencies],
  })
  const written = new Set(Object.keys(result.metafile.outputs).map((file) => join(root, file)))
  for (const entry of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name)
    if (entry.isFile() && /\.js(\.map)?$/.test(entry.name) && !written.has(file)) rmSync(file)
  }
  return [...written].filter((file) => file.endsWith('.js')).map((file) => relative(root, file))
}

await Promise.all(bundledPackages.map(bundlePackage))
