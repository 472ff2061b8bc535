/**
 * A provider's parsed wrapping private keys: each `Secret` holding a PKCS#8 private key is parsed
 * into a `KeyObject` at most once, and a key the provider generated itself (its pool) is known
 * ready without parsing. Held per provider instance, weakly: a key goes with its `Secret` (a token
 * dropped from the token cache, a finished request).
 *
 * @module
 */
import type { KeyObject } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type { WrappingAlgorithm } from '../model/enums.js'
import type { Secret } from '../model/secret.js'
import { parsePrivateKey, unwrapWithKey } from './unwrap.js'

/**
 * One provider's parsed keys.
 * @internal
 */
export interface ParsedKeys {
  /**
   * Records a key that is ready (generated here, never parsed).
   * @param privateKey - its PKCS#8 holder
   * @param key - the same key as a `KeyObject`
   */
  remember(privateKey: Secret, key: KeyObject): void
  /**
   * Whether a key is held ready.
   * @param privateKey - its PKCS#8 holder
   * @returns true when held
   */
  has(privateKey: Secret): boolean
  /**
   * `CryptoProvider.unwrap`: parses the private key once per `Secret`, then unwraps (the same
   * results and reasons as `unwrapMaterial`).
   * @param algorithm - the wrapping algorithm
   * @param privateKey - PKCS#8 DER of the wrapping private key
   * @param wrapped - EncryptedKeyMaterial
   * @returns the material, or why not
   */
  unwrap(algorithm: WrappingAlgorithm, privateKey: Secret, wrapped: Uint8Array): E.Either<string, Secret>
}

/**
 * A fresh, empty set of parsed keys.
 * @returns the set
 * @internal
 */
export const createParsedKeys = (): ParsedKeys => {
  const ready = new WeakMap<Secret, KeyObject>()
  return {
    remember: (privateKey, key) => {
      ready.set(privateKey, key)
    },
    has: (privateKey) => ready.has(privateKey),
    unwrap: (algorithm, privateKey, wrapped) => {
      const held = ready.get(privateKey)
      if (held !== undefined) return unwrapWithKey(algorithm, held, wrapped)
      const parsed = parsePrivateKey(privateKey)
      if (E.isLeft(parsed)) return parsed
      ready.set(privateKey, parsed.right)
      return unwrapWithKey(algorithm, parsed.right, wrapped)
    },
  }
}
