/**
 * Events are real: before a rule runs, the store is settled at the request's instant (material
 * whose ValidTo passed is deleted, keys whose waiting period ended are deleted, docs/evidence.md
 * §9; transient states that ended are left), and what that caused leads the outcome's events. So a caller of the pure functions sees the
 * `DeleteExpiredKeyMaterial` and `DeleteKey` events the emulator reports, and the outcome's store
 * holds the settled keys (each event is reported once). A store with nothing due is passed as it
 * is (one comparison).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { KeyStore } from '../../model/key-store.js'
import { settleStore } from '../../model/settle.js'
import type { OperationEnv, Outcome } from './env.js'

/**
 * A rule that settles the store at `env.now` first and reports what settling caused.
 * @param rule - the rule, on a settled store
 * @returns the rule with settlement: its outcome's events start with the settlement's
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createEmulator, describeKey, Secret, type AccountId, type OperationEnv } from 'kms-key-import'
 * import { createDeterministicProvider, manualClock, wrapKeyMaterial } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), clock })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const KeyId = created.right.KeyMetadata.KeyId
 * const params = await kms.invoke('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
 * assert.ok(params._tag === 'Right')
 * const EncryptedKeyMaterial = wrapKeyMaterial(params.right.PublicKey, 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(7))
 * const ValidTo = new Date(clock.now() + 3_600_000)
 * assert.equal((await kms.invoke('ImportKeyMaterial', { KeyId, ImportToken: params.right.ImportToken, EncryptedKeyMaterial, ValidTo }))._tag, 'Right')
 * // the pure function, two hours later: it reports the expiry it saw
 * const env: OperationEnv = {
 *   profile: classicProfile, region: 'us-east-1', partition: 'aws', accountId: '111122223333' as AccountId, now: clock.now() + 7_200_000,
 *   crypto: createDeterministicProvider(), sealingKey: Secret.of(new Uint8Array(32)), materialIdSecret: new Uint8Array(32),
 * }
 * const described = describeKey(env, kms.store(), { KeyId })
 * assert.ok(described._tag === 'Right')
 * assert.deepEqual(described.right.events.map((e) => e.eventName), ['DeleteExpiredKeyMaterial'])
 * assert.equal(described.right.response.KeyMetadata.KeyState, 'PendingImport')
 * kms.close()
 * ```
 * @since 0.2.0
 */
export const settling = <Req, Err, R>(rule: (env: OperationEnv, store: KeyStore, req: Req) => E.Either<Err, Outcome<R>>) =>
  (env: OperationEnv, store: KeyStore, req: Req): E.Either<Err, Outcome<R>> => {
    const settled = settleStore(store, env.now)
    if (settled.events.length === 0 && settled.store === store) return rule(env, store, req)
    return E.map((o: Outcome<R>): Outcome<R> => ({ ...o, events: [...settled.events, ...o.events] }))(rule(env, settled.store, req))
  }
