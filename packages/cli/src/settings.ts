/**
 * Where each provider's settings come from, named as the user writes them: the environment
 * variable, or the field of the `--config` file.
 *
 * @module
 */
import type { Provider } from './config.js'

const prefixes: Record<Exclude<Provider, 'memory'>, string> = {
  sunshine: 'COLLOQUY_SUNSHINE',
  'smooch-v1': 'COLLOQUY_SMOOCH',
  ultracart: 'COLLOQUY_ULTRACART',
}

/** The fields that carry a provider's credentials. */
const credentialFields: Record<Exclude<Provider, 'memory'>, readonly string[]> = {
  sunshine: ['appId', 'keyId', 'keySecret'],
  'smooch-v1': ['appId', 'keyId', 'keySecret'],
  ultracart: ['simpleKey', 'accessToken'],
}

const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()

/** Names the settings of `provider` to check, as environment variables or `--config` fields. */
export const settingNames = (
  provider: Provider,
  what: 'credentials' | 'url',
  configFile: string | undefined,
): string => {
  if (provider === 'memory') return 'the memory adapter (it has no settings)'
  const fields = what === 'url' ? ['baseUrl'] : credentialFields[provider]
  const names =
    configFile === undefined
      ? fields.map((field) => `${prefixes[provider]}_${snake(field)}`)
      : fields.map((field) => `"${provider}".${field}`)
  const listed =
    provider === 'ultracart' && what === 'credentials'
      ? `${names[0]} (or ${names[1]})`
      : names.length > 1
        ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
        : (names[0] ?? '')
  return configFile === undefined ? listed : `${listed} in ${configFile}`
}
