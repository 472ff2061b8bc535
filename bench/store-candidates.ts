/**
 * `npx tsx bench/store-candidates.ts`: the measurement behind the key store's data structure
 * (docs/performance.md). One update (replace a key) and one lookup on maps of 1k, 10k and 100k
 * frozen records, for the candidates installed in this project: a copy-on-write native `Map`
 * (the store before), fp-ts `ReadonlyMap.upsertAt` (also a copy), and immutable's `Map` and
 * `OrderedMap` (HAMTs). hamt_plus was measured once in a scratch directory (docs/performance.md);
 * it is not a dependency. Not part of `npm run bench`.
 */
import { Bench } from 'tinybench'
import { Map as IMap, OrderedMap } from 'immutable'
import * as RM from 'fp-ts/lib/ReadonlyMap.js'
import * as S from 'fp-ts/lib/string.js'

interface Rec {
  readonly keyId: string
  readonly n: number
}
const rec = (i: number): Rec => Object.freeze({ keyId: `key-${i}`, n: i })
const upsert = RM.upsertAt(S.Eq)

for (const n of [1_000, 10_000, 100_000]) {
  const records = Array.from({ length: n }, (_, i) => rec(i))
  const native: ReadonlyMap<string, Rec> = new Map(records.map((r) => [r.keyId, r]))
  const hamt = IMap<string, Rec>().withMutations((m) => { for (const r of records) m.set(r.keyId, r) })
  const ordered = OrderedMap<string, Rec>().withMutations((m) => { for (const r of records) m.set(r.keyId, r) })
  let i = 0
  const next = (): string => `key-${i++ % n}`
  const bench = new Bench({ time: n === 100_000 ? 400 : 200, iterations: 8 })
  bench
    .add(`native Map copy + set (${n})`, () => void new Map(native).set(next(), rec(1)))
    .add(`fp-ts ReadonlyMap.upsertAt (${n})`, () => void upsert(next(), rec(1))(native))
    .add(`immutable Map.set (${n})`, () => void hamt.set(next(), rec(1)))
    .add(`immutable OrderedMap.set (${n})`, () => void ordered.set(next(), rec(1)))
    .add(`native Map.get (${n})`, () => void native.get(next()))
    .add(`immutable Map.get (${n})`, () => void hamt.get(next()))
    .add(`immutable OrderedMap.get (${n})`, () => void ordered.get(next()))
  await bench.run()
  for (const t of bench.tasks) {
    const r = t.result
    if (r.state === 'completed') console.log(`${t.name.padEnd(44)} ${(r.latency.p50 * 1000).toFixed(3).padStart(12)} µs`)
  }
}
