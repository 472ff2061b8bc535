/**
 * DescribeKey: the key's metadata, in every state (docs/evidence.md §2.1), as it is at the request's
 * instant (expiry applied).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { RequestError } from '../errors/exceptions.js'
import { multiRegionKeySet, type KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { keyMetadata, type KeyMetadata } from './support/key-metadata.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** DescribeKey's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type DescribeKeyRequest = Model.DescribeKeyRequest

/** DescribeKey's response. @since 0.1.0 */
export interface DescribeKeyResponse {
  /** The key, as it is at the request. */
  readonly KeyMetadata: KeyMetadata
}

/** DescribeKey's errors. @since 0.1.0 */
export type DescribeKeyError = RequestError | ResolveKeyError

/**
 * Describes a key (key id, key ARN, alias name or alias ARN).
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the metadata, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Description: 'mine' })
 * assert.ok(created._tag === 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId: created.right.KeyMetadata.Arn })
 * assert.ok(described._tag === 'Right')
 * assert.equal(described.right.KeyMetadata.Description, 'mine')
 * const missing = await kms.invoke('DescribeKey', { KeyId: 'alias/nope' })
 * assert.ok(missing._tag === 'Left' && missing.left._tag === 'NotFoundException')
 * ```
 * @since 0.1.0
 */
export const describeKey = settling((env: OperationEnv, store: KeyStore, req: DescribeKeyRequest): E.Either<DescribeKeyError, Outcome<DescribeKeyResponse>> =>
  pipe(
    resolveKey(env, store, req.KeyId, true),
    E.map(({ key }) => ({ store, response: { KeyMetadata: keyMetadata(env.profile, key, multiRegionKeySet(store, key.keyId)) }, events: [] })),
  ))
