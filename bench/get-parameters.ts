/**
 * GetParametersForImport through `handle`, per wrapping key spec: with a warm pool, against the
 * same library with the pool off (a fresh pair per call, the pre-pool behaviour) and against the
 * raw `generateKeyPairSync` that call contains.
 *
 * The warm measurement takes exactly as many pairs as the pool holds, so every measured call is
 * served from the pool; the section checks that no call fell back to on-demand generation.
 *
 * What a user gets under sustained demand is measured too: the default provider
 * (`createNodeProvider()`, the default pool of two RSA_2048 pairs filled from the first use) in a
 * closed loop of 50 calls, each sent when the previous one answered, against the same library with
 * the pool off, and printed beside the pre-filled figure. Reported, no target: demand faster than
 * the refill empties the pool at once, and its background generation then competes with the
 * on-demand generation of every call.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createEmulator, createNodeProvider, type Emulator } from '../src/index.js'
import { createDeterministicProvider } from '../src/testing.js'
import type { PooledSpec } from '../src/crypto/pool.js'
import { measure, measuredOf, progress, row, type Measured, type Row, type Section, type Target } from './harness.js'

/** Measured (and warm-up) calls per spec: RSA generation costs grow fast with the modulus. */
const PLAN: readonly { readonly spec: PooledSpec; readonly bits: number; readonly warm: number; readonly warmup: number; readonly cold: number }[] = [
  { spec: 'RSA_2048', bits: 2048, warm: 32, warmup: 4, cold: 5 },
  { spec: 'RSA_3072', bits: 3072, warm: 12, warmup: 2, cold: 4 },
  { spec: 'RSA_4096', bits: 4096, warm: 8, warmup: 2, cold: 3 },
]

const TARGET_MS = 0.2

const body = (keyId: string, spec: string): string => JSON.stringify({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: spec })

