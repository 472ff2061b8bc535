/**
 * VerifyMac, minimal, for HMAC keys: the checks of GenerateMac (same order, same messages), then
 * the MAC, compared in constant time. A MAC that does not match is KMSInvalidMacException with no
 * message, as AWS's.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type KMSInvalidMacException } from '../errors/exceptions.js'
import { macMatches, type MacAlgorithmSpec } from '../crypto/mac.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { macInput, type VerifyMacRequest, type GenerateMacError } from './generate-mac.js'
import { settling } from './support/settling.js'

/** VerifyMac's response (only ever with `MacValid: true`). @since 0.1.0 */
export interface VerifyMacResponse {
  /** The key ARN. */
  readonly KeyId: string
  /** Always `true`: a MAC that does not match is an error. */
  readonly MacValid: true
  /** The algorithm used. */
  readonly MacAlgorithm: MacAlgorithmSpec
}

/** VerifyMac's errors. @since 0.1.0 */
export type VerifyMacError = GenerateMacError | KMSInvalidMacException

/**
 * Verifies the HMAC of a message with an HMAC key.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns `MacValid: true`, or KMSInvalidMacException, or another error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
 * assert.ok(created._tag === 'Right')
 * const request = { KeyId: created.right.KeyMetadata.KeyId, Message: new TextEncoder().encode('hello'), MacAlgorithm: 'HMAC_SHA_256' } as const
 * const mac = await kms.invoke('GenerateMac', request)
 * assert.ok(mac._tag === 'Right')
 * const verified = await kms.invoke('VerifyMac', { ...request, Mac: mac.right.Mac })
 * assert.ok(verified._tag === 'Right' && verified.right.MacValid)
 * const wrong = await kms.invoke('VerifyMac', { ...request, Mac: new Uint8Array(32) })
 * assert.ok(wrong._tag === 'Left' && wrong.left._tag === 'KMSInvalidMacException')
 * ```
 * @since 0.1.0
 */
export const verifyMac = settling((env: OperationEnv, store: KeyStore, req: VerifyMacRequest): E.Either<VerifyMacError, Outcome<VerifyMacResponse>> =>
  pipe(
    macInput(env, store, 'VerifyMac', req),
    E.filterOrElseW(
      ({ material }) => macMatches(req.MacAlgorithm, material.secret, req.Message, req.Mac),
      () => exception('KMSInvalidMacException', env.profile.messages.invalidMac),
    ),
    E.map(({ key }): Outcome<VerifyMacResponse> => ({ store, response: { KeyId: key.arn, MacValid: true, MacAlgorithm: req.MacAlgorithm }, events: [] })),
  ))
