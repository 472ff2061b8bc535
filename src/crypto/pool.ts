/**
 * The wrapping-key pool of the node:crypto provider: RSA wrapping key pairs generated ahead of
 * demand, so that GetParametersForImport does not pay for a key generation (≈170 ms for
 * RSA-2048, ≈0.5 s for RSA-3072, ≈1.1 s for RSA-4096) inside the call.
 *
 * - **Off the main thread, below it in priority.** Pairs come from the provider's RSA workers
 *   (`./rsa-workers.ts`: worker threads at the lowest scheduling priority, so a generation never
 *   takes a core the event loop wants); the main thread only exports the two DER encodings and
 *   warms the key up (≈0.5 ms for RSA-2048, ≈5 ms for RSA-4096, per pair) when a pair arrives,
 *   outside any request. A pool created without a generator starts workers of its own, which
 *   its `close()` terminates.
 * - **Refilled in the background.** Taking a pair schedules a refill; at most `concurrency`
 *   generations run at once (default 1, so the pool never takes more than one core of a small
 *   machine away from requests).
 * - **Never empty-handed.** When a spec's pool is empty, {@link WrappingKeyPool.take} falls back
 *   to generating a pair on demand (`generateWrappingPair`, synchronous, the cost the pool
 *   avoids); SM2 and any spec without a pool always go there.
 * - **One pair per parameter set.** A pair leaves the pool when it is taken, so no two tokens
 *   share a wrapping key — unless `reuse: true` says otherwise (see {@link WrappingKeyPoolOptions}).
 * - **Never keeps a process alive.** Its timers are `unref()`ed, and so are idle workers. A worker
 *   is ref'd while it generates: a process whose work is done exits after the generations already
 *   running (at most `concurrency`, ≈0.2 s each for RSA-2048). Awaiting
 *   {@link WrappingKeyPool.ready} is the one thing that keeps the process alive, until the pool is
 *   full, because the caller asked to wait.
 * - **Stops on close.** {@link WrappingKeyPool.close} cancels refills, drops the pairs held and
 *   discards generations still running when they finish; `Emulator.close()` calls it through the
 *   provider.
 *
 * The private key of each pooled pair is handed to its provider as a ready `KeyObject`
 * (`WrappingKeyPoolDeps.onReady`), so the first ImportKeyMaterial with its token parses no PKCS#8.
 *
 * @module
 */
import type { KeyObject } from 'node:crypto'
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import type { WrappingKeySpec } from '../model/enums.js'
import { Secret } from '../model/secret.js'
import type { WrappingKeyPair } from './provider.js'
import { createRsaWorkers, type RsaKeyObjects, type RsaWorkers } from './rsa-workers.js'
import { generateWrappingPair, RSA_WRAPPING_BITS } from './wrapping-keys.js'

/**
 * The wrapping key specs a pool can hold: the RSA ones.
 * @since 0.1.0
 */
export type PooledSpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096'

const POOLED: readonly PooledSpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096']

/**
 * One private-key operation on a pooled pair before it is handed out: OpenSSL sets up its
 * per-key state (Montgomery contexts, blinding) on a key's first use, which costs about as much as
 * a second decryption. Done here, while the pool fills, the first ImportKeyMaterial of a fresh
 * parameter set pays a warm decryption instead (docs/performance.md, the first-import row).
 * @param publicKey - the pair's public key
 * @param privateKey - the pair's private key
 */
