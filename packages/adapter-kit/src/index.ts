/**
 * `@colloquy/adapter-kit`: what every colloquy vendor adapter shares, between the transport
 * (`@colloquy/http`) and the adapters, as the AI SDK's provider-utils sits between its spec and its
 * providers: the adapter context, lenient content readers, JWT signing, tie-group timestamp
 * paging, sort-if-unsorted, shared codecs and schema-decoded vendor error bodies.
 *
 * @packageDocumentation
 */
export { type AdapterContext, createAdapterContext } from './adapter-context.js'
export { DateString, EmptyResponse, EpochMillis, EpochSeconds, nullable } from './codecs.js'
export {
  optionalDate,
  optionalNumber,
  optionalText,
  readActions,
  readContentItems,
  readFormFields,
  readSharedContent,
  withoutUndefined,
} from './content-readers.js'
export { writeFormFields, writeLocation } from './content-writers.js'
export {
  createListCursor,
  createMessageCursor,
  type ListCursor,
  type MessageCursor,
} from './cursors.js'
export { type ErrorBodyFields, vendorErrorDetails } from './error-body.js'
export {
  decodeInbound,
  eventsDecodeError,
  type InboundBody,
  readInboundJson,
  readVerifiedWebhook,
} from './inbound-body.js'
export { createJwtSigner } from './jwt-signer.js'
export { sortByNumber, sortIfUnsorted } from './sort-if-unsorted.js'
export {
  createTieGroupCursor,
  type TieGroupCursor,
  type TieGroupPage,
  type TieGroupPageInput,
  type TieGroupPosition,
  takeTieGroupPage,
} from './tie-group-paging.js'
