/**
 * The store at 1k, 10k and 100k keys: DescribeKey (over every key, in shuffled order) and CreateKey through `handle` (the cost must
 * stay flat: the baseline of each size is the same operation on 1k keys, measured in the same
 * rounds), and one `putKey` on the persistent map against the copy-on-write native `Map` the
 * store used before.
 */
import { randomBytes } from 'node:crypto'
import { createEmulator, createNodeProvider, type Emulator } from '../src/index.js'
import { putKey, storeFromKeys, allKeys } from '../src/model/key-store.js'
import type { KeyRecord } from '../src/model/key-record.js'
import { measure, progress, row, type Measured, type Row, type Section, type Target } from './harness.js'

const SIZES = [1_000, 10_000, 100_000] as const
const label = (n: number): string => `${n / 1000}k keys`
/** CreateKey adds a key per call: a bounded number of calls keeps each store near its size. */
const CREATE_CALLS_PER_ROUND = 100
const CREATE_ROUNDS = 6

const build = async (n: number): Promise<{ readonly kms: Emulator; readonly ids: readonly string[] }> => {
  const kms = createEmulator({ profile: '2023-10-10', crypto: createNodeProvider({ pool: false }) })
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const r = await kms.invoke('CreateKey', {})
    if (r._tag === 'Left') throw new Error(r.left.message)
    ids.push(r.right.KeyMetadata.KeyId)
  }
  // DescribeKey visits every key of the store, in a shuffled order (no subset stays warm in the caches).
  const picked = [...ids]
  for (let i = picked.length - 1; i > 0; i--) {
    const j = (randomBytes(4).readUInt32BE(0)) % (i + 1)
    const t = picked[i] ?? ''
    picked[i] = picked[j] ?? ''
    picked[j] = t
  }
  return { kms, ids: picked }
}

const describe = (kms: Emulator, ids: readonly string[]) => {
  const bodies = ids.map((id) => JSON.stringify({ KeyId: id }))
  let i = 0
  return async (): Promise<void> => {
    const res = await kms.handle({ target: 'TrentService.DescribeKey', body: bodies[i++ % bodies.length] ?? '' })
    if (res.status !== 200) throw new Error(res.body)
  }
}

const create = (kms: Emulator) => async (): Promise<void> => {
  const res = await kms.handle({ target: 'TrentService.CreateKey', body: '{}' })
  if (res.status !== 200) throw new Error(res.body)
}

const byName = (ms: readonly Measured[], name: string): Measured => {
  const m = ms.find((x) => x.name === name)
  if (m === undefined) throw new Error(`no figure for ${name}`)
  return m
}

/**
 * Runs the section.
 * @returns rows and targets
 */
export const runStore = async (): Promise<Section> => {
  const stores = new Map<number, { readonly kms: Emulator; readonly ids: readonly string[] }>()
  const buildMs: Record<string, number> = {}
  for (const n of SIZES) {
    progress(`store: building an emulator of ${label(n)}`)
    const t = performance.now()
    stores.set(n, await build(n))
    buildMs[label(n)] = Math.round(performance.now() - t)
  }
  const get = (n: number): { readonly kms: Emulator; readonly ids: readonly string[] } => {
    const s = stores.get(n)
    if (s === undefined) throw new Error('no store')
    return s
  }
  progress('store: DescribeKey and CreateKey at every size, in alternating rounds')
  const describes = await measure(SIZES.map((n) => [`DescribeKey, ${label(n)}`, describe(get(n).kms, get(n).ids)] as const), { rounds: 6, time: 100 })
  const creates = await measure(SIZES.map((n) => [`CreateKey, ${label(n)}`, create(get(n).kms)] as const), {
    rounds: CREATE_ROUNDS, time: 0, iterations: CREATE_CALLS_PER_ROUND, warmupTime: 0, warmupIterations: 16,
  })

  // One update of the store itself: persistent map vs a copy of a native Map (the previous store).
  const puts: Measured[] = []
  for (const n of SIZES) {
    const records = allKeys(get(n).kms.store()).slice(0, n)
    const store = storeFromKeys(records)
    const native = new Map<string, KeyRecord>(records.map((r) => [r.keyId, r]))
    let i = 0
    const [persistent, copied] = await measure([
      [`putKey, ${label(n)}`, () => void putKey(store, records[i++ % records.length] as KeyRecord)],
      [`native Map copy + set, ${label(n)}`, () => void new Map(native).set(`k${i++}`, records[0] as KeyRecord)],
    ], { rounds: 2, time: 100, iterations: 4, warmupTime: 20, warmupIterations: 2 })
    if (persistent === undefined || copied === undefined) throw new Error('missing figures')
    puts.push(persistent, copied)
  }
  for (const s of stores.values()) s.kms.close()

  const rows: Row[] = []
  const targets: Target[] = []
  for (const [op, figures] of [['DescribeKey', describes], ['CreateKey', creates]] as const) {
    const base = byName(figures, `${op}, ${label(1_000)}`)
    for (const n of SIZES.slice(1)) rows.push(row(`${op}, ${label(n)}`, byName(figures, `${op}, ${label(n)}`), base))
    const big = byName(figures, `${op}, ${label(100_000)}`)
    targets.push({
      name: `${op} at 100k keys ≤ 2 × its cost at 1k keys`,
      pass: big.median <= 2 * base.median,
      detail: `${(big.median * 1000).toFixed(1)} µs vs ${(base.median * 1000).toFixed(1)} µs = ${(big.median / base.median).toFixed(2)}×`,
    })
  }
  for (const n of SIZES) rows.push(row(`putKey (persistent map), ${label(n)}`, byName(puts, `putKey, ${label(n)}`), byName(puts, `native Map copy + set, ${label(n)}`)))
  return { title: 'Key store (DescribeKey and CreateKey via handle; putKey pure)', rows, targets, facts: { buildMs, createCallsPerSize: CREATE_CALLS_PER_ROUND * CREATE_ROUNDS + 16 } }
}
