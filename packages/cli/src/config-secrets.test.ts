import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { adapterConfigFromEnv, ConfigError, loadAdapterConfig } from '@colloquy/cli'
import { describe, expect, it } from 'vitest'

const secret = 'CANARY-SECRET-5e0c91'
const env = {
  COLLOQUY_SUNSHINE_APP_ID: 'app',
  COLLOQUY_SUNSHINE_KEY_ID: 'key',
  COLLOQUY_SUNSHINE_KEY_SECRET: 'secret-value',
}

const messageOf = (run: () => unknown): string => {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('configuration errors never repeat a secret', () => {
  it.each([
    ['a password in user info', `https://user:${secret}@api.example.com/sc`, 'user info'],
    ['a key in the query', `https://api.example.com/sc?key=${secret}`, 'query'],
    ['a fragment', `https://api.example.com/sc#${secret}`, 'fragment'],
    ['no scheme at all', `${secret}@api.example.com`, 'absolute URL'],
  ])('COLLOQUY_*_BASE_URL with %s is refused without its value', (_, value, problem) => {
    const message = messageOf(() =>
      adapterConfigFromEnv('sunshine', { ...env, COLLOQUY_SUNSHINE_BASE_URL: value }),
    )
    expect(message).toContain('COLLOQUY_SUNSHINE_BASE_URL')
    expect(message).toContain(problem)
    expect(message).not.toContain(secret)
    expect(message).not.toContain('api.example.com')
  })

  it.each([
    ['an unquoted value', `{"sunshine": {"appId": "a", "keyId": "k", "keySecret": ${secret}}}`],
    ['a missing comma', `{"sunshine": {"keySecret": "${secret}" "appId": "a"}}`],
    ['a cut-off file', `{"sunshine": {"keySecret": "${secret}`],
    ['a raw line break', `{"sunshine": {"keySecret": "${secret}\n${secret}"}}`],
  ])('a --config file with %s names the place, not the text around it', async (_, text) => {
    const file = join(await mkdtemp(join(tmpdir(), 'colloquy-config-')), 'config.json')
    await writeFile(file, text)
    const error = await loadAdapterConfig('sunshine', { configFile: file }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain('is not valid JSON')
    for (let start = 0; start + 4 <= secret.length; start++)
      expect(message).not.toContain(secret.slice(start, start + 4))
  })

  it('names the line and column when the parser gives a position', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'colloquy-config-')), 'config.json')
    await writeFile(file, `{\n  "sunshine": {\n    "keySecret": "${secret}" "appId": "a"\n  }\n}`)
    const error = (await loadAdapterConfig('sunshine', { configFile: file }).catch(
      (e: unknown) => e,
    )) as Error
    expect(error.message).toMatch(/line 3, column \d+/)
  })
})
