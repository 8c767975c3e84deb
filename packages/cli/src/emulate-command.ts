/**
 * `colloquy emulate`: the three vendor emulators on loopback, with ready-to-paste `export` lines
 * and the ids of the seeded history.
 *
 * @module
 */
import { type AllEmulators, startAllEmulators } from '@colloquy/emulators'

/** A value safe to paste after `export NAME=` in a POSIX shell. */
const quoted = (value: string) =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`

/** The `export COLLOQUY_…` lines that point the CLI at these emulators. */
export const exportLines = (emulators: AllEmulators): string[] => {
  const { sunshine, smooch, ultracart } = emulators
  const variables: [string, string][] = [
    ['COLLOQUY_SUNSHINE_APP_ID', sunshine.credentials.appId],
    ['COLLOQUY_SUNSHINE_KEY_ID', sunshine.credentials.keyId],
    ['COLLOQUY_SUNSHINE_KEY_SECRET', sunshine.credentials.keySecret],
    ['COLLOQUY_SUNSHINE_BASE_URL', sunshine.url],
    ['COLLOQUY_SMOOCH_APP_ID', smooch.credentials.appId],
    ['COLLOQUY_SMOOCH_KEY_ID', smooch.credentials.keyId],
    ['COLLOQUY_SMOOCH_KEY_SECRET', smooch.credentials.keySecret],
    ['COLLOQUY_SMOOCH_BASE_URL', smooch.url],
    ['COLLOQUY_ULTRACART_SIMPLE_KEY', ultracart.credentials.simpleKey],
    ['COLLOQUY_ULTRACART_BASE_URL', ultracart.url],
    // The vendor's 1,000 requests an hour would make local runs crawl.
    ['COLLOQUY_ULTRACART_RATE_LIMIT', 'off'],
  ]
  return variables.map(([name, value]) => `export ${name}=${quoted(value)}`)
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/** The seeded users and conversations, by provider, for commands to try. */
export const seededIds = (emulators: AllEmulators) => {
  const sunshine = emulators.sunshine.state()
  return {
    sunshine: {
      users: sunshine.users.map((user) => ({ id: text(user.id), externalId: text(user.externalId) })),
      conversations: sunshine.conversations.map((conversation) => text(conversation.id)),
    },
    'smooch-v1': {
      appUsers: emulators.smooch
        .state()
        .appUsers.map((user) => ({ id: text(user._id), userId: text(user.userId) })),
    },
    ultracart: {
      conversations: emulators.ultracart
        .state()
        .conversations.map((conversation) => text(conversation.conversation_uuid)),
    },
  }
}

/** What `colloquy emulate` prints: exports, seeded ids, commands to try. */
export const emulatorInstructions = (emulators: AllEmulators): string => {
  const ids = seededIds(emulators)
  const user = ids.sunshine.users[0]
  return [
    '# colloquy emulators on loopback: these credentials work nowhere else. Paste into your shell:',
    ...exportLines(emulators),
    '',
    '# Seeded history:',
    ...ids.sunshine.users.map((u) => `#   sunshine   user ${u.id} (externalId ${u.externalId})`),
    ...ids.sunshine.conversations.map((id) => `#   sunshine   conversation ${id}`),
    ...ids['smooch-v1'].appUsers.map(
      (u) => `#   smooch-v1  appUser ${u.id} (userId ${u.userId}), its conversation id too`,
    ),
    ...ids.ultracart.conversations.map((id) => `#   ultracart  conversation ${id}`),
    '',
    '# Then, for example:',
    '#   colloquy migrate --from ultracart --to sunshine --dry-run',
    ...(user ? [`#   echo ${user.id} | colloquy migrate --from sunshine --to smooch-v1 --users -`] : []),
    '#   colloquy verify --from ultracart --to sunshine',
    '#   (Ctrl+C stops the emulators)',
  ].join('\n')
}

/** Starts the emulators on the given ports (0: any free one) until SIGINT or SIGTERM. */
export const runEmulators = async (options: {
  readonly empty: boolean
  readonly json: boolean
  readonly ports: { readonly sunshine?: number; readonly smooch?: number; readonly ultracart?: number }
  readonly out?: NodeJS.WritableStream
}): Promise<void> => {
  const out = options.out ?? process.stdout
  const emulators = await startAllEmulators({ empty: options.empty, ports: options.ports })
  out.write(
    `${options.json ? JSON.stringify({ ...emulators.summary(), seeded: seededIds(emulators) }) : emulatorInstructions(emulators)}\n`,
  )
  // Idle keep-alive connections would hold `close` for seconds; the emulators keep nothing to save.
  const stop = () =>
    void Promise.race([emulators.close(), new Promise((resolve) => setTimeout(resolve, 500))]).then(() =>
      process.exit(0),
    )
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
