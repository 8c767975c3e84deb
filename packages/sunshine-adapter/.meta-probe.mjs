import { build } from 'esbuild'
const r = await build({ stdin: { contents: "export { createSunshineAdapter } from '@colloquy/sunshine-adapter'", resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20', write: false, metafile: true, logLevel: 'silent' })
const out = Object.values(r.metafile.outputs)[0]
const groups = {}
for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
  const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)
  let key = m ? m[1] : file.replace(/^.*packages\/([^/]+)\/.*$/, 'ours:$1')
  if (/fp-ts|io-ts/.test(file)) key = (file.match(/(fp-ts|io-ts)/)[1]) + ' via ' + (file.match(/packages\/([^/]+)\/dist/)?.[1] ?? 'nm')
  groups[key] = (groups[key] ?? 0) + bytesInOutput
}
for (const [k, v] of Object.entries(groups).sort((a, b) => b[1] - a[1])) console.log(k.padEnd(40), (v / 1024).toFixed(1))
