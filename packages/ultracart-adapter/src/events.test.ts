import { readFileSync } from 'node:fs'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import { describe, expect, it } from 'vitest'

const frame = readFileSync(new URL('./__fixtures__/websocket.new-message.json', import.meta.url), 'utf8')

describe('UltraCart frame verification', () => {
  it("refuses every frame as Unauthorized until verification: 'none' opts in", async () => {
    const unconfigured = createUltraCartAdapter({ simpleKey: 'k' })
    const refused = await unconfigured.events.parse({ body: frame })()
    expect(refused).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'Unauthorized', provider: 'ultracart', operation: 'events.parse', status: 0 },
    })
    expect(refused._tag === 'Left' && refused.left.message).toContain("verification: 'none'")
    // Refused before reading: even a body that is not JSON gets the same answer.
    expect(await unconfigured.events.parse({ body: '{not json' })()).toEqual(refused)

    const opted = createUltraCartAdapter({ simpleKey: 'k', verification: 'none' })
    expect(opted.capabilities.events.verification).toBe('none')
    const parsed = await opted.events.parse({ body: frame })()
    expect(parsed._tag === 'Right' && parsed.right.map((e) => e.type)).toEqual(['message.created'])
  })

  it('gives a frame without a message the same digest id on every delivery, and keeps array order', async () => {
    const adapter = createUltraCartAdapter({ simpleKey: 'k', verification: 'none' })
    const typing = readFileSync(new URL('./__fixtures__/websocket.typing.json', import.meta.url), 'utf8')
    const once = await adapter.events.parse({ body: `[${typing},${frame}]` })()
    const again = await adapter.events.parse({ body: `[${typing},${frame}]` })()
    expect(once._tag === 'Right' && once.right.map((e) => e.type)).toEqual(['typing', 'message.created'])
    expect(once._tag === 'Right' && once.right[0]?.id).toMatch(/^typing:[0-9a-f]{24}$/)
    const ids = (result: typeof once) => (result._tag === 'Right' ? result.right.map((e) => e.id) : [])
    expect(ids(again)).toEqual(ids(once))
  })
})
