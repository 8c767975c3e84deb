import { readFileSync } from 'node:fs'
import { decodeWith } from '@colloquy/http'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  SunshineConversationListResponse,
  SunshineConversationResponse,
  SunshineMessageListResponse,
  SunshineMessagePostResponse,
  SunshineParticipantListResponse,
  SunshineParticipantResponse,
} from './codecs.js'
import {
  deletedMarker,
  toContent,
  toConversation,
  toMessage,
  toParticipant,
  toVendorMessage,
} from './mapping.js'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const decoded = <A>(codec: Parameters<typeof decodeWith<A>>[0], name: string): A => {
  const result = decodeWith(codec, fixture(name))
  if (E.isLeft(result)) throw new Error(result.left.join('\n'))
  return result.right
}
const sent = (type: string) => {
  const [message] = decoded(SunshineMessagePostResponse, `message.send.${type}.json`).messages
  if (!message) throw new Error('no message')
  return toMessage('sunshine', 'conv-1', message)
}
const business = { role: 'agent', avatarUrl: 'https://www.gravatar.com/image.jpg' }
/** The two items of the vendor's carousel and list examples, as core items. */
const foodItems = ['Tacos', 'Ramen'].map((title) => ({
  title,
  description: `Get your ${title.toLowerCase()} today!`,
  mediaUrl: 'https://example.org/image.jpg',
  mediaType: 'text/html; charset=UTF-8',
  actions: [
    { type: 'postback', text: 'Select', payload: title.toUpperCase() },
    { type: 'link', text: 'More info', uri: 'https://example.org' },
  ],
}))

