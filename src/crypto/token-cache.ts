/**
 * The import-token cache: the hot path of ImportKeyMaterial for tokens this emulator issued.
 *
 * Opening a token costs an AES-GCM decryption and, above all, parsing its PKCS#8 private key
 * into a `KeyObject` (≈0.4 ms for RSA-2048, more than the RSA decryption itself); OpenSSL then
 * spends another ≈0.35 ms on the first private-key operation of a fresh `KeyObject` (Montgomery
 * and blinding set-up, cached inside it). An import with a cached token pays none of this.
 *
 * The cache is a bounded LRU keyed by the token's nonce. An entry holds **the exact token bytes**
 * and the contents that opening them yields — the same `Secret` of the private key, which the
 * provider has parsed (or generated) once, `ParsedKeys`. A lookup hits only
 * when the presented token is byte-for-byte the cached one: any other bytes (a tampered token, a
 * token of another emulator that happens to share a nonce) miss and take the full path, which
 * refuses them exactly as before. A hit returns the very contents the full path would, so the
 * checks after it (key ARN, expiry against `now`) run unchanged, in the same order: the cache
 * changes the cost of an import, never its result.
 *
 * One cache per emulator, behind its crypto provider's interface: {@link withTokenCache} puts it in
 * front of a provider's `sealImportToken`/`openImportToken`, so a rule opens a token the same way
 * with or without it. It holds wrapping private keys: it prints nothing, and `clear()` (called by
 * `Emulator.close()`) drops them.
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import type { CryptoProvider } from './provider.js'
import { tokenNonceKey, type TokenContents } from './token.js'

interface Entry {
  readonly token: Uint8Array
  readonly contents: TokenContents
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
   */
  remember(token: Uint8Array, contents: TokenContents): void
  /**
   * The contents of a token, when exactly these bytes are cached. A hit past the token's
   * `validTo` still returns its contents (the caller refuses it as expired, as the full path
   * would) and drops the entry.
   * @param token - the presented bytes
   * @param now - the request's instant, epoch ms
   * @returns the contents, or undefined (a miss: take the full path)
   */
  lookup(token: Uint8Array, now: number): TokenContents | undefined
  /** Drops every entry (and the private keys they hold). */
  clear(): void
  /** Counters. */
  stats(): TokenCacheStats
}

/** Default number of tokens a cache holds: about 10 MB at most with RSA-4096 wrapping keys. @since 0.1.0 */
export const DEFAULT_TOKEN_CACHE_SIZE = 1024

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && nodeCrypto().timingSafeEqual(a, b)

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
  let hits = 0
  let misses = 0
  let evictions = 0

  const cache: TokenCache = {
    remember: (token, contents) => {
      if (capacity === 0) return
      const nonce = tokenNonceKey(token)
      if (nonce === undefined) return
      const entry: Entry = { token: Uint8Array.from(token), contents }
      entries.delete(nonce)
      entries.set(nonce, entry)
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

/**
 * A provider with a token cache in front of its import tokens: a token it seals is remembered; a
 * token presented again, byte for byte, opens from the cache; any other bytes take the provider's
 * full path, and a token that opens and has not expired is remembered. Everything else is the
 * provider's. The answers are the provider's; only their cost changes.
 * @param provider - the provider
 * @param cache - the cache (one per emulator)
 * @returns the provider with the cache in front
 * @since 0.2.0
 */
export const withTokenCache = <P extends CryptoProvider>(provider: P, cache: TokenCache): P => ({
  ...provider,
  sealImportToken: (sealingKey, contents) => {
    const token = provider.sealImportToken(sealingKey, contents)
    cache.remember(token, contents)
    return token
  },
  openImportToken: (sealingKey, token, now) => {
    const hit = cache.lookup(token, now)
    if (hit !== undefined) return E.right(hit)
    const opened = provider.openImportToken(sealingKey, token, now)
    if (E.isRight(opened) && now < opened.right.validTo) cache.remember(token, opened.right)
    return opened
  },
})
