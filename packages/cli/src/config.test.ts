import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { adapterConfigFromEnv, ConfigError, createAdapter, loadAdapterConfig } from '@colloquy/cli'
import { describe, expect, it } from 'vitest'

const sunshineEnv = {
  COLLOQUY_SUNSHINE_APP_ID: 'app',
  COLLOQUY_SUNSHINE_KEY_ID: 'key',
  COLLOQUY_SUNSHINE_KEY_SECRET: 'secret',
}

describe('adapterConfigFromEnv', () => {
  it('reads each vendor from COLLOQUY_* variables, with transport overrides', () => {
    expect(
      adapterConfigFromEnv('sunshine', {
        ...sunshineEnv,
        COLLOQUY_SUNSHINE_AUTH: 'jwt',
        COLLOQUY_SUNSHINE_BASE_URL: 'http://127.0.0.1:9/',
      }),
    ).toEqual({
      provider: 'sunshine',
      appId: 'app',
      keyId: 'key',
      keySecret: 'secret',
      auth: 'jwt',
      baseUrl: 'http://127.0.0.1:9/',
    })
    expect(
      adapterConfigFromEnv('smooch-v1', {
        COLLOQUY_SMOOCH_APP_ID: 'a',
        COLLOQUY_SMOOCH_KEY_ID: 'k',
        COLLOQUY_SMOOCH_KEY_SECRET: 's',
        COLLOQUY_SMOOCH_API_VERSION: 'v1',
        COLLOQUY_SMOOCH_TIMEOUT_MS: '5000',
      }),
    ).toEqual({
      provider: 'smooch-v1',
      appId: 'a',
      keyId: 'k',
      keySecret: 's',
      apiVersion: 'v1',
      timeoutMs: 5000,
    })
    expect(
      adapterConfigFromEnv('ultracart', {
        COLLOQUY_ULTRACART_ACCESS_TOKEN: 't',
        COLLOQUY_ULTRACART_AGENT_ARNS: 'a, b',
        COLLOQUY_ULTRACART_RATE_LIMIT: '100/60',
      }),
    ).toEqual({
      provider: 'ultracart',
      accessToken: 't',
      agentArns: ['a', 'b'],
      rateLimit: { requests: 100, intervalMs: 60_000 },
    })
    expect(
      adapterConfigFromEnv('ultracart', {
        COLLOQUY_ULTRACART_SIMPLE_KEY: 'k',
        COLLOQUY_ULTRACART_RATE_LIMIT: 'off',
      }),
    ).toMatchObject({ rateLimit: false })
  })

  it.each([
    ['sunshine', {}, 'COLLOQUY_SUNSHINE_APP_ID is not set'],
    [
      'sunshine',
      { ...sunshineEnv, COLLOQUY_SUNSHINE_KEY_SECRET: '  ' },
      'COLLOQUY_SUNSHINE_KEY_SECRET is not set',
    ],
    [
      'sunshine',
      { ...sunshineEnv, COLLOQUY_SUNSHINE_AUTH: 'oauth' },
      "COLLOQUY_SUNSHINE_AUTH must be one of basic, jwt, got 'oauth'",
    ],
    [
      'sunshine',
      { ...sunshineEnv, COLLOQUY_SUNSHINE_BASE_URL: 'not a url' },
      'COLLOQUY_SUNSHINE_BASE_URL is not an absolute URL (its value is not shown: it may hold a secret)',
    ],
    ['ultracart', {}, 'COLLOQUY_ULTRACART_SIMPLE_KEY (or COLLOQUY_ULTRACART_ACCESS_TOKEN) is not set'],
    [
      'ultracart',
      { COLLOQUY_ULTRACART_SIMPLE_KEY: 'k', COLLOQUY_ULTRACART_RATE_LIMIT: 'fast' },
      "COLLOQUY_ULTRACART_RATE_LIMIT must be 'off' or '<requests>/<seconds>', got 'fast'",
    ],
  ] as const)('%s with %o fails naming the variable', (provider, env, message) => {
    expect(() => adapterConfigFromEnv(provider, env)).toThrow(new ConfigError(message))
  })
})

describe('createAdapter', () => {
  it('builds the adapter a config names, and validates it first', () => {
    expect(createAdapter({ provider: 'sunshine', appId: 'a', keyId: 'k', keySecret: 's' }).provider).toBe(
      'sunshine',
    )
    expect(
      createAdapter({ provider: 'smooch-v1', appId: 'a', keyId: 'k', keySecret: () => 's' }).provider,
    ).toBe('smooch-v1')
    expect(createAdapter({ provider: 'ultracart', simpleKey: 'k' }).capabilities.messages.send).toBe(false)
    expect(() => createAdapter({ provider: 'sunshine', appId: 'a', keyId: '', keySecret: 's' })).toThrow(
      'sunshine.keyId is required',
    )
    expect(() => createAdapter({ provider: 'ultracart' } as never)).toThrow(
      'ultracart.simpleKey or ultracart.accessToken is required',
    )
    expect(() => createAdapter({ provider: 'whatsapp' } as never)).toThrow(
      "provider 'whatsapp' is not one of",
    )
  })

  it('loads configs from a --config file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'colloquy-config-')), 'config.json')
    await writeFile(path, JSON.stringify({ sunshine: { appId: 'a', keyId: 'k', keySecret: 's' } }))
    expect(await loadAdapterConfig('sunshine', { configFile: path })).toEqual({
      provider: 'sunshine',
      appId: 'a',
      keyId: 'k',
      keySecret: 's',
    })
    await expect(loadAdapterConfig('smooch-v1', { configFile: path })).rejects.toThrow(
      `--config ${path} has no "smooch-v1" object`,
    )
  })
})
