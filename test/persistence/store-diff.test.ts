/**
 * `storeChanges` walks two stores' tries and skips what they share: whatever the edits between
 * them, it finds exactly the keys a full comparison finds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allKeys, emptyStore, type KeyId, type KeyRecord, type KeyStore, type KeyArn, type AccountId } from 'kms-key-import'
import { storeChanges } from 'kms-key-import/http'
import { putKey, removeKey, storeFromKeys } from '../../src/model/key-store.js'

const record = (n: number, description: string, creationDate = 0): KeyRecord => Object.freeze({
  keyId: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}` as KeyId,
  arn: `arn:aws:kms:us-east-1:111122223333:key/${n}` as KeyArn,
  accountId: '111122223333' as AccountId, region: 'us-east-1', origin: 'AWS_KMS', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT',
  description, state: 'Enabled', creationDate, deletionDate: undefined, pendingDeletionWindowInDays: undefined, materials: [], onDemandRotations: 0,
  tags: [], policy: '', automaticRotation: undefined, aliases: [],
})

/** The full comparison the walk must agree with. */
const naive = (before: KeyStore, after: KeyStore) => {
  const b = new Map(allKeys(before).map((k) => [k.keyId as string, k]))
  const a = new Map(allKeys(after).map((k) => [k.keyId as string, k]))
  return {
    put: [...a.values()].filter((k) => b.get(k.keyId) !== k).map((k) => k.keyId).sort(),
    // a key gone, or its slot taken by a new key (another creation date)
    removed: [...b.keys()].filter((id) => a.get(id)?.creationDate !== b.get(id)?.creationDate).sort(),
  }
}

type Edit = { readonly kind: 'put' | 'replace' | 'remove' | 'recreate'; readonly n: number }
const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.constantFrom('put', 'replace', 'remove', 'recreate'), n: fc.nat({ max: 4000 }) })

describe('storeChanges', () => {
  it('finds exactly the keys a full comparison finds, for any edits of any store', () => {
    fc.assert(fc.property(fc.nat({ max: 3000 }), fc.array(edit, { maxLength: 40 }), fc.boolean(), (size, edits, rebuild) => {
      let before = emptyStore()
      for (let n = 0; n < size; n++) before = putKey(before, record(n, 'v0'))
      let after = before
      for (const e of edits) {
        if (e.kind === 'remove') after = removeKey(after, record(e.n, '').keyId)
        else if (e.kind === 'recreate') after = putKey(removeKey(after, record(e.n, '').keyId), record(e.n, 'new', 1))
        else after = putKey(after, record(e.kind === 'put' ? e.n + 5000 : e.n, `v${e.n}`))
      }
      // a rebuilt store (as expiry and deletion build it) shares no node with the one before
      if (rebuild) after = storeFromKeys(allKeys(after))
      const changes = storeChanges(before, after)
      expect({ put: changes.put.map((k) => k.keyId).sort(), removed: [...changes.removed].sort() }).toEqual(naive(before, after))
    }), { numRuns: 60 })
  })

  it('reports a slot taken by a new key (another creation date) as removed and put: the new key is the store\'s last', () => {
    let before = emptyStore()
    for (let n = 0; n < 3; n++) before = putKey(before, record(n, 'v0'))
    const after = putKey(removeKey(before, record(0, '').keyId), record(0, 'new', 1))
    expect(allKeys(after).map((k) => k.description)).toEqual(['v0', 'v0', 'new'])
    const changes = storeChanges(before, after)
    expect({ put: changes.put.map((k) => k.description), removed: changes.removed }).toEqual({ put: ['new'], removed: [record(0, '').keyId] })
    // the same key changed keeps its slot and its place
    expect(storeChanges(before, putKey(before, record(0, 'changed'))).removed).toEqual([])
  })

  it('finds the one changed key among 20,000, and nothing between a store and itself', () => {
    let store = emptyStore()
    for (let n = 0; n < 20_000; n++) store = putKey(store, record(n, 'v0'))
    const after = putKey(store, record(42, 'changed'))
    const changes = storeChanges(store, after)
    expect(changes.put.map((k) => k.description)).toEqual(['changed'])
    expect(storeChanges(store, store)).toEqual({ put: [], removed: [] })
  })
})