const externalKey = async (kms: Emulator): Promise<string> => {
  const res = await kms.handle({ target: 'TrentService.CreateKey', body: '{"Origin":"EXTERNAL"}' })
  return String((JSON.parse(res.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId)
}

const gpfi = (kms: Emulator, keyId: string, spec: string) => async (): Promise<void> => {
  const res = await kms.handle({ target: 'TrentService.GetParametersForImport', body: body(keyId, spec) })
  if (res.status !== 200) throw new Error(`GetParametersForImport: ${res.body}`)
}

/** Calls of the closed loop under sustained demand, and of its pool-off baseline. */
const SUSTAINED_CALLS = 50
const SUSTAINED_BASELINE_CALLS = 20

/** A closed loop of `calls` GetParametersForImport RSA_2048 calls on an emulator of `provider`; per-call times. */
const closedLoop = async (crypto: ReturnType<typeof createNodeProvider>, calls: number, name: string): Promise<Measured> => {
  const kms = createEmulator({ profile: '2023-10-10', crypto })
  const keyId = await externalKey(kms)
  const call = gpfi(kms, keyId, 'RSA_2048')
  const times: number[] = []
  for (let i = 0; i < calls; i++) {
    const t = performance.now()
    await call()
    times.push(performance.now() - t)
  }
  kms.close()
  while ((crypto.pool?.stats().inFlight ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 10))
  return measuredOf(name, times)
}

/**
 * Runs the section.
 * @returns rows and targets
 */
export const runGetParameters = async (): Promise<Section> => {
  const rows: Row[] = []
  const targets: Target[] = []
  const facts: Record<string, unknown> = {}
  // JIT warm-up on fixture key pairs (no generation), so the first spec measured does not also
  // measure the compiler; a warm pool's few warm-up calls then only warm the pool itself.
  const jit = createEmulator({ profile: '2023-10-10', crypto: createDeterministicProvider() })
  const jitKey = await externalKey(jit)
  for (let i = 0; i < 300; i++) await gpfi(jit, jitKey, PLAN[i % PLAN.length]?.spec ?? 'RSA_2048')()
  jit.close()
  let prefilled: Measured | undefined
  for (const p of PLAN) {
    progress(`GetParametersForImport ${p.spec}: filling a pool of ${p.warm + p.warmup}, then the baselines`)
    // 1. Warm pool: fill it (two generations at a time; nothing else runs), then take every pair.
    const provider = createNodeProvider({ pool: { size: { [p.spec]: p.warm + p.warmup }, concurrency: 2 } })
    const pool = provider.pool
    if (pool === undefined) throw new Error('no pool')
    const fillStart = performance.now()
    await pool.ready()
    const fillMs = performance.now() - fillStart
    const kms = createEmulator({ profile: '2023-10-10', crypto: provider })
    const keyId = await externalKey(kms)
    const before = pool.stats()
    const [warm] = await measure([['warm pool', gpfi(kms, keyId, p.spec)]], {
      rounds: 1, time: 0, iterations: p.warm, warmupTime: 0, warmupIterations: p.warmup,
    })
    const after = pool.stats()
    kms.close()
    // Refills the measurement started are discarded on close; let them finish before the baselines run.
    while (pool.stats().inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    // 2. Baselines, with no generation running in the background: the library with the pool off, and the raw generation.
    const off = createEmulator({ profile: '2023-10-10', crypto: createNodeProvider({ pool: false }) })
    const offKey = await externalKey(off)
    const [libraryOff, raw] = await measure([
      ['library, pool off', gpfi(off, offKey, p.spec)],
      ['generateKeyPairSync', () => void generateKeyPairSync('rsa', { modulusLength: p.bits, publicExponent: 0x10001 })],
    ], { rounds: 1, time: 0, iterations: p.cold, warmupTime: 0, warmupIterations: 0 })
    off.close()
    if (warm === undefined || libraryOff === undefined || raw === undefined) throw new Error('missing figures')
    if (p.spec === 'RSA_2048') prefilled = warm
    const served = after.served - before.served
    const fellBack = after.fallbacks - before.fallbacks
    facts[p.spec] = { servedFromPool: served, fallbacks: fellBack, poolSize: p.warm + p.warmup, fillMs: Math.round(fillMs) }
    rows.push(row(`GetParametersForImport ${p.spec}, warm pool`, warm, libraryOff, `${served} served from the pool, ${fellBack} on demand`))
    rows.push(row(`GetParametersForImport ${p.spec}, warm pool`, warm, raw))
    rows.push(row(`GetParametersForImport ${p.spec}, pool off`, libraryOff, raw))
    targets.push({
      name: `GetParametersForImport ${p.spec}, warm pool: median ≤ ${TARGET_MS} ms`,
      pass: warm.median <= TARGET_MS && fellBack === 0,
      detail: `median ${(warm.median * 1000).toFixed(1)} µs (pool off: ${libraryOff.median.toFixed(1)} ms; ${fellBack} calls fell back to on-demand generation)`,
    })
  }
  // Sustained demand on the defaults a user gets: the default pool, a closed loop of 50 calls.
  progress(`GetParametersForImport RSA_2048: default pool, closed loop of ${SUSTAINED_CALLS} calls; pool off, ${SUSTAINED_BASELINE_CALLS} calls`)
  const byDefault = createNodeProvider()
  const sustained = await closedLoop(byDefault, SUSTAINED_CALLS, `default pool, ${SUSTAINED_CALLS} calls in a closed loop`)
  const stats = byDefault.pool?.stats()
  const perCall = await closedLoop(createNodeProvider({ pool: false }), SUSTAINED_BASELINE_CALLS, 'library, pool off')
  facts.sustainedDemand = { calls: SUSTAINED_CALLS, served: stats?.served, fallbacks: stats?.fallbacks, generated: stats?.generated }
  rows.push(row('GetParametersForImport RSA_2048, default pool, closed loop of 50 calls', sustained, perCall,
    `${stats?.served ?? 0} served from the pool, ${stats?.fallbacks ?? 0} on demand; pre-filled pool: ${((prefilled ?? perCall).median * 1000).toFixed(1)} µs`))
  if (prefilled !== undefined) rows.push(row('GetParametersForImport RSA_2048, pre-filled pool (above) beside the default pool under sustained demand', prefilled, sustained))
  return { title: 'GetParametersForImport (via handle)', rows, targets, facts }
}
