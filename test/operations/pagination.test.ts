/**
 * Markers continue a listing (docs/evidence.md §12): items deleted between two pages never make a
 * later page skip an item that remains, repeat one, or refuse the marker. The case that matters to
 * users is a clean-up script that deletes everything of a page before asking for the next one.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DAY_MS, T0, createAwsKmsKey, createKey, expectError, expectOk, newKms, type Kms } from '../support/kms.js'
import { INVALID_MARKER } from '../support/messages.js'
import { classicEnv, distinctKeys, watchedKeys } from '../support/pure-env.js'
import { listAliases, listKeys, type KeyRecord } from 'kms-key-import'
import { storeFromKeys } from '../../src/model/key-store.js'

/** A listing under test: its items' ids (in listing order), one page, and how an item is deleted. */
interface Listing {
  readonly ids: readonly string[]
  /** Whether the listing is sorted by identity (ListAliases: by name). */
  readonly sorted: boolean
  page(limit: number, marker: string | undefined): Promise<{ readonly ids: readonly string[]; readonly next: string | undefined }>
  remove(ids: readonly string[]): Promise<void>
}

const pageOf = (reply: Record<string, unknown>, member: string, id: string): { ids: string[]; next: string | undefined } => {
  expect(reply.Truncated).toBe(reply.NextMarker !== undefined)
  return { ids: (reply[member] as Record<string, string>[]).map((x) => x[id] as string), next: reply.NextMarker as string | undefined }
}

const aliasListing = async (kms: Kms, n: number): Promise<Listing> => {
  const key = await createAwsKmsKey(kms)
  const ids = Array.from({ length: n }, (_, i) => `alias/a${String(i).padStart(3, '0')}`)
  for (const name of ids) expectOk(await kms.call('CreateAlias', { AliasName: name, TargetKeyId: key.keyId }))
  return {
    ids,
    sorted: true,
    page: async (Limit, Marker) => pageOf(expectOk(await kms.call('ListAliases', { Limit, ...(Marker !== undefined ? { Marker } : {}) })), 'Aliases', 'AliasName'),
    remove: async (names) => {
      for (const AliasName of names) expectOk(await kms.call('DeleteAlias', { AliasName }))
    },
  }
}

const tagListing = async (kms: Kms, n: number): Promise<Listing> => {
  const ids = Array.from({ length: n }, (_, i) => `t${i}`)
  const key = await createKey(kms, { Tags: ids.map((TagKey) => ({ TagKey, TagValue: 'v' })) })
  return {
    ids,
    sorted: false,
    page: async (Limit, Marker) => pageOf(expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit, ...(Marker !== undefined ? { Marker } : {}) })), 'Tags', 'TagKey'),
    remove: async (TagKeys) => {
      if (TagKeys.length > 0) expectOk(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys }))
    },
  }
}

/** Keys leave ListKeys when their deletion's waiting period ends. */
const keyListing = async (kms: Kms, n: number): Promise<Listing> => {
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push((await createAwsKmsKey(kms)).keyId)
  return {
    ids,
    sorted: false,
    page: async (Limit, Marker) => pageOf(expectOk(await kms.call('ListKeys', { Limit, ...(Marker !== undefined ? { Marker } : {}) })), 'Keys', 'KeyId'),
    remove: async (keyIds) => {
      for (const KeyId of keyIds) expectOk(await kms.call('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 }))
      kms.clock.advance(7 * DAY_MS + 1)
    },
  }
}

const listings = { ListAliases: aliasListing, ListResourceTags: tagListing, ListKeys: keyListing }

describe.each(Object.entries(listings))('%s pages while items are deleted', (_, make) => {
  it('a clean-up script that deletes each page before asking for the next one sees every item once', async () => {
    const kms = newKms()
    const listing = await make(kms, 25)
    const seen: string[] = []
    let marker: string | undefined
    do {
      const page = await listing.page(10, marker)
      seen.push(...page.ids)
      await listing.remove(page.ids)
      marker = page.next
    } while (marker !== undefined)
    expect(seen).toEqual(listing.ids)
  })

  it('property: an item never deleted is listed exactly once, a deleted one never after its deletion, whatever is deleted between pages (in creation order: unless the marker\'s next item and the last one returned are both deleted)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 7 }), fc.array(fc.array(fc.nat({ max: 23 }), { maxLength: 6 }), { maxLength: 30 }),
      async (n, limit, deletions) => {
        const kms = newKms()
        const listing = await make(kms, n)
        const deleted = new Set<string>()
        const seen: string[] = []
        let marker: string | undefined
        let turn = 0
        do {
          const page = await listing.page(limit, marker)
          for (const id of page.ids) expect(deleted.has(id)).toBe(false)
          seen.push(...page.ids)
          let now = [...new Set((deletions[turn++] ?? []).filter((i) => i < n).map((i) => listing.ids[i] as string))].filter((id) => !deleted.has(id))
          // a listing in creation order continues from the next item or, when it is gone, the last one returned
          const next = listing.ids.find((id) => !deleted.has(id) && !seen.includes(id))
          if (!listing.sorted && now.includes(page.ids.at(-1) as string)) now = now.filter((id) => id !== next)
          await listing.remove(now)
          for (const id of now) deleted.add(id)
          marker = page.next
        } while (marker !== undefined)
        expect(new Set(seen).size).toBe(seen.length)
        for (const id of listing.ids) if (!deleted.has(id)) expect(seen).toContain(id)
      },
    ), { numRuns: 25 })
  })
})

