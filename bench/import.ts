/**
 * ImportKeyMaterial through `handle`, per wrapping key spec and algorithm, against the raw
 * primitives it contains: `privateDecrypt` (RSAES-OAEP), plus the AES-KWP unwrap for RSA_AES.
 * The ratio is the library's whole overhead: JSON, request validation, key resolution, the token,
 * the material checks, the key-material id, the new store and the response. The two are measured
 * in pairs, back to back in the same iterations (see `measurePaired`).
 *
 * - **Hot path** (the target): a token issued by the same emulator instance, imported again and
 *   again (the same material into the same key, which the rules allow). The key holds that
 *   material, so its KeyMaterialId is the one stored (a constant-time compare of the bytes).
 * - **After a delete** (reported, not a target): the same import after DeleteImportedKeyMaterial,
 *   so that the material's id is computed by the HMAC, as on a first import; one call per pair.
 * - **Cold path** (reported, not a target): a token from before a restart. Each call goes to a
 *   new emulator with the same sealing key and the same key (a seeded provider replays the key
 *   id), made outside the timing: the token is opened, its PKCS#8 parsed and OpenSSL sets up a
 *   fresh `KeyObject`, as for the first import after a restart.
 */
import { constants, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto'
import { aeskwp } from '@noble/ciphers/aes.js'
import { createEmulator, createNodeProvider, Secret, type Emulator, type WrappingAlgorithm } from '../src/index.js'
import { createDeterministicProvider } from '../src/testing.js'
import { wrapKeyMaterial } from '../src/testing/wrap.js'
import { openToken } from '../src/crypto/token.js'
import { parsePrivateKey } from '../src/crypto/unwrap.js'
import type { PooledSpec } from '../src/crypto/pool.js'
import { measuredOf, measurePaired, measurePairedInRounds, progress, row, type Measured, type Row, type Section, type Target } from './harness.js'

const SPECS: readonly PooledSpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096']
const ALGORITHMS: readonly WrappingAlgorithm[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256']
const COLD_ALGORITHM: WrappingAlgorithm = 'RSAES_OAEP_SHA_256'
const TARGET_RATIO = 1.15
/** Rounds over the four algorithms of a spec (see `measurePairedInRounds`). */
const ROUNDS = 4
const PROFILE = '2023-10-10'

interface Call {
  readonly target: string
  readonly body: string
}

interface Prepared {
  readonly keyId: string
  readonly token: string
  readonly wrapped: Uint8Array
  readonly privateKey: KeyObject
  readonly call: Call
}

const json = async (kms: Emulator, op: string, body: unknown): Promise<Record<string, unknown>> => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(body) })
  if (res.status !== 200) throw new Error(`${op}: ${res.body}`)
  return JSON.parse(res.body) as Record<string, unknown>
}

