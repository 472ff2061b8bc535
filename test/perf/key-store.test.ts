/**
 * The persistent key store (src/model/key-store.ts): an update shares the old store instead of
 * copying it, the old store stays as it was, and the order of `allKeys` is a native Map's.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allKeys, emptyStore, getKey, storeSize } from 'kms-key-import'
import { updateKey } from '../../src/model/key-record.js'
import { putKey, removeKey, storeFromKeys } from '../../src/model/key-store.js'
import { handBuiltKey } from '../support/pure-env.js'

const keys = (n: number) => Array.from({ length: n }, (_, i) => handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport', n: i + 1 }))

describe('the persistent key store', () => {
  it('leaves every earlier store as it was, at any size', () => {
    const records = keys(250) // handBuiltKey makes 255 distinct ids at most
    const big = storeFromKeys(records)
    const first = records[0]
    if (first === undefined) throw new Error('no key')
    const changed = updateKey(first, { description: 'changed' })
    const next = putKey(big, changed)
    expect(getKey(big, first.keyId)).toBe(first)
    expect(getKey(next, first.keyId)).toBe(changed)
    expect([storeSize(big), storeSize(next)]).toEqual([250, 250])
    const smaller = removeKey(next, first.keyId)
    expect([storeSize(next), storeSize(smaller)]).toEqual([250, 249])
    expect(removeKey(smaller, first.keyId)).toBe(smaller)
  })

  it('keeps insertion order like a native Map: a replaced key keeps its place, a re-added one goes last', () => {
    const [a, b, c] = keys(3)
    if (a === undefined || b === undefined || c === undefined) throw new Error('no keys')
    let store = putKey(putKey(putKey(emptyStore(), a), b), c)
    store = putKey(store, updateKey(a, { description: 'again' }))
    expect(allKeys(store).map((k) => k.keyId)).toEqual([a.keyId, b.keyId, c.keyId])
    store = putKey(removeKey(store, a.keyId), a)
    expect(allKeys(store).map((k) => k.keyId)).toEqual([b.keyId, c.keyId, a.keyId])
    expect(allKeys(storeFromKeys(allKeys(store))).map((k) => k.keyId)).toEqual([b.keyId, c.keyId, a.keyId])
  })

  it('stores the record itself, frozen and unchanged (flattening its strings changes no value)', () => {
    const [a] = keys(1)
    if (a === undefined) throw new Error('no key')
    const copy = JSON.stringify(a)
    const store = putKey(emptyStore(), a)
    expect(getKey(store, a.keyId)).toBe(a)
    expect(JSON.stringify(getKey(store, a.keyId))).toBe(copy)
    expect(Object.isFrozen(store)).toBe(true)
  })

  it('property: after any sequence of puts and removes, holds what a native Map holds, in its order', () => {
    const pool = keys(12)
    const op = fc.record({ remove: fc.boolean(), at: fc.nat(pool.length - 1), description: fc.string({ maxLength: 3 }) })
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      let store = emptyStore()
      const model = new Map<string, ReturnType<typeof updateKey>>()
      for (const { remove, at, description } of ops) {
        const key = pool[at]
        if (key === undefined) throw new Error('no key')
        if (remove) {
          store = removeKey(store, key.keyId)
          model.delete(key.keyId)
        } else {
          const record = updateKey(key, { description })
          store = putKey(store, record)
          model.set(key.keyId, record)
        }
      }
      expect(allKeys(store)).toEqual([...model.values()])
      expect(storeSize(store)).toBe(model.size)
      for (const key of pool) expect(getKey(store, key.keyId)).toBe(model.get(key.keyId))
      // rebuilding keeps the order, and a repeated id keeps its first place with its last record
      const [first] = allKeys(store)
      const rebuilt = first === undefined ? storeFromKeys([]) : storeFromKeys([...allKeys(store), updateKey(first, { description: 'last' })])
      expect(allKeys(rebuilt).map((k) => k.keyId)).toEqual([...model.keys()])
      if (first !== undefined) expect(getKey(rebuilt, first.keyId)?.description).toBe('last')
    }))
  })
})
