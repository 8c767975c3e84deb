/**
 * The UltraCart transport: @colloquy/http with the simple key or OAuth token, the version header,
 * the vendor's error envelope and budget.
 *
 * @module
 */

import { vendorErrorDetails } from '@colloquy/adapter-kit'
import { unauthorized } from '@colloquy/core'
import { classifyResponse, createHttpClient, type HttpClient, transportConfig } from '@colloquy/http'
import { UltraCartErrorBody } from './codecs.js'
import { type UltraCartAdapterConfig, ultraCartDefaults, ultraCartRateLimit } from './config.js'

/** The readable message and code of an UltraCart error envelope (`developer_message` first). */
export const ultraCartErrorDetails = vendorErrorDetails(UltraCartErrorBody, ({ error }) => ({
  code: error.error_code,
  message: typeof error.developer_message === 'string' ? error.developer_message : error.user_message,
}))

export const createUltraCartClient = (provider: string, config: UltraCartAdapterConfig): HttpClient =>
  createHttpClient({
    ...transportConfig(config),
    provider,
    baseUrl: config.baseUrl ?? ultraCartDefaults.baseUrl,
    headers: { 'X-UltraCart-Api-Version': ultraCartDefaults.apiVersion },
    defaultRateLimit: ultraCartRateLimit,
    credentials: async () =>
      config.simpleKey !== undefined
        ? { simpleKey: typeof config.simpleKey === 'function' ? await config.simpleKey() : config.simpleKey }
        : {
            accessToken:
              typeof config.accessToken === 'function' ? await config.accessToken() : config.accessToken,
          },
    authenticate: (credentials: { simpleKey?: string; accessToken?: string }): Record<string, string> =>
      credentials.simpleKey !== undefined
        ? { 'x-ultracart-simple-key': credentials.simpleKey }
        : { authorization: `Bearer ${credentials.accessToken}` },
    // The UC-REST-ERROR header carries the vendor's readable message when the body has none.
    errorDetails: (body, headers) => {
      const details = ultraCartErrorDetails(body)
      const header = headers.get('uc-rest-error')
      return details?.message === undefined && header ? { ...details, message: header } : details
    },
    classifyError: (response) =>
      // 410: "Your authorized application has been disabled by UltraCart".
      response.status === 410
        ? unauthorized({
            provider,
            operation: response.operation,
            status: 410,
            message: `${response.operation}: 410: ${response.details.message ?? 'application disabled by UltraCart'}`,
          })
        : classifyResponse(response),
  })
