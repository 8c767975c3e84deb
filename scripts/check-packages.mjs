// `pnpm check:packages`: what a user gets from the registry, checked before it gets there.
// 1. publint (strict) on every package; 2. `pnpm pack` each one (workspace versions rewritten as
// on publish) and run arethetypeswrong with the esm-only profile on the tarball; 3. install all
// tarballs with npm into a scratch project outside the workspace and run the README tour and the
// `colloquy` binary there with plain node — no workspace links, no path aliases, no dev deps.
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const root = fileURLToPath(new URL('..', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'colloquy-packages-'))
const tarballs = join(scratch, 'tarballs')
const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' })
// pnpm, not npm, packs: it rewrites `workspace:*` to versions as on publish.
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? [process.execPath, [process.env.npm_execpath]]
  : ['npm', ['exec', '--yes', '--package=pnpm@10.34.9', '--', 'pnpm']]
let problems = 0
const fail = (line) => {
  console.error(`FAIL ${line}`)
  problems++
}

try {
  for (const folder of readdirSync(join(root, 'packages')).sort()) {
    const packageDir = join(root, 'packages', folder)
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
    // Private packages (the webhook recipes' tests) are never published: nothing to pack or check.
    if (manifest.private) continue
    const packed = run(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', tarballs], packageDir)
      .trim()
      .split('\n')
      .at(-1)
    const lint = await publint({
      pkgDir: 'package',
      strict: true,
      pack: { tarball: new Uint8Array(readFileSync(packed)).buffer },
    })
    for (const message of lint.messages) {
      const text = `${manifest.name}: publint ${message.type}: ${formatMessage(message, manifest)}`
      if (message.type === 'suggestion') console.log(`note ${text}`)
      else fail(text)
    }
    try {
      run(
        join(root, 'node_modules/.bin/attw'),
        [packed, '--profile', 'esm-only', '--format', 'table-flipped'],
        root,
      )
      console.log(`ok   ${manifest.name}: publint, attw --profile esm-only`)
    } catch (error) {
      fail(`${manifest.name}: attw --profile esm-only\n${error.stdout}${error.stderr}`)
    }
  }

  const project = join(scratch, 'project')
  mkdirSync(project)
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
  )
  const files = readdirSync(tarballs).map((name) => join(tarballs, name))
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], project)
  console.log(`ok   npm installed ${files.length} tarballs into ${project}`)
  copyFileSync(join(root, 'scripts/tour.mjs'), join(project, 'tour.mjs'))
  const tour = run('node', ['tour.mjs'], project)
  if (!tour.includes('demo finished.')) fail(`tour did not finish:\n${tour}`)
  else
    console.log(`ok   the tour ran from the installed packages (${tour.split('\n').length} lines of output)`)
  const help = run(join(project, 'node_modules/.bin/colloquy'), ['--help'], project)
  if (!help.includes('migrate')) fail(`colloquy --help does not list migrate:\n${help}`)
  else console.log('ok   the installed colloquy binary answers --help')
} catch (error) {
  fail(`${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
console.log(`package checks: ${problems} problem(s)`)
process.exitCode = problems === 0 ? 0 : 1