const createExternalKey = async (kms: Emulator): Promise<string> =>
  String((await json(kms, 'CreateKey', { Origin: 'EXTERNAL' }) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId)

/** CreateKey, GetParametersForImport, wrap 32 bytes; the private key comes from opening the token. */
const prepare = async (kms: Emulator, sealingKey: Uint8Array, spec: PooledSpec, algorithm: WrappingAlgorithm): Promise<Prepared> => {
  const keyId = await createExternalKey(kms)
  const params = await json(kms, 'GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec })
  const token = String(params.ImportToken)
  const publicKey = new Uint8Array(Buffer.from(String(params.PublicKey), 'base64'))
  const wrapped = wrapKeyMaterial(publicKey, algorithm, new Uint8Array(randomBytes(32)))
  const opened = openToken(Secret.of(sealingKey), new Uint8Array(Buffer.from(token, 'base64')))
  if (opened._tag === 'Left') throw new Error('token does not open')
  const parsed = parsePrivateKey(opened.right.privateKey)
  if (parsed._tag === 'Left') throw new Error('private key does not parse')
  const call = {
    target: 'TrentService.ImportKeyMaterial',
    body: JSON.stringify({ KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: Buffer.from(wrapped).toString('base64'), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
  }
  return { keyId, token, wrapped, privateKey: parsed.right, call }
}

/** The raw primitives an import of `algorithm` contains, on the same private key. */
const rawUnwrap = (algorithm: WrappingAlgorithm, key: KeyObject, wrapped: Uint8Array): (() => void) => {
  const hash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256'
  if (algorithm.startsWith('RSAES_OAEP')) {
    return () => void privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, wrapped)
  }
  const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8)
  const head = wrapped.subarray(0, k)
  const tail = wrapped.subarray(k)
  return () => {
    const aesKey = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, head)
    aeskwp(aesKey).decrypt(tail)
  }
}

const importing = (kms: Emulator, call: Call) => async (): Promise<void> => {
  const res = await kms.handle(call)
  if (res.status !== 200) throw new Error(`ImportKeyMaterial: ${res.body}`)
}

/**
 * Wall-clock time per comparison, over all rounds (both sides, in blocks of 4 calls): ≈900 blocks
 * of each at RSA-2048, ≈120 at RSA-3072, 64 (the minimum) at RSA-4096.
 */
const timeFor = (spec: PooledSpec): number => (spec === 'RSA_3072' ? 2500 : 3000)

/** One spec's emulator and its four prepared imports, kept open until every round is done. */
interface SpecRun {
  readonly spec: PooledSpec
  readonly kms: Emulator
  readonly sealingKey: Uint8Array
  readonly prepared: readonly (readonly [WrappingAlgorithm, Prepared])[]
  readonly pool: unknown
}

/** The name of the raw primitives an import of `algorithm` contains. */
const rawName = (algorithm: WrappingAlgorithm): string => (algorithm.startsWith('RSA_AES') ? 'privateDecrypt + AES-KWP' : 'privateDecrypt')

/** Fresh parameter sets timed per spec for the first-import row (each costs one RSA generation, untimed). */
const FIRST_IMPORTS: Readonly<Record<PooledSpec, number>> = { RSA_2048: 40, RSA_3072: 8, RSA_4096: 4 }

/**
 * The first import of fresh parameter sets, as users meet it: the default provider's pool hands out
 * a pair whose `KeyObject` has never decrypted; against the first `privateDecrypt` on a `KeyObject`
 * freshly created from the same pair. Untimed before each iteration: CreateKey,
 * GetParametersForImport, the client's wrap, opening the token for the baseline's key.
 */
const firstImports = async (spec: PooledSpec): Promise<readonly [Measured, Measured]> => {
  const n = FIRST_IMPORTS[spec]
  const sealingKey = new Uint8Array(randomBytes(32))
  const provider = createNodeProvider({ pool: { size: { [spec]: n + 1 }, concurrency: 2 } })
  await provider.pool?.ready()
  const kms = createEmulator({ profile: PROFILE, crypto: provider, sealingKey })
  const libs: number[] = []
  const bases: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < n; i++) {
    const p = await prepare(kms, sealingKey, spec, COLD_ALGORITHM)
    // the refill this take started finishes first (untimed): its completion must not land inside a timed import
    while ((provider.pool?.stats().inFlight ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 5))
    // the baseline's key: a second KeyObject of the same pair, just parsed from the token, never used
    const fresh = p.privateKey
    const timeLib = async (): Promise<number> => {
      const t = performance.now()
      await importing(kms, p.call)()
      return performance.now() - t
    }
    const timeBase = (): number => {
      const t = performance.now()
      privateDecrypt({ key: fresh, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, p.wrapped)
      return performance.now() - t
    }
    let lib: number
    let base: number
    if (i % 2 === 0) {
      lib = await timeLib()
      base = timeBase()
    } else {
      base = timeBase()
      lib = await timeLib()
    }
    libs.push(lib)
    bases.push(base)
    ratios.push(lib / base)
  }
  provider.pool?.close()
  while ((provider.pool?.stats().inFlight ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 10))
  kms.close()
  return [measuredOf('ImportKeyMaterial, first import', libs, ratios), measuredOf('privateDecrypt, fresh KeyObject', bases)]
}

/**
 * Runs the section. The twelve hot-path pairs (three specs, four algorithms) are measured together
 * in rounds, so that each row's samples come from the whole section (≈45 s) rather than from a
 * few seconds of it: a slow phase of the machine then lands on a slice of every row.
 * @returns rows and targets
 */
export const runImport = async (): Promise<Section> => {
  const rows: Row[] = []
  const targets: Target[] = []
  const facts: Record<string, unknown> = {}
  // First imports first: the rows users meet, and the target. The first-import path (a new
  // material: its id by HMAC, a new record) is JIT-compiled beforehand on fixture key pairs, untimed,
  // as the re-import path is warmed before its rounds.
  progress('ImportKeyMaterial: warming up the first-import path (300 first imports on fixture pairs)')
  const warmSealingKey = new Uint8Array(randomBytes(32))
  const warm = createEmulator({ profile: PROFILE, crypto: createDeterministicProvider({ seed: 77 }), sealingKey: warmSealingKey })
  for (let i = 0; i < 300; i++) await importing(warm, (await prepare(warm, warmSealingKey, 'RSA_2048', COLD_ALGORITHM)).call)()
  warm.close()
  for (const spec of SPECS) {
    progress(`ImportKeyMaterial ${spec}: ${FIRST_IMPORTS[spec]} first imports of fresh parameter sets (filling a pool of ${FIRST_IMPORTS[spec] + 1})`)
    const [lib, base] = await firstImports(spec)
    rows.push(row(`ImportKeyMaterial ${spec} ${COLD_ALGORITHM}, first import of a fresh parameter set (default provider's pool)`, lib, base, `${lib.samples} parameter sets, each imported once`))
    const paired = lib.pairedRatio ?? lib.median / base.median
    if (spec === 'RSA_2048') {
      targets.push({
        name: `ImportKeyMaterial ${spec} ${COLD_ALGORITHM}, first import: median ≤ ${TARGET_RATIO} × the first privateDecrypt on a fresh KeyObject (median of same-iteration ratios)`,
        pass: paired <= TARGET_RATIO,
        detail: `${(lib.median * 1000).toFixed(1)} µs vs ${(base.median * 1000).toFixed(1)} µs (ratio of medians ${(lib.median / base.median).toFixed(3)}×); paired median ${paired.toFixed(3)}× over ${lib.samples} imports`,
      })
    }
  }
  const runs: SpecRun[] = []
  for (const spec of SPECS) {
    progress(`ImportKeyMaterial ${spec}: filling the pool, preparing ${ALGORITHMS.length} keys`)
    const sealingKey = new Uint8Array(randomBytes(32))
    const provider = createNodeProvider({ pool: { size: { [spec]: ALGORITHMS.length }, concurrency: 2 } })
    await provider.pool?.ready()
    const kms = createEmulator({ profile: PROFILE, crypto: provider, sealingKey })
    const prepared: (readonly [WrappingAlgorithm, Prepared])[] = []
    for (const algorithm of ALGORITHMS) {
      const p = await prepare(kms, sealingKey, spec, algorithm)
      await importing(kms, p.call)() // the first import: the key leaves PendingImport
      prepared.push([algorithm, p])
    }
    // Nothing needs more pairs: the pool is closed, and the refills prepare() started on the
    // provider's RSA workers (at most two; the pool's close() does not stop them) are let finish,
    // or key generation would share the two cores with what is measured.
    const pool = provider.pool?.stats()
    provider.pool?.close()
    while ((provider.pool?.stats().inFlight ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    runs.push({ spec, kms, sealingKey, prepared, pool })
  }

  const pairs = runs.flatMap((r) => r.prepared.map(([algorithm, p]) => ({
    spec: r.spec, algorithm, raw: rawName(algorithm),
    lib: importing(r.kms, p.call), base: rawUnwrap(algorithm, p.privateKey, p.wrapped),
  })))
  // Warm-up of both sides of every pair, untimed: the JIT compiles the import path in the
  // background over the first seconds (on the other core), so the first pair warms up longest.
  progress(`ImportKeyMaterial: warming up ${pairs.length} pairs`)
  for (const [index, { lib, base }] of pairs.entries()) {
    const warmUntil = performance.now() + (index === 0 ? 2000 : 300)
    for (let i = 0; i < 15 || performance.now() < warmUntil; i++) {
      await lib()
      base()
    }
  }
  progress(`ImportKeyMaterial: ${pairs.length} pairs (${SPECS.length} specs × ${ALGORITHMS.length} algorithms), measured in ${ROUNDS} rounds`)
  const figures = await measurePairedInRounds(
    pairs.map((p) => [['ImportKeyMaterial', p.lib], [p.raw, p.base], timeFor(p.spec)] as const),
    { rounds: ROUNDS },
  )

  for (const r of runs) {
    pairs.forEach(({ spec, algorithm, raw }, i) => {
      if (spec !== r.spec) return
      const [lib, base] = figures[i] ?? []
      if (lib === undefined || base === undefined) throw new Error('missing figures')
      rows.push(row(`ImportKeyMaterial ${spec} ${algorithm}, re-import: token of this instance, material the key holds`, lib, base))
      const paired = lib.pairedRatio ?? lib.median / base.median
      targets.push({
        name: `ImportKeyMaterial ${spec} ${algorithm}, re-import: median ≤ ${TARGET_RATIO} × ${raw} (median of same-iteration ratios)`,
        pass: paired <= TARGET_RATIO,
        detail: `${(lib.median * 1000).toFixed(1)} µs vs ${(base.median * 1000).toFixed(1)} µs (ratio of medians ${(lib.median / base.median).toFixed(3)}×); paired median ${paired.toFixed(3)}×`,
      })
    })
    const { spec, kms, sealingKey } = r

    // Reported beside them, no target: the same import after DeleteImportedKeyMaterial (untimed,
    // before each pair), so that the material is not held and its KeyMaterialId is computed by
    // the HMAC, as for a first import; one call of each side per pair.
    const afterDelete = r.prepared.find(([algorithm]) => algorithm === COLD_ALGORITHM)?.[1]
    if (afterDelete === undefined) throw new Error('no prepared key')
    progress(`ImportKeyMaterial ${spec}, after a delete`)
    const deleteBody = JSON.stringify({ KeyId: afterDelete.keyId })
    const deleting = async (): Promise<void> => {
      const res = await kms.handle({ target: 'TrentService.DeleteImportedKeyMaterial', body: deleteBody })
      if (res.status !== 200) throw new Error(`DeleteImportedKeyMaterial: ${res.body}`)
    }
    const [deletedLib, deletedBase] = await measurePaired(['ImportKeyMaterial, after a delete', importing(kms, afterDelete.call)], ['privateDecrypt', rawUnwrap(COLD_ALGORITHM, afterDelete.privateKey, afterDelete.wrapped)], {
      time: spec === 'RSA_4096' ? 600 : 400, warmupTime: 0, warmupIterations: 4, beforeEach: { 'ImportKeyMaterial, after a delete': deleting },
    })
    rows.push(row(`ImportKeyMaterial ${spec} ${COLD_ALGORITHM}, after DeleteImportedKeyMaterial (id by HMAC)`, deletedLib, deletedBase, 'one call per pair, no target'))
    facts[spec] = { poolWhenClosed: r.pool }
    kms.close()

    // Cold path: a token from before a restart, one restarted emulator per call.
    progress(`ImportKeyMaterial ${spec}, cold path`)
    const seed = 4242
    const issuer = createEmulator({ profile: PROFILE, crypto: createDeterministicProvider({ seed }), sealingKey })
    const cold = await prepare(issuer, sealingKey, spec, COLD_ALGORITHM)
    issuer.close()
    let restarted: Emulator | undefined
    const restart = async (): Promise<void> => {
      restarted = createEmulator({ profile: PROFILE, crypto: createDeterministicProvider({ seed }), sealingKey })
      if ((await createExternalKey(restarted)) !== cold.keyId) throw new Error('the restarted emulator did not replay the key id')
    }
    const [coldLib, coldBase] = await measurePaired(['ImportKeyMaterial, cold', async () => {
      if (restarted === undefined) throw new Error('no emulator')
      const res = await restarted.handle(cold.call)
      if (res.status !== 200) throw new Error(`ImportKeyMaterial: ${res.body}`)
    }], ['privateDecrypt', rawUnwrap(COLD_ALGORITHM, cold.privateKey, cold.wrapped)], {
      time: spec === 'RSA_4096' ? 600 : 400, warmupTime: 0, warmupIterations: 2, beforeEach: { 'ImportKeyMaterial, cold': restart },
    })
    rows.push(row(`ImportKeyMaterial ${spec} ${COLD_ALGORITHM}, token from before a restart`, coldLib, coldBase, 'cold path, no target'))
  }
  return { title: 'ImportKeyMaterial (via handle)', rows, targets, facts }
}