describe('markers', () => {
  it('of the first form (a position alone) still continue a listing; past the end they give an empty last page', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    for (const n of ['a', 'b', 'c']) expectOk(await kms.call('CreateAlias', { AliasName: `alias/${n}`, TargetKeyId: key.keyId }))
    const at = (position: number): string => Buffer.from(`kki-aliases:${position}`).toString('base64')
    expect(expectOk(await kms.call('ListAliases', { Marker: at(1) })).Aliases).toMatchObject([{ AliasName: 'alias/b' }, { AliasName: 'alias/c' }])
    expect(expectOk(await kms.call('ListAliases', { Marker: at(7) }))).toMatchObject({ Aliases: [], Truncated: false })
  })

  it('in creation order, when the next item and the last one returned are both gone, continue at the position', async () => {
    const kms = newKms()
    const ids = ['a', 'b', 'c', 'd', 'e', 'f']
    const key = await createKey(kms, { Tags: ids.map((TagKey) => ({ TagKey, TagValue: 'v' })) })
    const first = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit: 2 }))
    expectOk(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: ['b', 'c'] }))
    // position 2 of a, d, e, f: e (d, which remains, is skipped: the documented limit)
    const rest = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Marker: first.NextMarker }))
    expect((rest.Tags as { TagKey: string }[]).map((t) => t.TagKey)).toEqual(['e', 'f'])
  })

  it('stay within the Marker member\'s 1,024 characters of [\\u0020-\\u00FF] for the longest tag keys, and continue', async () => {
    const kms = newKms()
    // 128 characters of 4 UTF-8 bytes each (64 surrogate pairs): the longest tag keys in bytes
    const long = (c: string): string => c.repeat(64)
    const tags = ['😀', '😁', '😂'].map((c) => ({ TagKey: long(c), TagValue: 'v' }))
    const key = await createKey(kms, { Tags: tags })
    const first = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit: 1 }))
    const marker = first.NextMarker as string
    expect(marker.length).toBeLessThanOrEqual(1024)
    expect(marker).toMatch(/^[\u0020-\u00FF]+$/)
    expectOk(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: [long('😀')] }))
    const rest = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Marker: marker }))
    expect((rest.Tags as { TagKey: string }[]).map((t) => t.TagKey)).toEqual([long('😁'), long('😂')])
  })

  it('of another listing, or not issued here, are refused with InvalidMarkerException', async () => {
    const kms = newKms()
    const key = await createKey(kms, { Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] })
    const tagMarker = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit: 1 })).NextMarker as string
    expectError(await kms.call('ListAliases', { Marker: tagMarker }), 'InvalidMarkerException', INVALID_MARKER)
    expectError(await kms.call('ListKeys', { Marker: Buffer.from('kki-keys:1:!!').toString('base64') }), 'InvalidMarkerException', INVALID_MARKER)
  })
})

describe('a page costs its own items, not the listing', () => {
  /** `n` distinct keys, each holding one alias `alias/k<i>` (names in no particular order of creation). */
  const manyKeys = (n: number): KeyRecord[] => distinctKeys(n, (_, i) => ({ aliases: [{ aliasName: `alias/k${String((i * 7919) % n).padStart(5, '0')}`, creationDate: T0, lastUpdatedDate: T0 }] }))
  const watched = watchedKeys
  const n = 3000

  it('ListKeys reads its page\'s keys and the next one, on every page', () => {
    const touched = new Set<string>()
    const records = manyKeys(n)
    const store = storeFromKeys(watched(records, touched))
    const env = classicEnv()
    touched.clear()
    const first = listKeys(env, store, { Limit: 10 })
    expect(E.isRight(first) && first.right.response.Keys.map((k) => k.KeyId)).toEqual(records.slice(0, 10).map((k) => k.keyId))
    expect(touched.size).toBe(11)
    touched.clear()
    const marker = E.isRight(first) ? first.right.response.NextMarker : undefined
    const second = listKeys(env, store, { Limit: 10, Marker: marker })
    expect(E.isRight(second) && second.right.response.Keys.map((k) => k.KeyId)).toEqual(records.slice(10, 20).map((k) => k.keyId))
    expect(touched.size).toBe(11)
  })

  it('ListAliases reads the keys of its page\'s aliases, whatever the number of aliases, and lists them by name', () => {
    const touched = new Set<string>()
    const records = manyKeys(n)
    const store = storeFromKeys(watched(records, touched))
    const env = classicEnv()
    const byName = records.map((k) => k.aliases[0]?.aliasName as string).sort()
    let marker: string | undefined
    for (let page = 0; page < 3; page++) {
      touched.clear()
      const listed = listAliases(env, store, { Limit: 25, ...(marker !== undefined ? { Marker: marker } : {}) })
      if (!E.isRight(listed)) throw new Error('refused')
      expect(listed.right.response.Aliases.map((a) => a.AliasName)).toEqual(byName.slice(page * 25, page * 25 + 25))
      expect(touched.size).toBe(25)
      marker = listed.right.response.NextMarker
    }
  })
})
