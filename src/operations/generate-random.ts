/**
 * GenerateRandom: random bytes from the injected crypto provider (docs/evidence.md §12). Custom key
 * stores and Nitro Enclaves recipients are out of scope.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type CustomKeyStoreNotFoundException, type ValidationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** GenerateRandom's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type GenerateRandomRequest = Model.GenerateRandomRequest

/** GenerateRandom's response. @since 0.2.0 */
export interface GenerateRandomResponse {
  /** The random bytes. */
  readonly Plaintext: Uint8Array
}

/** GenerateRandom's errors. @since 0.2.0 */
export type GenerateRandomError = ValidationException | CustomKeyStoreNotFoundException

/**
 * Generates random bytes.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the bytes, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const random = await kms.invoke('GenerateRandom', { NumberOfBytes: 32 })
 * assert.ok(random._tag === 'Right' && random.right.Plaintext.length === 32)
 * ```
 * @since 0.2.0
 */
export const generateRandom = settling((env: OperationEnv, store: KeyStore, req: GenerateRandomRequest): E.Either<GenerateRandomError, Outcome<GenerateRandomResponse>> => {
  const m = env.profile.messages
  if (req.CustomKeyStoreId !== undefined) return E.left(exception('CustomKeyStoreNotFoundException', renderMessage(m.customKeyStoreNotFound, { customKeyStoreId: req.CustomKeyStoreId })))
  if (req.Recipient !== undefined) return E.left(exception('ValidationException', m.recipientUnsupported))
  if (req.NumberOfBytes === undefined) return E.left(exception('ValidationException', m.randomSizeRequired))
  return E.right({ store, response: { Plaintext: env.crypto.randomBytes(req.NumberOfBytes) }, events: [] })
})
