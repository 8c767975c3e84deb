/**
 * @module
 */

/** A JSON object as the vendors send and the emulators store it. */
export type JsonObject = Record<string, unknown>