describe("mapping the vendor's examples", () => {
  it('maps a listed message', () => {
    const [message] = decoded(SunshineMessageListResponse, 'message.list.json').messages ?? []
    expect(message && toMessage('sunshine', '67a0ecf8f0305f4a391e9db1', message)).toEqual({
      id: '67a10c0bf0305f4a391e9e51',
      conversationId: '67a0ecf8f0305f4a391e9db1',
      provider: 'sunshine',
      author: {
        role: 'agent',
        avatarUrl: 'https://www.gravatar.com/avatar/00000000000000000000000000000000.png?s=200&d=mm',
      },
      content: { type: 'text', text: 'Hello World' },
      createdAt: new Date('2025-02-03T18:33:47.466Z'),
      metadata: {},
      raw: message,
    })
  })

  it.each([
    ['text', { type: 'text', text: 'Hello!' }],
    [
      'image',
      {
        type: 'image',
        url: 'https://example.org/image.jpg',
        mediaType: 'image/jpg',
        text: 'Hello!',
        altText: 'A wonderful image',
      },
    ],
    [
      'file',
      {
        type: 'file',
        url: 'https://example.org/FAQ.pdf',
        mediaType: 'application/pdf',
        text: "Here's our FAQ!",
        name: 'FAQ.pdf',
        size: 627328,
      },
    ],
    [
      'carousel',
      {
        type: 'carousel',
        items: foodItems,
      },
    ],
    [
      'list',
      {
        type: 'list',
        items: foodItems,
      },
    ],
    [
      'location',
      {
        type: 'location',
        latitude: 45.5261583,
        longitude: -73.595346,
        name: 'Zendesk Montréal',
        address: '5333 avenue Casgrain',
      },
    ],
    [
      'form',
      {
        type: 'form',
        fields: [
          { type: 'text', name: 'full_name', label: 'Your name?', placeholder: 'Type your name...' },
          { type: 'email', name: 'email_address', label: 'Your email?', placeholder: 'email@example.com' },
        ],
      },
    ],
  ])('maps the %s PostMessage answer', (type, content) => {
    expect(sent(type)).toMatchObject({
      id: '5f748c1a2b5315fc007e7977',
      author: business,
      content,
      createdAt: new Date('2020-09-30T13:46:02.733Z'),
    })
    expect(sent(type).content).toEqual(content)
  })

  it('maps conversations and participants', () => {
    const expected = {
      id: '67a0ecf8f0305f4a391e9db1',
      provider: 'sunshine',
      kind: 'personal',
      status: 'open',
      createdAt: new Date('2025-02-03T16:21:12.308Z'),
      updatedAt: new Date('2025-02-03T16:21:12.308Z'),
      metadata: {},
    }
    for (const name of ['conversation.get.json', 'conversation.create.json', 'conversation.update.json']) {
      expect(
        toConversation('sunshine', decoded(SunshineConversationResponse, name).conversation),
      ).toMatchObject(expected)
    }
    expect(
      (decoded(SunshineConversationListResponse, 'conversation.list.json').conversations ?? []).map(
        (conversation) => toConversation('sunshine', conversation),
      ),
    ).toMatchObject([expected])
    const [listed] = decoded(SunshineParticipantListResponse, 'participant.list.json').participants ?? []
    expect(listed && toParticipant('c', listed)).toEqual({
      id: '67a0ecf880e2647cbb7a9701',
      conversationId: 'c',
      userId: '67179a2930a150d5adc4d51f',
      role: 'customer',
      unreadCount: 0,
      raw: listed,
    })
    expect(
      toParticipant('c', decoded(SunshineParticipantResponse, 'participant.join.json').participant),
    ).toMatchObject({
      id: '67a0ee3880e2647cbb7a9c97',
      userId: '67179a2930a150d5adc4d51f',
    })
  })

  it('maps what core does not model to unsupported, never to a decode failure', () => {
    const template = (fixture('message.send.whatsapp-template.request.json') as { content: { type: string } })
      .content
    expect(toContent(template)).toEqual({ type: 'unsupported', vendorType: 'template' })
    expect(
      toContent({ type: 'text', text: '', actions: [{ type: 'reply', text: 'Yes', payload: 'yes' }] }),
    ).toEqual({
      type: 'text',
      text: '',
      actions: [{ type: 'reply', text: 'Yes', payload: 'yes' }],
    })
    expect(toContent({ type: 'hologram', text: 'beam me up' })).toEqual({
      type: 'unsupported',
      vendorType: 'hologram',
      text: 'beam me up',
    })
    expect(toContent({ type: 'image', text: 'no url' })).toEqual({
      type: 'unsupported',
      vendorType: 'image',
      text: 'no url',
    })
    expect(
      toContent({
        type: 'formResponse',
        textFallback: 'Name: Ada',
        fields: [{ type: 'text', name: 'n', label: 'Name', text: 'Ada' }],
      }),
    ).toEqual({
      type: 'formResponse',
      fields: [{ type: 'text', name: 'n', label: 'Name', value: 'Ada' }],
    })
  })

  it('reads author roles from type, subtypes and activity, and marks deleted messages', () => {
    const base = { id: 'm', received: '2026-01-01T00:00:00.000Z', content: { type: 'text', text: 'x' } }
    const role = (extra: object) => toMessage('sunshine', 'c', { ...base, ...extra } as never).author.role
    expect(role({ author: { type: 'user', userId: 'u' } })).toBe('customer')
    expect(role({ author: { type: 'business' } })).toBe('agent')
    expect(role({ author: { type: 'business', subtypes: ['bot'] } })).toBe('bot')
    expect(role({ author: { type: 'business', subtypes: ['AI'] } })).toBe('bot')
    expect(role({ author: { type: 'business' }, activity: { type: 'ticket:closed' } })).toBe('system')
    const deleted = toMessage('sunshine', 'c', {
      ...base,
      author: { type: 'user' },
      deleted: true,
      metadata: { k: 1 },
    } as never)
    expect(deleted.metadata).toEqual({ k: 1, [deletedMarker]: true })
  })

  it("builds PostMessage bodies the vendor's request examples show", () => {
    expect(toVendorMessage({ author: { role: 'agent' }, content: { type: 'text', text: 'Hello!' } })).toEqual(
      fixture('message.send.text.request.json'),
    )
    const location = fixture('message.send.location.request.json') as {
      content: { coordinates: { lat: number; long: number } }
    }
    expect(
      toVendorMessage({
        author: { role: 'agent' },
        content: {
          type: 'location',
          latitude: location.content.coordinates.lat,
          longitude: location.content.coordinates.long,
        },
      }),
    ).toMatchObject({
      author: { type: 'business' },
      content: { type: 'location', coordinates: location.content.coordinates },
    })
    expect(
      toVendorMessage({
        author: { role: 'customer', externalId: 'ext' },
        content: { type: 'text', text: 'hi' },
        metadata: { a: 1 },
      }),
    ).toEqual({
      author: { type: 'user', userExternalId: 'ext' },
      content: { type: 'text', text: 'hi' },
      metadata: { a: 1 },
    })
    expect(toVendorMessage({ author: { role: 'customer' }, content: { type: 'text', text: 'hi' } })).toMatch(
      /userId or author.externalId/,
    )
    expect(
      toVendorMessage({
        author: { role: 'agent' },
        content: { type: 'text', text: 'x', actions: [{ type: 'share', text: 'Share' }] },
      }),
    ).toMatch(/share/)
  })
})
