/**
 * GenerateDataKeyPairWithoutPlaintext: GenerateDataKeyPair without the private key in clear
 * (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { makeKeyPair, type DataKeyPairSpec, type GenerateDataKeyPairError } from './generate-data-key-pair.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** GenerateDataKeyPairWithoutPlaintext's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type GenerateDataKeyPairWithoutPlaintextRequest = Model.GenerateDataKeyPairWithoutPlaintextRequest

/** GenerateDataKeyPairWithoutPlaintext's response. @since 0.2.0 */
export interface GenerateDataKeyPairWithoutPlaintextResponse {
  /** The private key (PKCS#8 DER), encrypted (Decrypt opens it). */
  readonly PrivateKeyCiphertextBlob: Uint8Array
  /** The public key (SPKI DER). */
  readonly PublicKey: Uint8Array
  /** The key ARN. */
  readonly KeyId: string
  /** The pair's spec. */
  readonly KeyPairSpec: DataKeyPairSpec
  /** The material that encrypted it (2025-06-05 profile). */
  readonly KeyMaterialId?: string
}

/**
 * GenerateDataKeyPairWithoutPlaintext's errors.
 * @useDeclaredType
 * @since 0.2.0
 */
export type GenerateDataKeyPairWithoutPlaintextError = GenerateDataKeyPairError

/**
 * Generates a data key pair and returns its private key encrypted only.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the pair, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const pair = await kms.invoke('GenerateDataKeyPairWithoutPlaintext', { KeyId: created.right.KeyMetadata.KeyId, KeyPairSpec: 'ECC_NIST_P384' })
 * assert.ok(pair._tag === 'Right' && !('PrivateKeyPlaintext' in pair.right))
 * const opened = await kms.invoke('Decrypt', { CiphertextBlob: pair.right.PrivateKeyCiphertextBlob })
 * assert.equal(opened._tag, 'Right')
 * ```
 * @since 0.2.0
 */
export const generateDataKeyPairWithoutPlaintext = settling((
  env: OperationEnv, store: KeyStore, req: GenerateDataKeyPairWithoutPlaintextRequest,
): E.Either<GenerateDataKeyPairWithoutPlaintextError, Outcome<GenerateDataKeyPairWithoutPlaintextResponse>> =>
  pipe(
    makeKeyPair(env, store, 'GenerateDataKeyPairWithoutPlaintext', req),
    E.map(({ target, privateKey, publicKey, ciphertext }) => {
      privateKey.fill(0)
      return {
        store,
        response: {
          PrivateKeyCiphertextBlob: ciphertext,
          PublicKey: publicKey,
          KeyId: target.key.arn,
          KeyPairSpec: req.KeyPairSpec,
          ...(env.profile.features.multipleKeyMaterials ? { KeyMaterialId: target.material.keyMaterialId } : {}),
        },
        events: [],
      }
    }),
  ))
