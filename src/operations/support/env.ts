/**
 * What every operation receives besides the store and the request: the profile, where the
 * service runs, the instant, and the injected crypto. Operations are pure functions of these.
 *
 * @module
 */
import type { CryptoProvider } from '../../crypto/provider.js'
import type { Partition } from '../../model/enums.js'
import type { KmsEvent } from '../../model/events.js'
import type { AccountId } from '../../model/ids.js'
import type { KeyStore } from '../../model/key-store.js'
import type { Secret } from '../../model/secret.js'
import type { Profile } from '../../profiles/profile.js'

/**
 * The environment of one operation call. The emulator builds one per request; to call an operation
 * directly, build it yourself:
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createKey, emptyStore, Secret, type AccountId, type OperationEnv } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const env: OperationEnv = {
 *   profile: classicProfile, region: 'us-east-1', partition: 'aws', accountId: '111122223333' as AccountId, now: Date.now(),
 *   crypto: createDeterministicProvider(), sealingKey: Secret.of(new Uint8Array(32)), materialIdSecret: new Uint8Array(32),
 * }
 * assert.equal(createKey(env, emptyStore(), {})._tag, 'Right')
 * ```
 * @since 0.1.0
 */
export interface OperationEnv {
  /** The rules in force. */
  readonly profile: Profile
  /** The region the service runs in. */
  readonly region: string
  /** The region's partition. */
  readonly partition: Partition
  /** The account the keys belong to. */
  readonly accountId: AccountId
  /** The instant of the request, epoch ms (from the injected clock). */
  readonly now: number
  /** Randomness, wrapping keys, import tokens, unwrapping and key generation (and whatever caches make them cheaper). */
  readonly crypto: CryptoProvider
  /** Seals import tokens; keys the material-id HMAC. */
  readonly sealingKey: Secret
  /** Derived from the sealing key (see `materialIdSecret`). */
  readonly materialIdSecret: Uint8Array
}

/**
 * A successful operation's result: the new store, the response, and what happened.
 * @typeParam R - the response type
 * @since 0.1.0
 */
export interface Outcome<R> {
  /** The store after the operation (the same one when nothing changed). */
  readonly store: KeyStore
  /** The operation's response. */
  readonly response: R
  /** What happened (material expiry, key deletion), oldest first. */
  readonly events: readonly KmsEvent[]
}
