/**
 * GenerateDataKey: fresh random bytes (the data key), returned in plaintext and encrypted under a
 * symmetric encryption key, exactly as Encrypt would encrypt them (docs/evidence.md §12): Decrypt
 * opens the blob, and a blob made under imported material stops decrypting when that material is
 * deleted or expires, and decrypts again once the same material is reimported.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type ValidationException } from '../errors/exceptions.js'
import type { KeyStore } from '../model/key-store.js'
import type { StatefulOperation } from '../profiles/profile.js'
import {
  dataKeyTarget, refuseRecipient, sealDataKey, unlessDryRun, type DataKeyError, type DataKeyTarget,
} from './support/data-key.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** The data key sizes by `KeySpec` (DOC). */
const DATA_KEY_BYTES = { AES_256: 32, AES_128: 16 } as const

/** GenerateDataKey's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type GenerateDataKeyRequest = Model.GenerateDataKeyRequest

/** GenerateDataKey's response. @since 0.2.0 */
export interface GenerateDataKeyResponse {
  /** The data key, encrypted (Decrypt opens it). */
  readonly CiphertextBlob: Uint8Array
  /** The data key. */
  readonly Plaintext: Uint8Array
  /** The key ARN. */
  readonly KeyId: string
  /** The material that encrypted it (2025-06-05 profile). */
  readonly KeyMaterialId?: string
}

/** GenerateDataKey's errors. @since 0.2.0 */
export type GenerateDataKeyError = DataKeyError | ValidationException

/** What GenerateDataKey and GenerateDataKeyWithoutPlaintext make. @internal */
export interface MadeDataKey {
  readonly target: DataKeyTarget
  readonly plaintext: Uint8Array
  readonly ciphertext: Uint8Array
}

/**
 * Makes a data key: the size (exactly one of NumberOfBytes and KeySpec), the key, then the bytes.
 * @param env - the operation environment
 * @param store - the store
 * @param operation - GenerateDataKey or GenerateDataKeyWithoutPlaintext
 * @param req - the decoded request
 * @returns the data key in both forms, or the refusal
 * @internal
 */
export const makeDataKey = (
  env: OperationEnv, store: KeyStore, operation: StatefulOperation,
  req: GenerateDataKeyRequest | Model.GenerateDataKeyWithoutPlaintextRequest,
): E.Either<GenerateDataKeyError, MadeDataKey> => {
  const size = req.NumberOfBytes ?? (req.KeySpec === undefined ? undefined : DATA_KEY_BYTES[req.KeySpec])
  return pipe(
    dataKeyTarget(env, store, operation, req.KeyId),
    E.flatMap((target): E.Either<GenerateDataKeyError, MadeDataKey> => {
      // checked after the key (CHOSEN: the key's refusals come first, docs/decisions.md)
      if (size === undefined || (req.NumberOfBytes !== undefined && req.KeySpec !== undefined)) return E.left(exception('ValidationException', env.profile.messages.dataKeySizeChoice))
      return unlessDryRun(env.profile, req.DryRun, () => {
        const plaintext = env.crypto.randomBytes(size)
        return E.right({ target, plaintext, ciphertext: sealDataKey(env, target, plaintext, req.EncryptionContext) })
      })
    }),
  )
}

/**
 * Generates a data key.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the data key in plaintext and encrypted, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const dataKey = await kms.invoke('GenerateDataKey', { KeyId: created.right.KeyMetadata.KeyId, KeySpec: 'AES_256', EncryptionContext: { app: 'a' } })
 * assert.ok(dataKey._tag === 'Right' && dataKey.right.Plaintext.length === 32)
 * const opened = await kms.invoke('Decrypt', { CiphertextBlob: dataKey.right.CiphertextBlob, EncryptionContext: { app: 'a' } })
 * assert.ok(opened._tag === 'Right')
 * assert.deepEqual(opened.right.Plaintext, dataKey.right.Plaintext)
 * ```
 * @since 0.2.0
 */
export const generateDataKey = settling((env: OperationEnv, store: KeyStore, req: GenerateDataKeyRequest): E.Either<GenerateDataKeyError, Outcome<GenerateDataKeyResponse>> =>
  pipe(
    refuseRecipient(env.profile, req.Recipient),
    E.flatMap(() => makeDataKey(env, store, 'GenerateDataKey', req)),
    E.map(({ target, plaintext, ciphertext }) => ({
      store,
      response: {
        CiphertextBlob: ciphertext,
        Plaintext: plaintext,
        KeyId: target.key.arn,
        ...(env.profile.features.multipleKeyMaterials ? { KeyMaterialId: target.material.keyMaterialId } : {}),
      },
      events: [],
    })),
  ))
