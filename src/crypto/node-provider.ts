/**
 * The default crypto provider, on node:crypto, with a wrapping-key pool.
 *
 * @module
 */
import { randomBytes, randomFillSync } from 'node:crypto'
import type { KeySpec } from '../model/enums.js'
import type { CryptoProvider } from './provider.js'
import { createParsedKeys } from './parsed-keys.js'
import { importTokens } from './token.js'
import { generateMaterialWith } from '../material/generate.js'
import { createWrappingKeyPool, DEFAULT_POOL_OPTIONS, type WrappingKeyPool, type WrappingKeyPoolOptions } from './pool.js'
import { generateRsaPair, generateWrappingPair } from './wrapping-keys.js'

/** Options of {@link createNodeProvider}. @since 0.1.0 */
export interface NodeProviderOptions {
  /**
   * The wrapping-key pool (see `WrappingKeyPoolOptions`): `false` turns it off (every
   * GetParametersForImport generates its pair on demand), `true` or omitted is the default pool,
   * an object sizes it.
   *
   * The default holds **two RSA-2048 pairs, filled from the first RSA_2048 request**
   * (`{ size: { RSA_2048: 2 }, start: 'first-use' }`): RSA_2048 is the spec nearly every client
   * uses; an emulator that never imports (most of a test suite) never spends the ≈170 ms of CPU a
   * pair costs, nor delays its process's exit; after the first request, calls arriving less often
   * than one per ≈170 ms are served from the pool. RSA-3072/4096 pairs cost 0.5–1.1 s each, so
   * they are pooled only on request: `{ size: { RSA_2048: 8, RSA_4096: 2 } }` fills eagerly.
   */
  readonly pool?: boolean | WrappingKeyPoolOptions
}

const ENTROPY_BYTES = 4096
const SMALL = 256

/**
 * `crypto.randomBytes` for small requests, served from a 4 KB block filled by one
 * `randomFillSync` call (as node:crypto's own `randomUUID` does): a request id, a key id or a
 * token nonce then costs a copy instead of a call into OpenSSL (≈3 µs each). Served bytes are
 * zeroed in the block; requests over 256 bytes go to `randomBytes` directly.
 * @returns the random source
 */
const bufferedRandom = (): ((n: number) => Uint8Array) => {
  const block = new Uint8Array(ENTROPY_BYTES)
  let at = ENTROPY_BYTES
  return (n) => {
    if (n > SMALL) return new Uint8Array(randomBytes(n))
    if (at + n > ENTROPY_BYTES) {
      randomFillSync(block)
      at = 0
    }
    const out = block.slice(at, at + n)
    block.fill(0, at, at + n)
    at += n
    return out
  }
}

/**
 * The node:crypto provider, with its pool exposed for warming up and monitoring.
 * @since 0.1.0
 */
export interface NodeProvider extends CryptoProvider {
  /** The wrapping-key pool, or undefined when it is off. */
  readonly pool: WrappingKeyPool | undefined
}

/**
 * The node:crypto provider: wrapping key pairs from a pool filled by the asynchronous
 * `crypto.generateKeyPair` (or, with the pool off or empty, from `generateKeyPairSync`),
 * randomness from node:crypto's CSPRNG (small requests served from a 4 KB block).
 * @param options - options (the pool)
 * @returns the provider; `close()` stops the pool
 * @throws RangeError for a pool size or concurrency that is not an integer in range (misuse)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, createNodeProvider } from 'kms-key-import'
 * const crypto = createNodeProvider({ pool: false }) // wrapping key pairs generated on demand
 * assert.equal(crypto.pool, undefined)
 * const kms = createEmulator({ crypto })
 * const created = await kms.invoke('CreateKey', {})
 * assert.equal(created._tag, 'Right')
 * kms.close() // closes the provider too
 * ```
 * @since 0.1.0
 */
export const createNodeProvider = (options: NodeProviderOptions = {}): NodeProvider => {
  const random = bufferedRandom()
  const keys = createParsedKeys()
  const pool = options.pool === false
    ? undefined
    : createWrappingKeyPool(options.pool === true || options.pool === undefined ? DEFAULT_POOL_OPTIONS : options.pool, { onReady: keys.remember })
  return {
    name: 'node',
    randomBytes: random,
    wrappingKeyPair: pool === undefined ? generateWrappingPair : pool.take,
    unwrap: keys.unwrap,
    ...importTokens(random),
    generateKeyMaterial: (keySpec: KeySpec) => generateMaterialWith(keySpec, random, generateRsaPair),
    close: () => pool?.close(),
    pool,
  }
}
