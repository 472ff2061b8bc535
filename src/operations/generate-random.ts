/**
 * GenerateRandom: random bytes from the injected crypto provider (docs/evidence.md §12). Custom key
 * stores and Nitro Enclaves recipients are out of scope.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { exception, type CustomKeyStoreNotFoundException, type ValidationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { integerMember, optional, stringMember } from '../protocol/members.js'
import { requestCodec } from '../protocol/per-profile.js'
import type { KeyStore } from '../model/key-store.js'
import { recipientMember } from './support/data-key.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { decoded } from './support/operation.js'

/**
 * The GenerateRandom request codec.
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, GenerateRandomRequest } from 'kms-key-import'
 * assert.equal(GenerateRandomRequest(classicProfile).decode({ NumberOfBytes: 1024 })._tag, 'Right')
 * assert.equal(GenerateRandomRequest(classicProfile).decode({ NumberOfBytes: 1025 })._tag, 'Left')
 * ```
 * @since 0.2.0
 */
export const GenerateRandomRequest = requestCodec(() =>
  t.partial({
    /** How many bytes, 1 to 1024. */
    NumberOfBytes: optional(integerMember('NumberOfBytes', 1, 1024)),
    /** A custom key store: none exists here (CustomKeyStoreNotFoundException). */
    CustomKeyStoreId: optional(stringMember('CustomKeyStoreId', { min: 1, max: 64 })),
    /** Refused (Nitro Enclaves are out of scope). */
    Recipient: recipientMember,
  }))
/** @since 0.2.0 */
export type GenerateRandomRequest = t.TypeOf<ReturnType<typeof GenerateRandomRequest>>

/** GenerateRandom's response. @since 0.2.0 */
export interface GenerateRandomResponse {
  /** The random bytes. */
  readonly Plaintext: Uint8Array
}

/** GenerateRandom's errors. @since 0.2.0 */
export type GenerateRandomError = ValidationException | CustomKeyStoreNotFoundException

/**
 * The rule of GenerateRandom on a decoded request.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the bytes, or the refusal
 * @since 0.2.0
 */
export const generateRandomRule = (env: OperationEnv, store: KeyStore, req: GenerateRandomRequest): E.Either<GenerateRandomError, Outcome<GenerateRandomResponse>> => {
  const m = env.profile.messages
  if (req.CustomKeyStoreId !== undefined) return E.left(exception('CustomKeyStoreNotFoundException', renderMessage(m.customKeyStoreNotFound, { customKeyStoreId: req.CustomKeyStoreId })))
  if (req.Recipient !== undefined) return E.left(exception('ValidationException', m.recipientUnsupported))
  if (req.NumberOfBytes === undefined) return E.left(exception('ValidationException', m.randomSizeRequired))
  return E.right({ store, response: { Plaintext: env.crypto.randomBytes(req.NumberOfBytes) }, events: [] })
}

/**
 * Generates random bytes.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param input - the request
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
export const generateRandom = decoded(GenerateRandomRequest, generateRandomRule)
