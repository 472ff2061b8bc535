/**
 * ReEncrypt: decrypts a symmetric ciphertext blob under its own key and material, then encrypts
 * the plaintext under the destination key's CURRENT material, with each side's encryption context
 * (docs/evidence.md §12). The source follows Decrypt's rules (the blob names its key; a
 * `SourceKeyId` must name that key; the material must be present), the destination Encrypt's; the
 * plaintext never leaves. Both keys must be symmetric encryption keys here: asymmetric
 * `SourceEncryptionAlgorithm`/`DestinationEncryptionAlgorithm` are refused with
 * InvalidKeyUsageException.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import {
  exception, type IncorrectKeyException, type InvalidCiphertextException, type InvalidKeyUsageException,
} from '../errors/exceptions.js'
import { openCiphertext, readCiphertextHeader } from '../crypto/ciphertext.js'
import { missingMember } from '../protocol/failure.js'
import type { KeyStore } from '../model/key-store.js'
import { checkSymmetricUsage } from './encrypt.js'
import { dataKeyTarget, sealDataKey, unlessDryRun, type DataKeyError, type DataKeyTarget } from './support/data-key.js'
import type { OperationEnv, Outcome } from './support/env.js'
import type { EncryptionAlgorithmSpec } from './support/key-metadata.js'
import { resolveKey, type ResolvedKey } from './support/resolve-key.js'
import { usableMaterial, type PresentMaterial } from './support/usage-gate.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** ReEncrypt's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type ReEncryptRequest = Model.ReEncryptRequest

/** ReEncrypt's response. @since 0.2.0 */
export interface ReEncryptResponse {
  /** The new ciphertext. */
  readonly CiphertextBlob: Uint8Array
  /** The source key's ARN. */
  readonly SourceKeyId: string
  /** The destination key's ARN. */
  readonly KeyId: string
  /** `SYMMETRIC_DEFAULT`. */
  readonly SourceEncryptionAlgorithm: EncryptionAlgorithmSpec
  /** `SYMMETRIC_DEFAULT`. */
  readonly DestinationEncryptionAlgorithm: EncryptionAlgorithmSpec
  /** The material that made the old ciphertext (2025-06-05 profile). */
  readonly SourceKeyMaterialId?: string
  /** The material that made the new one (2025-06-05 profile). */
  readonly DestinationKeyMaterialId?: string
}

/** ReEncrypt's errors. @since 0.2.0 */
export type ReEncryptError = DataKeyError | InvalidCiphertextException | IncorrectKeyException | InvalidKeyUsageException

/** A request with its ciphertext (AWS's model leaves the member optional). */
type WithCiphertext = ReEncryptRequest & { readonly CiphertextBlob: Uint8Array }

interface Source {
  readonly key: ResolvedKey['key']
  readonly material: PresentMaterial
  readonly plaintext: Uint8Array
}

const openSource = (env: OperationEnv, store: KeyStore, req: WithCiphertext): E.Either<ReEncryptError, Source> => {
  const invalid = (): InvalidCiphertextException => exception('InvalidCiphertextException', env.profile.messages.decryptFailed)
  return pipe(
    readCiphertextHeader(req.CiphertextBlob),
    E.mapLeft(invalid),
    E.flatMap((header): E.Either<ReEncryptError, Source> => pipe(
      resolveKey(env, store, header.keyId, false),
      E.flatMap((found): E.Either<ReEncryptError, ResolvedKey> => req.SourceKeyId === undefined
        ? E.right(found)
        : pipe(
          resolveKey(env, store, req.SourceKeyId, true, 'NotFoundException'),
          E.flatMap((named): E.Either<ReEncryptError, ResolvedKey> =>
            named.key.keyId === found.key.keyId ? E.right(found) : E.left(exception('IncorrectKeyException', env.profile.messages.incorrectKey))),
        )),
      E.flatMap(({ key }) => pipe(
        usableMaterial(env.profile, 'ReEncrypt', key, { keyMaterialId: header.keyMaterialId, unknown: invalid }),
        E.flatMap((material): E.Either<ReEncryptError, PresentMaterial> => E.map(() => material)(checkSymmetricUsage(env.profile, 'ReEncrypt', key, req.SourceEncryptionAlgorithm))),
        E.flatMap((material) => pipe(
          openCiphertext(req.CiphertextBlob, material.secret, req.SourceEncryptionContext),
          E.mapLeft(invalid),
          E.map((plaintext) => ({ key, material, plaintext })),
        )),
      )),
    )),
  )
}

/**
 * Re-encrypts a ciphertext under another key (or the same key's current material).
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns the new ciphertext, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const a = await kms.invoke('CreateKey', {})
 * const b = await kms.invoke('CreateKey', {})
 * assert.ok(a._tag === 'Right' && b._tag === 'Right')
 * const sealed = await kms.invoke('Encrypt', { KeyId: a.right.KeyMetadata.KeyId, Plaintext: new Uint8Array([1, 2, 3]), EncryptionContext: { v: '1' } })
 * assert.ok(sealed._tag === 'Right')
 * const moved = await kms.invoke('ReEncrypt', {
 *   CiphertextBlob: sealed.right.CiphertextBlob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: b.right.KeyMetadata.Arn, DestinationEncryptionContext: { v: '2' },
 * })
 * assert.ok(moved._tag === 'Right' && moved.right.KeyId === b.right.KeyMetadata.Arn)
 * const opened = await kms.invoke('Decrypt', { CiphertextBlob: moved.right.CiphertextBlob, EncryptionContext: { v: '2' } })
 * assert.ok(opened._tag === 'Right')
 * assert.deepEqual([...opened.right.Plaintext], [1, 2, 3])
 * ```
 * @since 0.2.0
 */
export const reEncrypt = settling((env: OperationEnv, store: KeyStore, req: ReEncryptRequest): E.Either<ReEncryptError, Outcome<ReEncryptResponse>> =>
  // AWS's model leaves CiphertextBlob optional; without it there is nothing to re-encrypt: the
  // ValidationException of a missing member, as Decrypt answers (CHOSEN)
  req.CiphertextBlob === undefined ? E.left(missingMember('CiphertextBlob')) : reEncryptBlob(env, store, { ...req, CiphertextBlob: req.CiphertextBlob }))

const reEncryptBlob = (env: OperationEnv, store: KeyStore, req: WithCiphertext): E.Either<ReEncryptError, Outcome<ReEncryptResponse>> =>
  pipe(
    openSource(env, store, req),
    E.flatMap((source) => pipe(
      dataKeyTarget(env, store, 'ReEncrypt', req.DestinationKeyId),
      E.flatMap((target): E.Either<ReEncryptError, DataKeyTarget> => E.map((): DataKeyTarget => target)(checkSymmetricUsage(env.profile, 'ReEncrypt', target.key, req.DestinationEncryptionAlgorithm))),
      E.flatMap((target) => unlessDryRun(env.profile, req.DryRun, () => {
        const ciphertext = sealDataKey(env, target, source.plaintext, req.DestinationEncryptionContext)
        source.plaintext.fill(0)
        const ids = env.profile.features.multipleKeyMaterials
          ? { SourceKeyMaterialId: source.material.keyMaterialId, DestinationKeyMaterialId: target.material.keyMaterialId }
          : {}
        return E.right<ReEncryptError, Outcome<ReEncryptResponse>>({
          store,
          response: {
            CiphertextBlob: ciphertext,
            SourceKeyId: source.key.arn,
            KeyId: target.key.arn,
            SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
            DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
            ...ids,
          },
          events: [],
        })
      })),
    )),
  )
