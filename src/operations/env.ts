/**
 * What every operation receives besides the store and the request: the profile, where the
 * service runs, the instant, and the injected crypto. Operations are pure functions of these.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js'
import type { TokenCache } from '../crypto/token-cache.js'
import type { Partition } from '../model/enums.js'
import type { KmsEvent } from '../model/events.js'
import type { AccountId } from '../model/ids.js'
import type { KeyStore } from '../model/key-store.js'
import type { Secret } from '../model/secret.js'
import type { Profile } from '../profiles/profile.js'

/**
 * The environment of one operation call.
 * @since 0.1.0
 */
export interface OperationEnv {
  readonly profile: Profile
  readonly region: string
  readonly partition: Partition
  readonly accountId: AccountId
  /** The instant of the request, epoch ms (from the injected clock). */
  readonly now: number
  readonly crypto: CryptoProvider
  /** Seals import tokens; keys the material-id HMAC. */
  readonly sealingKey: Secret
  /** Derived from the sealing key (see `materialIdSecret`). */
  readonly materialIdSecret: Uint8Array
  /**
   * The emulator's cache of the import tokens it issued (see `TokenCache`): GetParametersForImport
   * fills it, ImportKeyMaterial reads it instead of opening the token and parsing its private key.
   * Optional: without it every token takes the full path, with the same results.
   */
  readonly tokenCache?: TokenCache
}

/**
 * A successful operation's result: the new store, the response, and what happened.
 * @typeParam R - the response type
 * @since 0.1.0
 */
export interface Outcome<R> {
  readonly store: KeyStore
  readonly response: R
  readonly events: readonly KmsEvent[]
}