const warmUp = (publicKey: KeyObject, privateKey: KeyObject): void => {
  const probe = nodeCrypto().publicEncrypt({ key: publicKey, padding: nodeCrypto().constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, new Uint8Array(1))
  nodeCrypto().privateDecrypt({ key: privateKey, padding: nodeCrypto().constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, probe)
}

/**
 * Options of the wrapping-key pool (`createNodeProvider({ pool })`).
 * @since 0.1.0
 */
export interface WrappingKeyPoolOptions {
  /**
   * Pairs kept ready per spec. A record names the specs to pool (`{ RSA_2048: 8, RSA_4096: 2 }`;
   * specs left out, and SM2, are generated on demand); a number applies to every RSA spec.
   * Default `{ RSA_2048: 2 }`.
   */
  readonly size?: number | Readonly<Partial<Record<PooledSpec, number>>>
  /**
   * When a spec's pool starts filling: `'eager'` at creation, `'first-use'` at the first request
   * for that spec (which is served on demand). Default: `'eager'` when `size` is a record that
   * names the specs, `'first-use'` otherwise (a number, or the default size), so an emulator that
   * never imports never generates a key.
   */
  readonly start?: 'eager' | 'first-use'
  /** Generations running at once, across specs (default 1). */
  readonly concurrency?: number
  /**
   * Opt-in: hand the pooled pairs out round-robin **without consuming them**, so many parameter
   * sets share a wrapping key pair (at most `size` distinct pairs per spec, generated once).
   * This departs from KMS, where every GetParametersForImport returns a new public key: material
   * wrapped under the public key of one parameter set then also imports with the token of any
   * other set that shares the pair (a token still binds its key ARN and algorithm, so it stays
   * refused for any other key). For load tests with RSA-3072/4096, where a fresh pair per call
   * costs 0.5–1 s of CPU. Default `false`.
   */
  readonly reuse?: boolean
}

/**
 * Counters of a wrapping-key pool.
 * @since 0.1.0
 */
export interface WrappingKeyPoolStats {
  /** Pairs ready now, per pooled spec. */
  readonly ready: Readonly<Record<PooledSpec, number>>
  /** Target size per pooled spec (0: not pooled). */
  readonly size: Readonly<Record<PooledSpec, number>>
  /** Pairs generated in the background so far. */
  readonly generated: number
  /** Pairs handed out from the pool. */
  readonly served: number
  /** Requests served by on-demand generation (empty pool, SM2, spec not pooled, closed pool). */
  readonly fallbacks: number
  /** Background generations that failed (the spec pauses until its next request). */
  readonly failures: number
  /** Generations running now. */
  readonly inFlight: number
  /** Whether `close()` was called. */
  readonly closed: boolean
}

/**
 * A pool of wrapping key pairs.
 * @since 0.1.0
 */
export interface WrappingKeyPool {
  /**
   * A wrapping key pair of `spec`: a pooled one when ready, else one generated on demand.
   * Schedules a refill. Never waits for the background.
   * @param spec - the wrapping key spec
   * @returns the pair, or Left with a reason (from on-demand generation)
   */
  take(spec: WrappingKeySpec): E.Either<string, WrappingKeyPair>
  /**
   * Like {@link WrappingKeyPool.take}, but when no pooled pair is ready, an RSA pair is generated
   * on a low-priority worker thread and awaited instead of generated on the main thread (SM2,
   * fast, is made at once). Schedules a refill.
   * @param spec - the wrapping key spec
   * @returns the pair, or Left with a reason; never rejects
   * @since 0.2.0
   */
  acquire(spec: WrappingKeySpec): Promise<E.Either<string, WrappingKeyPair>>
  /**
   * Resolves once the given specs (default: every spec already started) hold their full size,
   * starting any of them that waits for its first use; resolves at once after `close()`, and when
   * a generation fails (see `stats().failures`). While a caller waits, the pool's timers keep the
   * process alive.
   * @param specs - specs to wait for
   * @returns a promise of nothing
   */
  ready(...specs: readonly PooledSpec[]): Promise<void>
  /**
   * Counters.
   * @returns a copy of the counters now
   */
  stats(): WrappingKeyPoolStats
  /** Stops refilling and drops the pairs held; idempotent. Later `take`s generate on demand. */
  close(): void
}

/**
 * An asynchronous RSA key-pair generator (by default `RsaWorkers.generate`, ./rsa-workers.ts):
 * the key objects of a fresh pair of `bits`, or Left with a reason; never rejects.
 * @internal
 * @since 0.1.0
 */
export type GenerateRsaKeyPair = (bits: number) => Promise<E.Either<string, RsaKeyObjects>>

/**
 * What a pool is built on; tests inject both to avoid generating keys.
 * @internal
 * @since 0.1.0
 */
export interface WrappingKeyPoolDeps {
  readonly generate?: GenerateRsaKeyPair
  readonly fallback?: (spec: WrappingKeySpec) => E.Either<string, WrappingKeyPair>
  /** Told each pooled private key as a ready `KeyObject` (the provider's parsed keys). */
  readonly onReady?: (privateKey: Secret, key: KeyObject) => void
}

/** The default pool: two RSA-2048 pairs, filled from the first request for RSA_2048. @since 0.1.0 */
export const DEFAULT_POOL_OPTIONS: WrappingKeyPoolOptions = Object.freeze({ size: Object.freeze({ RSA_2048: 2 }), start: 'first-use', concurrency: 1, reuse: false })

/** A pair from generated key objects: both DER encodings, the private key object remembered. */
const pairOf = (spec: WrappingKeySpec, keys: { readonly publicKey: KeyObject; readonly privateKey: KeyObject }, onReady?: (privateKey: Secret, key: KeyObject) => void): WrappingKeyPair => {
  const pkcs8 = keys.privateKey.export({ format: 'der', type: 'pkcs8' })
  const secret = Secret.of(pkcs8)
  pkcs8.fill(0)
  if (spec !== 'SM2') warmUp(keys.publicKey, keys.privateKey)
  onReady?.(secret, keys.privateKey)
  return Object.freeze({ spec, publicKey: new Uint8Array(keys.publicKey.export({ format: 'der', type: 'spki' })), privateKey: secret })
}

/**
 * A wrapping key pair made without holding the event loop: RSA by `generate` (the RSA workers),
 * SM2 (≈1 ms) at once.
 * @param spec - the wrapping key spec
 * @param generate - the asynchronous RSA generator
 * @param onReady - told of the generated pair's private key and its key object (the provider remembers it)
 * @returns the pair, or Left with a reason; never rejects
 * @internal
 * @since 0.2.0
 */
export const generateWrappingPairAsync = async (
  spec: WrappingKeySpec,
  generate: GenerateRsaKeyPair,
  onReady?: (privateKey: Secret, key: KeyObject) => void,
): Promise<E.Either<string, WrappingKeyPair>> => {
  const bits = RSA_WRAPPING_BITS[spec]
  if (bits === undefined) return generateWrappingPair(spec)
  const failed = (): string => `could not generate a ${spec} wrapping key pair`
  const keys = await generateSafely(generate, bits)
  return E.isLeft(keys) ? E.left(failed()) : E.tryCatch(() => pairOf(spec, keys.right, onReady), failed)
}

/**
 * `generate(bits)`, with a throw or a rejection (an injected generator's) as a Left.
 * @param generate - the generator
 * @param bits - modulus size
 * @returns the key objects, or Left; never rejects
 */
const generateSafely = async (generate: GenerateRsaKeyPair, bits: number): Promise<E.Either<string, RsaKeyObjects>> => {
  try {
    return await generate(bits)
  } catch {
    return E.left(`RSA-${bits} key generation failed`)
  }
}

interface SpecState {
  readonly spec: PooledSpec
  readonly bits: number
  readonly size: number
  readonly pairs: WrappingKeyPair[]
  started: boolean
  paused: boolean
  inFlight: number
  next: number
}

/**
 * RSA workers of a pool's own (a pool created without a generator), with their generator.
 * @returns the generator and the workers to close
 */
const ownWorkers = (): { readonly generate: GenerateRsaKeyPair; readonly own: RsaWorkers } => {
  const own = createRsaWorkers()
  return { generate: own.generate, own }
}

const count = (name: string, n: unknown, min: number): number => {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) throw new RangeError(`${name} must be an integer ≥ ${min}`)
  return n
}

/**
 * Creates a wrapping-key pool.
 * @param options - sizes, start, concurrency, reuse (see {@link WrappingKeyPoolOptions})
 * @param deps - generator and fallback (internal: the provider's workers, tests); without a
 *   generator the pool starts RSA workers of its own (./rsa-workers.ts), terminated by `close()`
 * @returns the pool
 * @throws RangeError for a size or concurrency that is not a non-negative (positive) integer
 * @since 0.1.0
 */
export const createWrappingKeyPool = (options: WrappingKeyPoolOptions = DEFAULT_POOL_OPTIONS, deps: WrappingKeyPoolDeps = {}): WrappingKeyPool => {
  const { generate, own } = deps.generate !== undefined ? { generate: deps.generate, own: undefined } : ownWorkers()
  const fallback = deps.fallback ?? generateWrappingPair
  const size = options.size ?? DEFAULT_POOL_OPTIONS.size ?? {}
  const start = options.start ?? (typeof size === 'object' && options.size !== undefined ? 'eager' : 'first-use')
  const concurrency = count('pool concurrency', options.concurrency ?? 1, 1)
  const reuse = options.reuse === true
  const specs = new Map<WrappingKeySpec, SpecState>()
  for (const spec of POOLED) {
    const n = count(`pool size of ${spec}`, typeof size === 'number' ? size : size[spec] ?? 0, 0)
    if (n > 0) specs.set(spec, { spec, bits: RSA_WRAPPING_BITS[spec] ?? 0, size: n, pairs: [], started: start === 'eager', paused: false, inFlight: 0, next: 0 })
  }

  let closed = false
  let inFlight = 0
  let generated = 0
  let served = 0
  let fallbacks = 0
  let failures = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const waiters: { readonly specs: readonly SpecState[]; readonly resolve: () => void }[] = []

  const wanting = (s: SpecState): boolean => s.started && !s.paused && s.pairs.length + s.inFlight < s.size
  const settled = (s: SpecState): boolean => !s.started || s.paused || s.pairs.length >= s.size

  const wake = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]
      if (w !== undefined && (closed || w.specs.every(settled))) {
        waiters.splice(i, 1)
        w.resolve()
      }
    }
    // Nobody waits any more: the pending timer must not keep the process alive.
    if (waiters.length === 0) timer?.unref()
  }

  const schedule = (): void => {
    if (closed || timer !== undefined) return
    timer = setTimeout(pump, 0)
    if (waiters.length === 0) timer.unref()
  }

  const arrived = (s: SpecState, keys: RsaKeyObjects | undefined): void => {
    inFlight--
    s.inFlight--
    if (closed) return
    if (keys === undefined) {
      failures++
      s.paused = true
    } else {
      try {
        s.pairs.push(pairOf(s.spec, keys, deps.onReady))
        generated++
      } catch {
        failures++
        s.paused = true
      }
    }
    wake()
    schedule()
  }

  function pump(): void {
    timer = undefined
    if (closed) return
    while (inFlight < concurrency) {
      let chosen: SpecState | undefined
      for (const s of specs.values()) {
        if (wanting(s)) {
          chosen = s
          break
        }
      }
      if (chosen === undefined) break
      const s = chosen
      inFlight++
      s.inFlight++
      void generateSafely(generate, s.bits).then((keys) => arrived(s, E.isRight(keys) ? keys.right : undefined))
    }
  }

  const onDemand = (spec: WrappingKeySpec): E.Either<string, WrappingKeyPair> => {
    fallbacks++
    return fallback(spec)
  }

  const pool: WrappingKeyPool = {
    take: (spec) => {
      const s = specs.get(spec)
      if (s === undefined || closed) return onDemand(spec)
      s.started = true
      s.paused = false
      if (reuse) {
        const shared = s.pairs[s.next++ % Math.max(1, s.pairs.length)]
        if (shared !== undefined) {
          served++
          return E.right(shared)
        }
        const made = onDemand(spec)
        if (E.isRight(made) && s.pairs.length + s.inFlight < s.size) s.pairs.push(made.right)
        schedule()
        return made
      }
      const pair = s.pairs.shift()
      schedule()
      if (pair === undefined) return onDemand(spec)
      served++
      return E.right(pair)
    },
    acquire: async (spec) => {
      const s = specs.get(spec)
      if (s !== undefined && !closed && s.pairs.length > 0) return pool.take(spec)
      if (s !== undefined && !closed) {
        s.started = true
        s.paused = false
        schedule()
      }
      fallbacks++
      return generateWrappingPairAsync(spec, generate, deps.onReady)
    },
    ready: (...wanted) => {
      const chosen: SpecState[] = []
      if (wanted.length === 0) {
        for (const s of specs.values()) if (s.started) chosen.push(s)
      } else {
        for (const spec of wanted) {
          const s = specs.get(spec)
          if (s !== undefined) {
            s.started = true
            s.paused = false
            chosen.push(s)
          }
        }
      }
      if (closed || chosen.every(settled)) return Promise.resolve()
      return new Promise<void>((resolve) => {
        waiters.push({ specs: chosen, resolve })
        timer?.ref()
        schedule()
      })
    },
    stats: () => {
      const ready = { RSA_2048: 0, RSA_3072: 0, RSA_4096: 0 }
      const sizes = { RSA_2048: 0, RSA_3072: 0, RSA_4096: 0 }
      for (const s of specs.values()) {
        ready[s.spec] = s.pairs.length
        sizes[s.spec] = s.size
      }
      return { ready, size: sizes, generated, served, fallbacks, failures, inFlight, closed }
    },
    close: () => {
      if (closed) return
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      for (const s of specs.values()) s.pairs.length = 0
      own?.close()
      wake()
    },
  }
  if (start === 'eager') schedule()
  return Object.freeze(pool)
}
