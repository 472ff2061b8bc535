/**
 * ImportKeyMaterial (docs/evidence.md §4), checks in this order (CHOSEN where AWS is silent, documented):
 * 1. request validation, then the ExpirationModel / ValidTo rules;
 * 2. key resolution, origin `EXTERNAL`, key state (the state table);
 * 3. the import token: sealed by this service, for this key (else InvalidImportTokenException),
 *    not past `ParametersValidTo` (else ExpiredImportTokenException);
 * 4. unwrapping with the token's private key and algorithm (else InvalidCiphertextException);
 * 5. the material against the key spec (else IncorrectKeyMaterialException);
 * 6. the same-material rule (else IncorrectKeyMaterialException);
 * 7. the change: the material is present again, the key `Enabled` (a Disabled key stays Disabled).
 *
 * A failure leaves the store exactly as it was, and the token stays usable until it expires.
 *
 * @module
 */
import { nodeCrypto } from '../crypto/builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import {
  exception, type ExpiredImportTokenException, type IncorrectKeyMaterialException, type InvalidCiphertextException,
  type InvalidImportTokenException, type KMSInvalidStateException, type RequestError, type UnsupportedOperationException, type ValidationException,
} from '../errors/exceptions.js'
import { keyMaterialId } from '../material/material-id.js'
import type { TokenContents } from '../crypto/token.js'
import { validateMaterial } from '../material/validate.js'
import type { ExpirationModel, ImportType } from '../model/enums.js'
import { renderMessage } from '../errors/messages.js'
import { freezeKey, isPermanentlyAssociated, type KeyMaterial, type KeyRecord } from '../model/key-record.js'
import { putKey, type KeyStore } from '../model/key-store.js'
import { secretsEqual, type Secret } from '../model/secret.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkKey, type KeyStateError } from './support/key-gate.js'
import { isReplica, shareMaterialIds } from './support/multi-region.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** ImportKeyMaterial's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type ImportKeyMaterialRequest = Model.ImportKeyMaterialRequest

/** ImportKeyMaterial's response: the key ARN (OBS). @since 0.1.0 */
export interface ImportKeyMaterialResponse {
  /** The key ARN. */
  readonly KeyId: string
  /** Under profiles with multiple key materials. */
  readonly KeyMaterialId?: string
}

/** ImportKeyMaterial's errors. @since 0.1.0 */
export type ImportKeyMaterialError =
  | RequestError | ValidationException | ResolveKeyError | UnsupportedOperationException | KeyStateError
  | InvalidImportTokenException | ExpiredImportTokenException | InvalidCiphertextException | IncorrectKeyMaterialException | KMSInvalidStateException

interface Expiry {
  readonly expirationModel: ExpirationModel
  readonly validTo: number | undefined
}

/**
 * The ExpirationModel / ValidTo rules (docs/evidence.md §4.2).
 * @param env - the environment (now, limits, messages)
 * @param req - the decoded request
 * @returns the expiry to store, or ValidationException
 * @internal
 * @since 0.1.0
 */
export const checkExpiry = (env: OperationEnv, req: Pick<ImportKeyMaterialRequest, 'ValidTo' | 'ExpirationModel'>): E.Either<ValidationException, Expiry> => {
  const m = env.profile.messages
  const model = req.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES'
  const validTo = req.ValidTo?.getTime()
  const invalid = (message: string) => E.left(exception('ValidationException', message))
  if (model === 'KEY_MATERIAL_EXPIRES') {
    if (validTo === undefined) return invalid(m.validToRequired)
    if (validTo <= env.now) return invalid(m.validToNotFuture)
    if (validTo > env.now + env.profile.limits.maxValidToMs) return invalid(m.validToTooFar)
    return E.right({ expirationModel: model, validTo })
  }
  return validTo !== undefined ? invalid(m.validToForbidden) : E.right({ expirationModel: model, validTo: undefined })
}

/**
 * Opens the import token for this key at this instant.
 * @param env - the environment
 * @param key - the key being imported into
 * @param token - the ImportToken bytes
 * @returns the token's contents, or InvalidImportToken / ExpiredImportToken
 * @internal
 * @since 0.1.0
 */
