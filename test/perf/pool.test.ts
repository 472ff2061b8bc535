/**
 * The wrapping-key pool (src/crypto/pool.ts): ahead-of-demand generation, background refill,
 * fallback when empty, one pair per parameter set (unless `reuse`), `close()`, and no ref'd
 * handle. Most tests inject a generator that serves fixture keys, so no RSA key is generated;
 * two use node:crypto for real, with RSA-2048 and a handful of keys at most.
 */
import { spawnSync } from 'node:child_process'
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createNodeProvider, Secret, type WrappingKeyPair, type WrappingKeySpec } from 'kms-key-import'
import { fixtureRsaKeyPairs } from 'kms-key-import/testing'
import { createWrappingKeyPool, type GenerateRsaKeyPair, type WrappingKeyPoolDeps } from '../../src/crypto/pool.js'
import { secretsEqual } from '../../src/model/secret.js'

/** A generator that answers after `delayMs` with the next fixture pair, and counts its calls. */
const fakeGenerator = (delayMs = 1): { readonly generate: GenerateRsaKeyPair; readonly calls: () => number } => {
  const pairs = fixtureRsaKeyPairs('RSA_2048')
  let n = 0
  const generate: GenerateRsaKeyPair = (_bits) => {
    const pair = pairs[n++ % pairs.length]
    if (pair === undefined) throw new Error('no fixture')
    const privateKey = createPrivateKey({ key: Buffer.from(pair.privateKey), format: 'der', type: 'pkcs8' })
    return new Promise((resolve) => setTimeout(() => resolve(E.right({ publicKey: createPublicKey(privateKey), privateKey })), delayMs))
  }
  return { generate, calls: () => n }
}

/** A fallback that makes no key: it records the spec and returns a marker pair. */
const fakeFallback = (): { readonly fallback: NonNullable<WrappingKeyPoolDeps['fallback']>; readonly specs: WrappingKeySpec[] } => {
  const specs: WrappingKeySpec[] = []
  return {
    specs,
    fallback: (spec) => {
      specs.push(spec)
      return E.right({ spec, publicKey: new Uint8Array([specs.length]), privateKey: Secret.of(new Uint8Array([0])) })
    },
  }
}

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const right = (e: E.Either<string, WrappingKeyPair>): WrappingKeyPair => {
  if (E.isLeft(e)) throw new Error(e.left)
  return e.right
}

