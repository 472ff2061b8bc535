/**
 * GenerateMac, minimal, for HMAC keys (`GENERATE_VERIFY_MAC`), through the usage gate. Checks in
 * this order (as Sign's): request validation; key resolution; key usage (InvalidKeyUsageException,
 * before the state); the key state; the MAC algorithm against the key spec
 * (InvalidKeyUsageException `Algorithm … is incompatible with key spec ….`). VerifyMac shares them.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { InvalidKeyUsageException, RequestError } from '../errors/exceptions.js'
import { computeMac, MacAlgorithmSpec } from '../crypto/mac.js'
import type { KeyRecord } from '../model/key-record.js'
import type { KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { algorithmsOf } from './support/key-metadata.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'
import { checkAlgorithm, checkKeyUsage, currentMaterial } from './support/usage-checks.js'
import type { PresentMaterial, UsageGateError } from './support/usage-gate.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** GenerateMac's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type GenerateMacRequest = Model.GenerateMacRequest

/** VerifyMac's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type VerifyMacRequest = Model.VerifyMacRequest

/** GenerateMac's response. @since 0.1.0 */
export interface GenerateMacResponse {
  /** The HMAC. */
  readonly Mac: Uint8Array
  /** The algorithm used. */
  readonly MacAlgorithm: MacAlgorithmSpec
  /** The key ARN. */
  readonly KeyId: string
}

/** Errors of GenerateMac (and of VerifyMac before the MAC is compared). @since 0.1.0 */
export type GenerateMacError = RequestError | ResolveKeyError | InvalidKeyUsageException | UsageGateError

/**
 * What GenerateMac and VerifyMac work on once every check passed.
 * @internal
 * @since 0.1.0
 */
export interface MacInput {
  readonly key: KeyRecord
  readonly material: PresentMaterial
}

/**
 * The checks GenerateMac and VerifyMac share, in order.
 * @param env - the operation environment
 * @param store - the store
 * @param operation - `GenerateMac` or `VerifyMac` (state-table row and messages)
 * @param req - the decoded request
 * @returns the key and its CURRENT material, or the first refusal
 * @internal
 * @since 0.1.0
 */
export const macInput = (env: OperationEnv, store: KeyStore, operation: 'GenerateMac' | 'VerifyMac', req: GenerateMacRequest): E.Either<GenerateMacError, MacInput> =>
  pipe(
    resolveKey(env, store, req.KeyId, true, 'NotFoundException'),
    E.flatMap(({ key }) =>
      pipe(
        checkKeyUsage(env.profile, operation, key, 'GENERATE_VERIFY_MAC'),
        E.flatMap(() => currentMaterial(env.profile, operation, key)),
        E.tap(() => checkAlgorithm(env.profile, key, req.MacAlgorithm, algorithmsOf(key.keySpec, key.keyUsage).MacAlgorithms)),
        E.map((material): MacInput => ({ key, material })),
      )),
  )

/**
 * Computes the HMAC of a message (up to 4096 bytes) with an HMAC key.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns the MAC, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
 * assert.ok(created._tag === 'Right')
 * const mac = await kms.invoke('GenerateMac', { KeyId: created.right.KeyMetadata.KeyId, Message: new TextEncoder().encode('hello'), MacAlgorithm: 'HMAC_SHA_256' })
 * assert.ok(mac._tag === 'Right')
 * assert.equal(mac.right.Mac.length, 32)
 * ```
 * @since 0.1.0
 */
export const generateMac = settling((env: OperationEnv, store: KeyStore, req: GenerateMacRequest): E.Either<GenerateMacError, Outcome<GenerateMacResponse>> =>
  pipe(
    macInput(env, store, 'GenerateMac', req),
    E.map(({ key, material }): Outcome<GenerateMacResponse> => ({
      store,
      response: { Mac: computeMac(req.MacAlgorithm, material.secret, req.Message), MacAlgorithm: req.MacAlgorithm, KeyId: key.arn },
      events: [],
    })),
  ))