export const openTokenFor = (env: OperationEnv, key: KeyRecord, token: Uint8Array): E.Either<InvalidImportTokenException | ExpiredImportTokenException, TokenContents> => {
  const m = env.profile.messages
  const opened = env.crypto.openImportToken(env.sealingKey, token, env.now)
  if (E.isLeft(opened) || opened.right.keyArn !== key.arn) return E.left(exception('InvalidImportTokenException', m.invalidImportToken))
  if (env.now >= opened.right.validTo) return E.left(exception('ExpiredImportTokenException', m.expiredImportToken))
  return opened
}

const sameId = (a: string, b: string): boolean => a.length === b.length && nodeCrypto().timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * What the request says about which material this is (2025-06-05 profile; empty before).
 * @internal
 * @since 0.1.0
 */
export interface MaterialIntent {
  readonly importType?: ImportType | undefined
  readonly keyMaterialId?: string | undefined
  readonly description?: string | undefined
}

/**
 * Places verified material into the key (docs/evidence.md §4.7, §8). `ImportType` defaults to
 * `NEW_KEY_MATERIAL` when nothing was ever imported, else `EXISTING_KEY_MATERIAL`. NEW: the first
 * material is CURRENT; a later one (profiles with multiple key materials) is PENDING_ROTATION, at
 * most one at a time; material already associated is refused. EXISTING: the material must be one
 * the key holds (the same-material rule), and `KeyMaterialId`, when given, must be its id. The key
 * leaves PendingImport once every permanently associated material is present.
 * @param env - the environment
 * @param key - the key
 * @param secret - the verified material
 * @param expiry - its expiry
 * @param intent - ImportType, KeyMaterialId, KeyMaterialDescription of the request
 * @returns the new record and the material's id, or IncorrectKeyMaterial / KMSInvalidState
 * @internal
 * @since 0.1.0
 */
