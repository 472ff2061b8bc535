/**
 * The default crypto provider, on node:crypto, with a wrapping-key pool.
 *
 * @module
 */
import type { KeyObject } from 'node:crypto'
import type { KeySpec } from '../model/enums.js'
import * as E from 'fp-ts/lib/Either.js'
import { Secret } from '../model/secret.js'
import type { CryptoProvider, SlowNeed } from './provider.js'
import { createParsedKeys } from './parsed-keys.js'
import { importTokens } from './token.js'
import { generateMaterialWith } from '../material/generate.js'
import { createWrappingKeyPool, DEFAULT_POOL_OPTIONS, generateWrappingPairAsync, type WrappingKeyPool, type WrappingKeyPoolOptions } from './pool.js'
import { bufferedRandom } from './buffered-random.js'
import { createRsaWorkers, type RsaWorkers } from './rsa-workers.js'
import { generateRsaPair, generateWrappingPair } from './wrapping-keys.js'

/** Why a call's RSA generation was refused once the provider is closed. */
const CLOSED = 'the provider is closed (the endpoint is stopping)'

/** RSA key specs of CreateKey: their material is an RSA private key. */
const RSA_KEY_BITS: Readonly<Partial<Record<KeySpec, number>>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 }

/**
 * `base` with `need` made off the main thread, on the RSA workers, and handed out once (see
 * `CryptoProvider.acquire`). When the workers cannot make it because a worker failed, the
 * acquisition falls back to `base` itself: the call then makes what it needs on demand, as a
 * provider without `acquire` does — an answer, never a hang, never a throw. When the provider was
 * closed meanwhile (the endpoint is stopping), the call gets a provider that refuses to make it
 * (the operation answers KMSInternalException) rather than an RSA generation on the main thread:
 * a stopping server must not spend seconds of its event loop on keys nobody will use.
 * @param base - the provider
 * @param need - what the call needs
 * @param pool - the wrapping-key pool, if any
 * @param rsa - the RSA workers
 * @param remember - keeps a generated pair's parsed private key for its first import
 * @returns the provider for the call
 */
const acquireFor = async (
  base: CryptoProvider,
  need: SlowNeed,
  pool: WrappingKeyPool | undefined,
  rsa: RsaWorkers,
  remember: (privateKey: Secret, key: KeyObject) => void,
): Promise<CryptoProvider> => {
  const closed = (): CryptoProvider => ({
    ...base,
    wrappingKeyPair: () => E.left(CLOSED),
    generateKeyMaterial: (keySpec) => (RSA_KEY_BITS[keySpec] === undefined ? base.generateKeyMaterial(keySpec) : E.left(CLOSED)),
  })
  if (need.kind === 'wrappingKeyPair') {
    const pair = pool !== undefined ? await pool.acquire(need.spec) : await generateWrappingPairAsync(need.spec, rsa.generate, remember)
    if (E.isLeft(pair)) return rsa.stats().closed ? closed() : base
    let used = false
    return {
      ...base,
      wrappingKeyPair: (spec) => {
        if (used || spec !== need.spec) return base.wrappingKeyPair(spec)
        used = true
        return pair
      },
    }
  }
  const bits = RSA_KEY_BITS[need.keySpec]
  if (bits === undefined) return base
  const keys = await rsa.generate(bits)
  const material = E.flatMap(keys, (k) => E.tryCatch(() => {
    const der = k.privateKey.export({ format: 'der', type: 'pkcs8' })
    const secret = Secret.of(der)
    der.fill(0)
    return secret
  }, () => 'RSA key generation failed'))
  if (E.isLeft(material)) return rsa.stats().closed ? closed() : base
  let used = false
  return {
    ...base,
    generateKeyMaterial: (keySpec) => {
      if (used || keySpec !== need.keySpec) return base.generateKeyMaterial(keySpec)
      used = true
      return material
    },
  }
}

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

/**
 * The node:crypto provider, with its pool exposed for warming up and monitoring.
 * @since 0.1.0
 */
export interface NodeProvider extends CryptoProvider {
  /** The wrapping-key pool, or undefined when it is off. */
  readonly pool: WrappingKeyPool | undefined
}

/**
 * The node:crypto provider: wrapping key pairs from a pool, randomness from node:crypto's CSPRNG
 * (small requests served from a 4 KB block). Every RSA generation a call awaits (`acquire`:
 * wrapping pairs of GetParametersForImport, RSA material of CreateKey) and every pool refill runs
 * on the provider's RSA workers: worker threads at the lowest scheduling priority on Linux, at
 * most one per core, started on first need, idle ones `unref()`ed. (`wrappingKeyPair` and
 * `generateKeyMaterial` themselves are synchronous: an empty pool, or a caller that did not
 * acquire first, generates on demand with `generateKeyPairSync`.)
 * @param options - options (the pool)
 * @returns the provider; `close()` stops the pool and terminates the RSA workers
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
  const rsa = createRsaWorkers()
  const pool = options.pool === false
    ? undefined
    : createWrappingKeyPool(options.pool === true || options.pool === undefined ? DEFAULT_POOL_OPTIONS : options.pool, { onReady: keys.remember, generate: rsa.generate })
  const provider: NodeProvider = {
    name: 'node',
    randomBytes: random,
    wrappingKeyPair: pool === undefined ? generateWrappingPair : pool.take,
    unwrap: keys.unwrap,
    ...importTokens(random),
    generateKeyMaterial: (keySpec: KeySpec) => generateMaterialWith(keySpec, random, generateRsaPair),
    close: () => {
      pool?.close()
      rsa.close()
    },
    acquire: (need) => acquireFor(provider, need, pool, rsa, keys.remember),
    pool,
  }
  return provider
}
