/**
 * GenerateDataKeyWithoutPlaintext: GenerateDataKey without the plaintext in the answer
 * (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { makeDataKey, type GenerateDataKeyError } from './generate-data-key.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** GenerateDataKeyWithoutPlaintext's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type GenerateDataKeyWithoutPlaintextRequest = Model.GenerateDataKeyWithoutPlaintextRequest

/** GenerateDataKeyWithoutPlaintext's response. @since 0.2.0 */
export interface GenerateDataKeyWithoutPlaintextResponse {
  /** The data key, encrypted (Decrypt opens it). */
  readonly CiphertextBlob: Uint8Array
  /** The key ARN. */
  readonly KeyId: string
  /** The material that encrypted it (2025-06-05 profile). */
  readonly KeyMaterialId?: string
}

/**
 * GenerateDataKeyWithoutPlaintext's errors.
 * @useDeclaredType
 * @since 0.2.0
 */
export type GenerateDataKeyWithoutPlaintextError = GenerateDataKeyError

/**
 * Generates a data key and returns it encrypted only.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the encrypted data key, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const dataKey = await kms.invoke('GenerateDataKeyWithoutPlaintext', { KeyId: created.right.KeyMetadata.Arn, NumberOfBytes: 16 })
 * assert.ok(dataKey._tag === 'Right' && !('Plaintext' in dataKey.right))
 * const opened = await kms.invoke('Decrypt', { CiphertextBlob: dataKey.right.CiphertextBlob })
 * assert.ok(opened._tag === 'Right' && opened.right.Plaintext.length === 16)
 * ```
 * @since 0.2.0
 */
export const generateDataKeyWithoutPlaintext = settling((
  env: OperationEnv, store: KeyStore, req: GenerateDataKeyWithoutPlaintextRequest,
): E.Either<GenerateDataKeyWithoutPlaintextError, Outcome<GenerateDataKeyWithoutPlaintextResponse>> =>
  pipe(
    makeDataKey(env, store, 'GenerateDataKeyWithoutPlaintext', req),
    E.map(({ target, plaintext, ciphertext }) => {
      plaintext.fill(0)
      return {
        store,
        response: { CiphertextBlob: ciphertext, KeyId: target.key.arn, ...(env.profile.features.multipleKeyMaterials ? { KeyMaterialId: target.material.keyMaterialId } : {}) },
        events: [],
      }
    }),
  ))