describe('the wrapping-key pool', () => {
  it('fills each sized spec ahead of demand and hands out pairs without generating in the call', async () => {
    const gen = fakeGenerator()
    const fb = fakeFallback()
    const pool = createWrappingKeyPool({ size: { RSA_2048: 3 } }, { generate: gen.generate, fallback: fb.fallback })
    await pool.ready()
    expect(pool.stats().ready.RSA_2048).toBe(3)
    const pair = right(pool.take('RSA_2048'))
    expect(pair.spec).toBe('RSA_2048')
    expect(fb.specs).toEqual([])
    expect(pool.stats().served).toBe(1)
    pool.close()
  })

  it('refills in the background after a pair is taken', async () => {
    const gen = fakeGenerator()
    const pool = createWrappingKeyPool({ size: { RSA_2048: 2 } }, { generate: gen.generate, fallback: fakeFallback().fallback })
    await pool.ready()
    expect(gen.calls()).toBe(2)
    pool.take('RSA_2048')
    pool.take('RSA_2048')
    expect(pool.stats().ready.RSA_2048).toBe(0)
    await pool.ready()
    expect(pool.stats().ready.RSA_2048).toBe(2)
    expect(gen.calls()).toBe(4)
    pool.close()
  })

  it('gives every parameter set its own pair: no pair is handed out twice', async () => {
    const pool = createWrappingKeyPool({ size: { RSA_2048: 4 } }, { generate: fakeGenerator().generate, fallback: fakeFallback().fallback })
    await pool.ready()
    const taken = [0, 1, 2, 3].map(() => right(pool.take('RSA_2048')))
    expect(new Set(taken).size).toBe(4)
    pool.close()
  })

  it('falls back to on-demand generation when the pool is empty, and for SM2 and specs without a pool', async () => {
    const fb = fakeFallback()
    const pool = createWrappingKeyPool({ size: { RSA_2048: 1 } }, { generate: fakeGenerator(50).generate, fallback: fb.fallback })
    await pool.ready()
    right(pool.take('RSA_2048'))
    right(pool.take('RSA_2048')) // the refill is still running
    right(pool.take('SM2'))
    right(pool.take('RSA_4096'))
    expect(fb.specs).toEqual(['RSA_2048', 'SM2', 'RSA_4096'])
    expect(pool.stats().fallbacks).toBe(3)
    pool.close()
  })

  it('with start "first-use" generates nothing until the first request for the spec', async () => {
    const gen = fakeGenerator()
    const fb = fakeFallback()
    const pool = createWrappingKeyPool({ size: 2 }, { generate: gen.generate, fallback: fb.fallback })
    await tick(20)
    expect(gen.calls()).toBe(0)
    right(pool.take('RSA_2048'))
    expect(fb.specs).toEqual(['RSA_2048'])
    await pool.ready()
    expect(pool.stats().ready).toEqual({ RSA_2048: 2, RSA_3072: 0, RSA_4096: 0 })
    pool.close()
  })

  it('reuse: true hands the pooled pairs out round-robin without consuming them', async () => {
    const gen = fakeGenerator()
    const pool = createWrappingKeyPool({ size: { RSA_2048: 2 }, reuse: true }, { generate: gen.generate, fallback: fakeFallback().fallback })
    await pool.ready()
    const [a, b, c, d] = [0, 1, 2, 3].map(() => right(pool.take('RSA_2048')))
    expect(a).not.toBe(b)
    expect(c).toBe(a)
    expect(d).toBe(b)
    await tick(20)
    expect(gen.calls()).toBe(2)
    pool.close()
  })

  it('close() stops refills, drops the pairs, discards a generation still running, and resolves waiters', async () => {
    const gen = fakeGenerator(30)
    const fb = fakeFallback()
    const pool = createWrappingKeyPool({ size: { RSA_2048: 3 } }, { generate: gen.generate, fallback: fb.fallback })
    const waiting = pool.ready()
    await tick(1)
    expect(pool.stats().inFlight).toBe(1)
    pool.close()
    await waiting
    await tick(60)
    expect(pool.stats()).toMatchObject({ closed: true, ready: { RSA_2048: 0 }, generated: 0 })
    expect(gen.calls()).toBe(1)
    right(pool.take('RSA_2048'))
    expect(fb.specs).toEqual(['RSA_2048'])
    pool.close() // idempotent
  })

  it('pauses a spec whose generation fails instead of retrying in a loop, until its next request', async () => {
    let calls = 0
    const failing: GenerateRsaKeyPair = (_bits) => {
      calls++
      return new Promise((resolve) => setTimeout(() => resolve(E.left('no entropy')), 1))
    }
    const pool = createWrappingKeyPool({ size: { RSA_2048: 2 } }, { generate: failing, fallback: fakeFallback().fallback })
    await pool.ready()
    await tick(20)
    expect(calls).toBe(1)
    expect(pool.stats().failures).toBe(1)
    pool.take('RSA_2048')
    await pool.ready()
    expect(calls).toBe(2)
    pool.close()
  })

  it('refuses sizes and concurrency that are not integers in range', () => {
    expect(() => createWrappingKeyPool({ size: -1 })).toThrow(RangeError)
    expect(() => createWrappingKeyPool({ size: { RSA_2048: 1.5 } })).toThrow(RangeError)
    expect(() => createWrappingKeyPool({ concurrency: 0 })).toThrow(RangeError)
  })
})

describe('the pool on node:crypto (RSA-2048, real generation)', () => {
  it('serves a pair whose private key decrypts what its public key encrypts, handing its provider a ready KeyObject', async () => {
    const ready: KeyObject[] = []
    const pool = createWrappingKeyPool({ size: { RSA_2048: 1 } }, { onReady: (_secret, key) => ready.push(key) })
    await pool.ready()
    const pair = right(pool.take('RSA_2048'))
    expect(pool.stats()).toMatchObject({ served: 1, fallbacks: 0 })
    const key = ready[0]
    if (key === undefined) throw new Error('no ready KeyObject')
    const secret = new Uint8Array(32).fill(7)
    const wrapped = publicEncrypt({ key: createPublicKey({ key: Buffer.from(pair.publicKey), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret)
    expect(new Uint8Array(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped))).toEqual(secret)
    pool.close()
    // and the node provider unwraps with the pooled key
    const provider = createNodeProvider({ pool: { size: { RSA_2048: 1 } } })
    await provider.pool?.ready()
    const pooled = right(provider.wrappingKeyPair('RSA_2048'))
    const material = publicEncrypt({ key: createPublicKey({ key: Buffer.from(pooled.publicKey), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret)
    const unwrapped = provider.unwrap('RSAES_OAEP_SHA_256', pooled.privateKey, new Uint8Array(material))
    expect(E.isRight(unwrapped) && secretsEqual(unwrapped.right, Secret.of(secret))).toBe(true)
    provider.close()
  })

  it('keeps no process alive: a script that leaves a filling pool exits, after at most the generation already running', () => {
    const script = fileURLToPath(new URL('./fixtures/exit-with-pool.ts', import.meta.url))
    const started = Date.now()
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 })
    expect(run.status).toBe(0)
    const stats = JSON.parse(run.stdout.trim()) as { generated: number; size: number }
    // The pool wanted 4 pairs; the process did not wait for them.
    expect(stats.generated).toBeLessThan(stats.size)
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
