/**
 * The import-token cache: the hot path of ImportKeyMaterial for tokens this emulator issued.
 *
 * Opening a token costs an AES-GCM decryption and, above all, parsing its PKCS#8 private key
 * into a `KeyObject` (≈0.4 ms for RSA-2048, more than the RSA decryption itself); OpenSSL then
 * spends another ≈0.35 ms on the first private-key operation of a fresh `KeyObject` (Montgomery
 * and blinding set-up, cached inside it). An import with a cached token pays none of this.
 *
 * The cache is a bounded LRU keyed by the token's nonce. An entry holds **the exact token bytes**,
 * the contents that opening them yields, and (once known) a ready `KeyObject`. A lookup hits only
 * when the presented token is byte-for-byte the cached one: any other bytes (a tampered token, a
 * token of another emulator that happens to share a nonce) miss and take the full path, which
 * refuses them exactly as before. A hit returns the very contents the full path would, so the
 * checks after it (key ARN, expiry against `now`) run unchanged, in the same order: the cache
 * changes the cost of an import, never its result.
 *
 * One cache per emulator (it lives on `OperationEnv`, optional, so pure callers without one work
 * as before). It holds wrapping private keys: it prints nothing, and `clear()` (called by
 * `Emulator.close()`) drops them.
 *
 * @module
 */
import { timingSafeEqual, type KeyObject } from 'node:crypto'
import * as E from 'fp-ts/lib/Either.js'
import type { Secret } from '../model/secret.js'
import { tokenNonceKey, type TokenContents } from './token.js'
import { parsePrivateKey } from './unwrap.js'

/** Ready `KeyObject`s of wrapping private keys, by the `Secret` that holds their PKCS#8. */
const readyKeyObjects = new WeakMap<Secret, KeyObject>()

/**
 * Records the ready `KeyObject` of a wrapping private key (the key pool makes one with every
 * pair, off the request path), so that the token sealed around `privateKey` needs no parsing.
 * @param privateKey - the PKCS#8 holder of the pair
 * @param key - the same private key as a `KeyObject`
 * @returns nothing
 * @internal
 * @since 0.1.0
 */
export const rememberKeyObject = (privateKey: Secret, key: KeyObject): void => {
  readyKeyObjects.set(privateKey, key)
}

/**
 * The ready `KeyObject` of a wrapping private key, when one was recorded.
 * @param privateKey - the PKCS#8 holder
 * @returns the key object, or undefined
 * @internal
 * @since 0.1.0
 */
export const keyObjectOf = (privateKey: Secret): KeyObject | undefined => readyKeyObjects.get(privateKey)

interface Entry {
  readonly token: Uint8Array
  readonly contents: TokenContents
  /** The parsed private key, filled on first use when it was not ready at issue time. */
  key: E.Either<string, KeyObject> | undefined
}

/** Counters of a {@link TokenCache}, for tests and benchmarks. @since 0.1.0 */
export interface TokenCacheStats {
  /** Entries held now. */
  readonly size: number
  /** Most entries held at once. */
  readonly capacity: number
  readonly hits: number
  readonly misses: number
  /** Entries dropped to stay within `capacity`. */
  readonly evictions: number
}

/**
 * A bounded cache of opened import tokens. See the module documentation for its guarantees.
 * @since 0.1.0
 */
export interface TokenCache {
  /**
   * Records a token this emulator has just sealed (GetParametersForImport), or has just opened
   * on the full path. The bytes are copied.
   * @param token - the exact token bytes
   * @param contents - what they open to
   * @param key - the private key as a ready `KeyObject`, when one is at hand
   */
  remember(token: Uint8Array, contents: TokenContents, key?: KeyObject): void
  /**
   * The contents of a token, when exactly these bytes are cached. A hit past the token's
   * `validTo` still returns its contents (the caller refuses it as expired, as the full path
   * would) and drops the entry.
   * @param token - the presented bytes
   * @param now - the request's instant, epoch ms
   * @returns the contents, or undefined (a miss: take the full path)
   */
  lookup(token: Uint8Array, now: number): TokenContents | undefined
  /**
   * The private key of contents returned by {@link TokenCache.lookup}, as a `KeyObject`, parsed
   * at most once per entry.
   * @param contents - contents from `lookup` or `remember`
   * @returns the parse result, or undefined when the contents are not cached
   */
  keyFor(contents: TokenContents): E.Either<string, KeyObject> | undefined
  /** Drops every entry (and the private keys they hold). */
  clear(): void
  /** Counters. */
  stats(): TokenCacheStats
}

/** Default number of tokens a cache holds: about 10 MB at most with RSA-4096 wrapping keys. @since 0.1.0 */
export const DEFAULT_TOKEN_CACHE_SIZE = 1024

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b)

/**
 * Creates a token cache.
 * @param capacity - the most entries held (least recently used dropped first); 0 caches nothing
 * @returns the cache
 * @throws RangeError when `capacity` is not a non-negative integer (misuse)
 * @since 0.1.0
 */
export const createTokenCache = (capacity: number = DEFAULT_TOKEN_CACHE_SIZE): TokenCache => {
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('token cache capacity must be a non-negative integer')
  // A Map iterates in insertion order: re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, Entry>()
  const byContents = new WeakMap<TokenContents, Entry>()
  let hits = 0
  let misses = 0
  let evictions = 0

  const cache: TokenCache = {
    remember: (token, contents, key) => {
      if (capacity === 0) return
      const nonce = tokenNonceKey(token)
      if (nonce === undefined) return
      const ready = key ?? keyObjectOf(contents.privateKey)
      const entry: Entry = { token: Uint8Array.from(token), contents, key: ready === undefined ? undefined : E.right(ready) }
      entries.delete(nonce)
      entries.set(nonce, entry)
      byContents.set(contents, entry)
      while (entries.size > capacity) {
        const oldest = entries.keys().next()
        if (oldest.done === true) break
        entries.delete(oldest.value)
        evictions++
      }
    },
    lookup: (token, now) => {
      const nonce = tokenNonceKey(token)
      const entry = nonce === undefined ? undefined : entries.get(nonce)
      if (nonce === undefined || entry === undefined || !sameBytes(entry.token, token)) {
        misses++
        return undefined
      }
      hits++
      entries.delete(nonce)
      if (now < entry.contents.validTo) entries.set(nonce, entry)
      return entry.contents
    },
    keyFor: (contents) => {
      const entry = byContents.get(contents)
      if (entry === undefined) return undefined
      if (entry.key === undefined) entry.key = parsePrivateKey(contents.privateKey)
      return entry.key
    },
    clear: () => {
      entries.clear()
    },
    stats: () => ({ size: entries.size, capacity, hits, misses, evictions }),
  }
  const shown = (): string => `[TokenCache: ${entries.size}/${capacity} tokens]`
  return Object.freeze({
    ...cache,
    toJSON: shown,
    toString: shown,
    [Symbol.for('nodejs.util.inspect.custom')]: shown,
  })
}
