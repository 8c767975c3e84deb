import { readFileSync } from 'node:fs'
import { expectRight } from '@colloquy/core/testing'
import { decodeWith } from '@colloquy/http'
import { createUltraCartAdapter } from '@colloquy/ultracart-adapter'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { UltraCartConversationResponse } from './codecs.js'
import { toConversation, toMessage } from './mapping.js'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const roleOf = (arn: string | undefined): 'agent' | 'customer' =>
  arn === 'arn:example:participant/agent1' ? 'agent' : 'customer'
const conversation = (() => {
  const result = decodeWith(UltraCartConversationResponse, fixture('conversation.get.json'))
  if (E.isLeft(result) || !result.right.conversation) throw new Error('fixture does not decode')
  return result.right.conversation
})()

describe('mapping UltraCart payloads', () => {
  it('maps a conversation with its participants and last message', () => {
    expect(toConversation('ultracart', conversation, roleOf)).toMatchObject({
      id: '0f3c2a9e-6c1d-4b8e-9a51-2d7f5e0b8c11',
      provider: 'ultracart',
      kind: 'personal',
      status: 'open',
      createdAt: new Date('2024-05-01T18:02:10Z'),
      updatedAt: new Date('2024-05-01T18:04:00Z'),
      lastMessage: {
        text: 'It ships today.',
        authorName: 'Sam (support)',
        createdAt: new Date('2024-05-01T18:04:00Z'),
      },
      participants: [
        {
          id: '5a1d6c1e-0000-4000-8000-000000000001',
          role: 'customer',
          displayName: 'Jane',
          joinedAt: new Date('2024-05-01T18:02:10Z'),
        },
        {
          id: '5a1d6c1e-0000-4000-8000-000000000002',
          role: 'agent',
          avatarUrl: 'https://example.com/sam.png',
        },
      ],
      metadata: {},
    })
  })

  it('maps body and media to text, image or file, keeps extra media, and notices as system', () => {
    const [text, image, files, notice] = (conversation.messages ?? []).map((m) =>
      toMessage('ultracart', conversation.conversation_uuid, m, roleOf),
    )
    expect(text).toMatchObject({
      author: { role: 'customer', displayName: 'Jane' },
      content: { type: 'text', text: 'Where is my order?' },
      createdAt: new Date(1714586591000),
    })
    expect(image?.content).toEqual({
      type: 'image',
      url: 'https://cdn.example.com/receipt.jpg',
      text: 'Here is my receipt',
    })
    expect(files).toMatchObject({
      author: { role: 'agent' },
      content: { type: 'file', url: 'https://cdn.example.com/label.pdf', text: 'It ships today.' },
      metadata: {
        'ultracart.mediaUrls': ['https://cdn.example.com/label.pdf', 'https://cdn.example.com/invoice.pdf'],
      },
    })
    expect(notice?.author.role).toBe('system')
  })
})

describe('UltraCart websocket frames', () => {
  const adapter = createUltraCartAdapter({
    simpleKey: 'k',
    verification: 'none',
    agentArns: ['arn:example:participant/agent1'],
  })
  const parse = (name: string) =>
    expectRight(
      adapter.events.parse({
        body: readFileSync(new URL(`./__fixtures__/websocket.${name}.json`, import.meta.url), 'utf8'),
      }),
    )
  const conversationId = '0f3c2a9e-6c1d-4b8e-9a51-2d7f5e0b8c11'

  it.each([
    [
      'new-message',
      {
        type: 'message.created',
        id: 'new message:9d1e0000-0000-4000-8000-000000000001',
        message: { content: { text: 'Where is my order?' } },
      },
    ],
    [
      'updated-message',
      {
        type: 'message.updated',
        message: { author: { role: 'agent' }, content: { text: 'It ships tomorrow.' } },
      },
    ],
    ['read-message', { type: 'conversation.read' }],
    ['typing', { type: 'typing', typing: true, userId: 'arn:example:participant/jane' }],
    [
      'participant-join',
      { type: 'participant.joined', participant: { role: 'agent', displayName: 'Sam (support)' } },
    ],
    ['participant-left', { type: 'participant.left', userId: 'arn:example:participant/agent1' }],
    ['new-conversation', { type: 'conversation.created' }],
    ['conversation-closed', { type: 'conversation.closed' }],
    ['queue-position', { type: 'unknown', vendorType: 'queue position' }],
  ])('%s', async (name, expected) => {
    const [event] = await parse(name)
    expect(event).toMatchObject({ provider: 'ultracart', conversationId, ...expected })
    expect((await parse(name))[0]?.id).toBe(event?.id)
  })

  it('maps a ping to unknown and an array of frames to several events', async () => {
    expect(await parse('ping')).toMatchObject([{ type: 'unknown', vendorType: 'ping' }])
    const frames = ['new-message', 'typing'].map((name) => fixture(`websocket.${name}.json`))
    const result = await adapter.events.parse({ body: frames })()
    expect(result._tag === 'Right' && result.right.map((e) => e.type)).toEqual(['message.created', 'typing'])
  })

  it('reports a malformed frame as Decode with a path', async () => {
    const result = await adapter.events.parse({
      body: {
        type: 'event',
        event_type: 'new message',
        conversation_uuid: 'c',
        message: { message_epoch: 'yesterday' },
      },
    })()
    expect(result).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'Decode', issues: expect.arrayContaining([expect.stringMatching(/^message\./)]) },
    })
  })
})
