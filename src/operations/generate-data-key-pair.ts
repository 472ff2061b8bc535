/**
 * GenerateDataKeyPair: a fresh asymmetric key pair; the public key in clear (SPKI DER), the private
 * key (PKCS#8 DER) in clear and encrypted under a symmetric encryption key exactly as Encrypt
 * would encrypt it (docs/evidence.md §12), so the material rules of imported keys apply to it.
 * RSA pairs take as long to generate as RSA CreateKey does.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type KMSInternalException, type UnsupportedOperationException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { loadAsymmetricKey } from '../crypto/asymmetric-key.js'
import type { KeySpec } from '../model/enums.js'
import type { KeyStore } from '../model/key-store.js'
import { revealSecret } from '../model/secret.js'
import type { StatefulOperation } from '../profiles/profile.js'
import {
  dataKeyTarget, refuseRecipient, sealDataKey, unlessDryRun, type DataKeyError, type DataKeyTarget,
} from './support/data-key.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** AWS's data key pair specs (the service model's `DataKeyPairSpec`). @since 0.2.0 */
export type DataKeyPairSpec = Model.DataKeyPairSpec

/** GenerateDataKeyPair's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type GenerateDataKeyPairRequest = Model.GenerateDataKeyPairRequest

/** GenerateDataKeyPair's response. @since 0.2.0 */
export interface GenerateDataKeyPairResponse {
  /** The private key (PKCS#8 DER), encrypted (Decrypt opens it). */
  readonly PrivateKeyCiphertextBlob: Uint8Array
  /** The private key (PKCS#8 DER). */
  readonly PrivateKeyPlaintext: Uint8Array
  /** The public key (SPKI DER). */
  readonly PublicKey: Uint8Array
  /** The key ARN. */
  readonly KeyId: string
  /** The pair's spec. */
  readonly KeyPairSpec: DataKeyPairSpec
  /** The material that encrypted it (2025-06-05 profile). */
  readonly KeyMaterialId?: string
}

/** GenerateDataKeyPair's errors. @since 0.2.0 */
export type GenerateDataKeyPairError = DataKeyError | UnsupportedOperationException | KMSInternalException

/** What both pair operations make. @internal */
export interface MadeKeyPair {
  readonly target: DataKeyTarget
  readonly privateKey: Uint8Array
  readonly publicKey: Uint8Array
  readonly ciphertext: Uint8Array
}

/**
 * Makes a data key pair: the key, the spec (SM2 only in the China partition; Ed25519 is not
 * generated here), then the pair.
 * @param env - the operation environment
 * @param store - the store
 * @param operation - GenerateDataKeyPair or GenerateDataKeyPairWithoutPlaintext
 * @param req - the decoded request
 * @returns the pair, or the refusal
 * @internal
 */
export const makeKeyPair = (
  env: OperationEnv, store: KeyStore, operation: StatefulOperation,
  req: GenerateDataKeyPairRequest | Model.GenerateDataKeyPairWithoutPlaintextRequest,
): E.Either<GenerateDataKeyPairError, MadeKeyPair> =>
  pipe(
    dataKeyTarget(env, store, operation, req.KeyId),
    E.flatMap((target): E.Either<GenerateDataKeyPairError, MadeKeyPair> => {
      const spec = req.KeyPairSpec
      if (spec === 'ECC_NIST_EDWARDS25519' || (spec === 'SM2' && env.partition !== 'aws-cn')) {
        return E.left(exception('UnsupportedOperationException', renderMessage(env.profile.messages.keyPairSpecUnsupported, { keyPairSpec: spec })))
      }
      return unlessDryRun(env.profile, req.DryRun, () => pipe(
        env.crypto.generateKeyMaterial(spec as KeySpec),
        E.flatMap((secret) => E.map((loaded: { readonly spki: Uint8Array }) => ({ secret, spki: loaded.spki }))(loadAsymmetricKey(secret))),
        E.mapLeft(() => exception('KMSInternalException', env.profile.messages.internalError)),
        E.map(({ secret, spki }) => {
          const privateKey = revealSecret(secret).slice()
          return { target, privateKey, publicKey: spki, ciphertext: sealDataKey(env, target, privateKey, req.EncryptionContext) }
        }),
      ))
    }),
  )

/**
 * Generates a data key pair.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the pair, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createPublicKey } from 'node:crypto'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const pair = await kms.invoke('GenerateDataKeyPair', { KeyId: created.right.KeyMetadata.KeyId, KeyPairSpec: 'ECC_NIST_P256' })
 * assert.ok(pair._tag === 'Right')
 * assert.equal(createPublicKey({ key: Buffer.from(pair.right.PublicKey), format: 'der', type: 'spki' }).asymmetricKeyType, 'ec')
 * ```
 * @since 0.2.0
 */
export const generateDataKeyPair = settling((env: OperationEnv, store: KeyStore, req: GenerateDataKeyPairRequest): E.Either<GenerateDataKeyPairError, Outcome<GenerateDataKeyPairResponse>> =>
  pipe(
    refuseRecipient(env.profile, req.Recipient),
    E.flatMap(() => makeKeyPair(env, store, 'GenerateDataKeyPair', req)),
    E.map(({ target, privateKey, publicKey, ciphertext }) => ({
      store,
      response: {
        PrivateKeyCiphertextBlob: ciphertext,
        PrivateKeyPlaintext: privateKey,
        PublicKey: publicKey,
        KeyId: target.key.arn,
        KeyPairSpec: req.KeyPairSpec,
        ...(env.profile.features.multipleKeyMaterials ? { KeyMaterialId: target.material.keyMaterialId } : {}),
      },
      events: [],
    })),
  ))