export const placeMaterial = (
  env: OperationEnv, key: KeyRecord, secret: Secret, expiry: Expiry, intent: MaterialIntent = {},
): E.Either<IncorrectKeyMaterialException | KMSInvalidStateException, { readonly key: KeyRecord; readonly keyMaterialId: string }> => {
  const m = env.profile.messages
  // The id is a function of (key, material): material the key holds already has its id stored, and
  // a constant-time compare of the bytes costs less than the HMAC (≈1 µs against ≈3–4 µs; a
  // reimport of the same material is the common case). Material whose bytes were deleted, or new
  // material, is identified by the HMAC.
  const held = key.materials.find((x) => x.secret !== undefined && secretsEqual(x.secret, secret))
  const id = held?.keyMaterialId ?? keyMaterialId(env.materialIdSecret, key.keyId, secret)
  const incorrect = (message: string) => E.left(exception('IncorrectKeyMaterialException', message))
  if (intent.keyMaterialId !== undefined && !sameId(intent.keyMaterialId, id)) return incorrect(renderMessage(m.materialIdMismatch, { keyMaterialId: intent.keyMaterialId }))
  const existing = held ?? key.materials.find((x) => sameId(x.keyMaterialId, id))
  const importType = intent.importType ?? (key.materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL')
  let entry: KeyMaterial
  if (importType === 'NEW_KEY_MATERIAL') {
    if (existing !== undefined) return incorrect(renderMessage(m.materialAlreadyAssociated, { arn: key.arn }))
    const first = key.materials.length === 0
    if (!first && !env.profile.features.multipleKeyMaterials) return incorrect(m.materialMismatch)
    const pending = key.materials.find((x) => x.state === 'PENDING_ROTATION')
    if (pending !== undefined) {
      return E.left(exception('KMSInvalidStateException', renderMessage(m.pendingRotation, { newId: id, arn: key.arn, pendingId: pending.keyMaterialId })))
    }
    entry = {
      keyMaterialId: id, secret, state: first ? 'CURRENT' : 'PENDING_ROTATION', expirationModel: expiry.expirationModel, validTo: expiry.validTo,
      description: intent.description, rotationDate: undefined, rotationType: undefined,
    }
  } else {
    if (existing === undefined) return incorrect(m.materialMismatch)
    entry = { ...existing, secret, expirationModel: expiry.expirationModel, validTo: expiry.validTo, description: intent.description ?? existing.description }
  }
  const materials = existing === undefined ? [...key.materials, entry] : key.materials.map((x) => (x === existing ? entry : x))
  const next = { ...key, materials }
  const complete = next.materials.filter(isPermanentlyAssociated).every((x) => x.secret !== undefined)
  const state = key.state === 'PendingImport' && complete ? 'Enabled' : key.state
  return E.right({ key: freezeKey({ ...next, state }), keyMaterialId: id })
}

/**
 * Imports key material into an EXTERNAL key.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the new store and `{KeyId}`, or the error; the store is unchanged on any error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider, wrapKeyMaterial } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * const params = await kms.invoke('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
 * assert.ok(params._tag === 'Right')
 * const EncryptedKeyMaterial = wrapKeyMaterial(params.right.PublicKey, 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(7))
 * const imported = await kms.invoke('ImportKeyMaterial', { KeyId, ImportToken: params.right.ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
 * assert.equal(imported._tag, 'Right') // the key is Enabled now
 * ```
 * @since 0.1.0
 */
export const importKeyMaterial = settling((env: OperationEnv, store: KeyStore, req: ImportKeyMaterialRequest): E.Either<ImportKeyMaterialError, Outcome<ImportKeyMaterialResponse>> => {
  // The hot path of key import is written as early returns rather than nested pipe/flatMap: each
  // fp-ts `flatMap` is a `dual` that copies its arguments, about 1 µs a call, and this operation's
  // overhead must stay under 15% of one RSA-2048 decryption (≈40 µs). The rules and their order
  // are exactly the module's list.
  const { profile } = env
  const m = profile.messages
  const multi = profile.features.multipleKeyMaterials
  // ImportType, KeyMaterialId and KeyMaterialDescription are undefined before multiple key
  // materials: unknown members then, which the protocol layer drops
  if (req.ImportType === 'NEW_KEY_MATERIAL' && req.KeyMaterialId !== undefined) return E.left(exception('ValidationException', m.materialIdWithNew))
  const expiry = checkExpiry(env, req)
  if (E.isLeft(expiry)) return expiry
  const resolved = resolveKey(env, store, req.KeyId, false)
  if (E.isLeft(resolved)) return resolved
  const checked = checkKey(profile, 'ImportKeyMaterial', resolved.right.key)
  if (E.isLeft(checked)) return checked
  const key = checked.right
  if (key.keySpec !== 'SYMMETRIC_DEFAULT' && (req.ImportType !== undefined || req.KeyMaterialId !== undefined || req.KeyMaterialDescription !== undefined)) {
    return E.left(exception('ValidationException', m.multiMaterialSymmetricOnly))
  }
  // new material goes into the primary key first, never directly into a replica (docs/evidence.md §11)
  if (req.ImportType === 'NEW_KEY_MATERIAL' && key.materials.length > 0 && isReplica(store, key)) {
    return E.left(exception('UnsupportedOperationException', renderMessage(m.newMaterialIntoReplica, { arn: key.arn })))
  }
  const token = openTokenFor(env, key, req.ImportToken)
  if (E.isLeft(token)) return token
  const unwrapped = env.crypto.unwrap(token.right.algorithm, token.right.privateKey, req.EncryptedKeyMaterial)
  if (E.isLeft(unwrapped)) return E.left(exception('InvalidCiphertextException', m.unwrapFailed))
  const material = validateMaterial(profile, key.keySpec, env.partition, unwrapped.right)
  if (E.isLeft(material)) return E.left(exception('IncorrectKeyMaterialException', material.left))
  const intent: MaterialIntent = { importType: req.ImportType, keyMaterialId: req.KeyMaterialId, description: req.KeyMaterialDescription }
  const placed = placeMaterial(env, key, material.right, expiry.right, intent)
  if (E.isLeft(placed)) return placed
  const own = putKey(store, placed.right.key)
  // related multi-Region keys learn the material's id, never its bytes (docs/evidence.md §11)
  const next = placed.right.key.multiRegion === true ? shareMaterialIds(own, placed.right.key).reduce(putKey, own) : own
  return E.right({
    store: next,
    response: multi ? { KeyId: placed.right.key.arn, KeyMaterialId: placed.right.keyMaterialId } : { KeyId: placed.right.key.arn },
    events: [],
  })
})
