/**
 * The event port's cases.
 *
 * @module
 */
import { expect } from 'vitest'
import type { ColloquyError } from '../errors.js'
import { type ContractCase, expectRaw } from './contract-case.js'
import { expectLeft, expectRight } from './expectations.js'

/** The event port: the fixture's sample, an unsigned copy where verification is declared, bad bodies. */
export const eventCases: readonly ContractCase[] = [
  {
    section: 'events',
    name: "events.parse reads the fixture's sample into events carrying provider, id, time and raw",
    run: async (context) => {
      const { adapter, fixture } = context
      const sample = fixture.sampleEvent
      if (!sample) return context.skip('the fixture gives no sampleEvent')
      const events = await expectRight(adapter.events.parse(sample))
      expect(events.length).toBeGreaterThan(0)
      for (const event of events) {
        expect(event.provider).toBe(adapter.provider)
        expect(event.id).toEqual(expect.any(String))
        expect(event.occurredAt).toBeInstanceOf(Date)
        expectRaw(event)
      }
    },
  },
  {
    section: 'events',
    name: "events.parse refuses the sample without its headers where verification is 'api-key-header'",
    run: async (context) => {
      const { adapter, fixture } = context
      const sample = fixture.sampleEvent
      if (adapter.capabilities.events.verification !== 'api-key-header')
        return context.skip("events.verification is not 'api-key-header'")
      if (!sample) return context.skip('the fixture gives no sampleEvent')
      // A declared check is a real one: the same body without its headers is refused.
      await expectLeft(adapter.events.parse({ body: sample.body }), 'Unauthorized')
    },
  },
  {
    section: 'events',
    name: 'events.parse answers a malformed body with a tagged error, never a throw',
    run: async (context) => {
      const { adapter, fixture } = context
      const error: ColloquyError = await expectLeft(
        adapter.events.parse({ headers: fixture.sampleEvent?.headers, body: '{not json' }),
      )
      expect(['Decode', 'InvalidRequest', 'Unauthorized']).toContain(error._tag)
      expect(error.operation).toBe('events.parse')
    },
  },
]
