import { readFileSync } from 'node:fs'
import { decodeWith } from '@colloquy/http'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  SmoochV1AppUserResponse,
  SmoochV1GetMessagesResponse,
  SmoochV1Message,
  SmoochV1MessageResponse,
} from './codecs.js'
import { toConversation, toMessage, toVendorMessage } from './mapping.js'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'))
const decoded = <A>(codec: Parameters<typeof decodeWith<A>>[0], value: unknown): A => {
  const result = decodeWith(codec, value)
  if (E.isLeft(result)) throw new Error(result.left.join('\n'))
  return result.right
}

describe('mapping Smooch payloads', () => {
  it('maps the GET messages example, received seconds to a millisecond Date', () => {
    const [message] = decoded(SmoochV1GetMessagesResponse, fixture('message.list.json')).messages
    expect(message && toMessage('smooch-v1', 'c7f6e6d6c3a637261bd9656f', message)).toEqual({
      id: '55c8c1498590aa1900b9b9b1',
      conversationId: 'c7f6e6d6c3a637261bd9656f',
      provider: 'smooch-v1',
      author: {
        role: 'customer',
        userId: 'c7f6e6d6c3a637261bd9656f',
        displayName: 'Steve',
        avatarUrl: 'https://www.gravatar.com/image.jpg',
      },
      // The 2017 example has no `type`: a message without one is text.
      content: { type: 'text', text: 'Just put some vinegar on it' },
      createdAt: new Date('2015-08-10T15:20:41.586Z'),
      metadata: {},
      raw: message,
    })
  })

  it('maps the POST message answer', () => {
    const { message } = decoded(SmoochV1MessageResponse, fixture('message.send.json'))
    expect(toMessage('smooch-v1', 'c', message)).toMatchObject({
      id: '55c8c1498590aa1900b9b9b1',
      author: { role: 'agent', displayName: 'Steve' },
      content: { type: 'text', text: 'Just put some vinegar on it' },
    })
  })

  it.each([
    ['image', { type: 'image', url: 'https://example.org/cat.png', mediaType: 'image/png', text: 'A cat' }],
    [
      'carousel',
      {
        type: 'carousel',
        items: [
          {
            title: 'Tacos',
            description: 'Get your tacos today!',
            mediaUrl: 'https://example.org/taco.jpg',
            actions: [
              { type: 'postback', text: 'Select', payload: 'TACOS' },
              { type: 'link', text: 'More info', uri: 'https://example.org' },
            ],
          },
        ],
      },
    ],
    [
      'location',
      {
        type: 'location',
        latitude: 45.5261583,
        longitude: -73.595346,
        name: 'Office',
        address: '5333 avenue Casgrain',
      },
    ],
  ])('maps a %s message', (type, content) => {
    const { message } = decoded(SmoochV1MessageResponse, fixture(`message.send.${type}.json`))
    expect(toMessage('smooch-v1', 'c', message).content).toEqual(content)
  })

  it('maps form responses with their answers, unknown types to unsupported, and whisper to system', () => {
    const response = decoded(SmoochV1Message, fixture('message.formresponse.json'))
    expect(toMessage('smooch-v1', 'c', response).content).toEqual({
      type: 'formResponse',
      fields: [
        { type: 'text', name: 'name', label: 'Your name?', value: 'Steve' },
        { type: 'email', name: 'email', label: 'Your email?', value: 'steve@example.com' },
      ],
    })
    const odd = decoded(SmoochV1Message, {
      _id: 'x',
      role: 'whisper',
      received: 1,
      type: 'hologram',
      text: 'beam',
    })
    expect(toMessage('smooch-v1', 'c', odd)).toMatchObject({
      author: { role: 'system' },
      content: { type: 'unsupported', vendorType: 'hologram', text: 'beam' },
    })
  })

  it('maps an appUser to its conversation and customer participant', () => {
    const { appUser } = decoded(SmoochV1AppUserResponse, fixture('appuser.get.json'))
    expect(
      toConversation('smooch-v1', appUser._id, appUser, { _id: 'df0ebe56cbeab98589b8bfa7', unreadCount: 2 }),
    ).toEqual({
      id: 'c7f6e6d6c3a637261bd9656f',
      provider: 'smooch-v1',
      kind: 'personal',
      status: 'open',
      title: 'Steve Rogers',
      createdAt: new Date('2015-10-06T03:38:02Z'),
      unreadCount: 2,
      participants: [
        {
          id: 'c7f6e6d6c3a637261bd9656f',
          conversationId: 'c7f6e6d6c3a637261bd9656f',
          userId: 'c7f6e6d6c3a637261bd9656f',
          externalId: 'steveb@channel5.com',
          role: 'customer',
          displayName: 'Steve Rogers',
          email: 'steve@example.com',
          joinedAt: new Date('2015-10-06T03:38:02Z'),
          raw: appUser,
        },
      ],
      metadata: { plan: 'gold' },
      raw: { appUser, conversation: { _id: 'df0ebe56cbeab98589b8bfa7', unreadCount: 2 } },
    })
  })

  it('builds MessagePost bodies', () => {
    expect(
      toVendorMessage({
        author: { role: 'customer', displayName: 'Steve' },
        content: { type: 'text', text: 'Hi' },
        metadata: { a: 1 },
      }),
    ).toEqual({
      role: 'appUser',
      type: 'text',
      text: 'Hi',
      name: 'Steve',
      metadata: { a: 1 },
    })
    expect(
      toVendorMessage({
        author: { role: 'bot' },
        content: { type: 'location', latitude: 1, longitude: 2, name: 'Here' },
      }),
    ).toEqual({
      role: 'appMaker',
      type: 'location',
      coordinates: { lat: 1, long: 2 },
      location: { name: 'Here' },
    })
    expect(
      toVendorMessage({
        author: { role: 'agent' },
        content: { type: 'carousel', items: [{ title: 'No actions' }] },
      }),
    ).toMatch(/needs at least one action/)
  })
})
