// `pnpm footprint`: what each adapter costs an application, next to the official SDK it replaces.
// Size: a one-import bundle (esbuild, minified, tree-shaken, Node built-ins external), raw and
// gzipped. Cold import: median over fresh `node` processes of the time to `import()` the package.
// Targets: each adapter ≤ 25 % of its official SDK's gzipped size and ≤ 50 % of its cold import.
// UltraCart has no official SDK installed here; its figures are printed alone.
import { execFileSync } from 'node:child_process'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { median } from './bench-kit.mjs'

const processes = Number(process.env.FOOTPRINT_PROCESSES ?? 15)
const packageDir = (name) => new URL(`../packages/${name}/`, import.meta.url).pathname

/** `entry` exports one name from `specifier`; the official SDKs are CommonJS and are bundled whole. */
const contenders = [
  {
    name: '@colloquy/sunshine-adapter',
    dir: 'sunshine-adapter',
    entry: "export { createSunshineAdapter } from '@colloquy/sunshine-adapter'",
  },
  {
    name: 'sunshine-conversations-client',
    dir: 'sunshine-adapter',
    entry: "export { default } from 'sunshine-conversations-client'",
    sdkOf: '@colloquy/sunshine-adapter',
  },
  {
    name: '@colloquy/smooch-v1-adapter',
    dir: 'smooch-v1-adapter',
    entry: "export { createSmoochV1Adapter } from '@colloquy/smooch-v1-adapter'",
  },
  {
    name: 'smooch-core',
    dir: 'smooch-v1-adapter',
    entry: "export { default } from 'smooch-core'",
    sdkOf: '@colloquy/smooch-v1-adapter',
  },
  {
    name: '@colloquy/ultracart-adapter',
    dir: 'ultracart-adapter',
    entry: "export { createUltraCartAdapter } from '@colloquy/ultracart-adapter'",
  },
]

const bundleSize = async ({ dir, entry }) => {
  const result = await build({
    stdin: { contents: entry, resolveDir: packageDir(dir), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  return { bytes: code.length, gzipped: gzipSync(code, { level: 9 }).length }
}

// Resolved from the adapter's folder, where both the adapter (workspace link) and the SDK are installed.
const coldImportMs = ({ name, dir }) => {
  const script = `const t = performance.now(); await import(${JSON.stringify(name)}); process.stdout.write(String(performance.now() - t))`
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir(dir),
      encoding: 'utf8',
    }),
  )
}

const figures = new Map()
for (const contender of contenders)
  figures.set(contender.name, { ...(await bundleSize(contender)), imports: [] })
// Interleaved, so machine noise hits every contender alike.
for (let round = 0; round < processes; round++)
  for (const contender of contenders) figures.get(contender.name).imports.push(coldImportMs(contender))

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
console.log(
  `footprint: one-import bundle (esbuild --minify) and median cold import() over ${processes} processes\n`,
)
console.log(
  `${'package'.padEnd(32)}${'minified'.padStart(12)}${'gzipped'.padStart(12)}${'cold import'.padStart(14)}`,
)
for (const { name } of contenders) {
  const { bytes, gzipped, imports } = figures.get(name)
  console.log(
    `${name.padEnd(32)}${kb(bytes).padStart(12)}${kb(gzipped).padStart(12)}${`${median(imports).toFixed(1)} ms`.padStart(14)}`,
  )
}
console.log('')
let missed = 0
for (const { name, sdkOf } of contenders.filter((contender) => contender.sdkOf)) {
  const adapter = figures.get(sdkOf)
  const sdk = figures.get(name)
  const size = adapter.gzipped / sdk.gzipped
  const time = median(adapter.imports) / median(sdk.imports)
  const verdict = (ratio, target) =>
    `${(ratio * 100).toFixed(0)} % (target ≤ ${target} %: ${ratio * 100 <= target ? 'met' : 'NOT met'})`
  if (size > 0.25 || time > 0.5) missed++
  console.log(`${sdkOf} / ${name}: gzipped size ${verdict(size, 25)}, cold import ${verdict(time, 50)}`)
}
console.log(missed === 0 ? '\nall footprint targets met' : `\n${missed} adapter(s) miss a footprint target`)
