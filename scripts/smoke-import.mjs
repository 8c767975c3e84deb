// Imports every entry point of every built package with plain Node ESM, by its public name, as a
// user's code would. This catches what vitest lets through: directory imports such as
// 'fp-ts/TaskEither', a missing file in `exports`, or a build that was never run.
import { readdir, readFile } from 'node:fs/promises'

const root = new URL('../packages/', import.meta.url)
let failures = 0
let checked = 0
for (const folder of await readdir(root)) {
  const manifest = JSON.parse(await readFile(new URL(`${folder}/package.json`, root), 'utf8'))
  // Private packages (the webhook recipes' tests) are never published, so nobody imports them.
  if (manifest.private) continue
  for (const subpath of Object.keys(manifest.exports ?? {})) {
    if (subpath.endsWith('.json')) continue
    const specifier = `${manifest.name}${subpath.slice(1)}`
    try {
      const module = await import(specifier)
      const names = Object.keys(module)
      const undefinedNames = names.filter((name) => module[name] === undefined)
      if (names.length === 0 || undefinedNames.length > 0)
        throw new Error(`exports nothing usable: ${undefinedNames}`)
      console.log(`ok   ${specifier} (${names.length} exports)`)
      checked++
    } catch (error) {
      console.error(`FAIL ${specifier}: ${error.message}`)
      failures++
    }
  }
}
console.log(`smoke import: ${checked} entry points imported, ${failures} broken`)
process.exitCode = failures === 0 ? 0 : 1
