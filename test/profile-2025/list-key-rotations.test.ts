/**
 * ListKeyRotations (docs/evidence.md §8): ROTATIONS_ONLY (the default) lists the materials that became
 * CURRENT by rotation; ALL_KEY_MATERIAL every material, in order; pages with Limit and Marker.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createExternalKey, expectBody, expectError, expectOk, HOUR_MS, materialOf, seconds, type CreatedKey, type JsonObject, type Kms } from '../support/kms.js'
import { INVALID_MARKER, validation1 } from '../support/messages.js'
import { deleteMaterial, importNew, importedKeyWithId, listRotations, newKms, rotate } from './support.js'

describe('ListKeyRotations: what it lists (2025-06-05)', () => {
  it('a key with only its first material: nothing by default, the first material with ALL_KEY_MATERIAL', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms)
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId }), { Rotations: [], Truncated: false })
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ROTATIONS_ONLY' }), { Rotations: [], Truncated: false })
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.arn, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }), {
      Rotations: [{ KeyId: key.keyId, KeyMaterialId: id, ImportState: 'IMPORTED', KeyMaterialState: 'CURRENT', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }],
      Truncated: false,
    })
  })

  it('a key never imported: empty lists', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId }), { Rotations: [], Truncated: false })
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }), { Rotations: [], Truncated: false })
  })

  it('ROTATIONS_ONLY lists the rotated materials; ALL_KEY_MATERIAL first, non-current, current and pending, in order', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    kms.clock.advance(HOUR_MS)
    await rotate(kms, key)
    const idC = await importNew(kms, key, materialOf('C'), { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: seconds(kms.clock.now() + 30 * HOUR_MS) })
    kms.clock.advance(HOUR_MS)
    await rotate(kms, key)
    const idD = await importNew(kms, key, materialOf('D'), { KeyMaterialDescription: 'next one' })

    const a = { KeyId: key.keyId, KeyMaterialId: idA, ImportState: 'IMPORTED', KeyMaterialState: 'NON_CURRENT', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }
    const b = { ...a, KeyMaterialId: idB, RotationDate: seconds(kms.clock.now() - HOUR_MS), RotationType: 'ON_DEMAND' }
    const c = {
      KeyId: key.keyId, KeyMaterialId: idC, ImportState: 'IMPORTED', KeyMaterialState: 'CURRENT', ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: seconds(kms.clock.now() - HOUR_MS + 30 * HOUR_MS), RotationDate: seconds(kms.clock.now()), RotationType: 'ON_DEMAND',
    }
    const d = { KeyId: key.keyId, KeyMaterialId: idD, KeyMaterialDescription: 'next one', ImportState: 'IMPORTED', KeyMaterialState: 'PENDING_ROTATION', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId }), { Rotations: [b, c], Truncated: false })
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }), { Rotations: [a, b, c, d], Truncated: false })
  })

  it('shows deleted materials with ImportState PENDING_IMPORT and no expiry, in every key state', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    expectOk(await deleteMaterial(kms, key.keyId, idB))
    expectOk(await deleteMaterial(kms, key.keyId, idA))
    const expected = {
      Rotations: [
        { KeyId: key.keyId, KeyMaterialId: idA, ImportState: 'PENDING_IMPORT', KeyMaterialState: 'CURRENT' },
        { KeyId: key.keyId, KeyMaterialId: idB, ImportState: 'PENDING_IMPORT', KeyMaterialState: 'PENDING_ROTATION' },
      ],
      Truncated: false,
    }
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }), expected)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }), expected)
  })
})

describe('ListKeyRotations: validation and markers (2025-06-05)', () => {
  it.each([
    [0, 'have value greater than or equal to 1'],
    [1001, 'have value less than or equal to 1000'],
  ])('Limit %i → model ValidationException', async (limit, constraint) => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    expectError(await kms.call('ListKeyRotations', { KeyId: key.keyId, Limit: limit }), 'ValidationException', validation1(String(limit), 'limit', constraint))
  })

  it('Limit 1 and 1000 are accepted', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    for (const Limit of [1, 1000]) expectBody(await kms.call('ListKeyRotations', { KeyId: key.keyId, Limit }), { Rotations: [], Truncated: false })
  })

  it('an IncludeKeyMaterial outside the enum → model ValidationException', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    expectError(
      await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial: 'ALL' }),
      'ValidationException', validation1('ALL', 'includeKeyMaterial', 'satisfy enum value set: [ALL_KEY_MATERIAL, ROTATIONS_ONLY]'),
    )
  })

  it.each(['not-a-marker', 'x', 'AAAA', 'a2tpLXJvdGF0aW9uczp4', 'bWFya2VyOjE='])('a marker it did not issue (%j) → InvalidMarkerException', async (marker) => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms)
    await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    for (const IncludeKeyMaterial of ['ROTATIONS_ONLY', 'ALL_KEY_MATERIAL']) {
      expectError(await kms.call('ListKeyRotations', { KeyId: key.keyId, IncludeKeyMaterial, Marker: marker }), 'InvalidMarkerException', INVALID_MARKER)
    }
  })

  it('the NextMarker it issued leads to the next page', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms)
    const idB = await importNew(kms, key, materialOf('B'))
    const first = await listRotations(kms, key.keyId, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1 })
    expect(first).toMatchObject({ Truncated: true, Rotations: [{ KeyMaterialId: idA }] })
    expect(typeof first.NextMarker).toBe('string')
    const second = await listRotations(kms, key.keyId, { IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1, Marker: first.NextMarker })
    expect(second).toEqual({ Truncated: false, Rotations: [expect.objectContaining({ KeyMaterialId: idB })] })
  })
})

describe('ListKeyRotations: pagination (property)', () => {
  /** Keys with 0…MAX rotations, with or without a pending material, built once per shape in one emulator. */
  const MAX = 6
  const kms: Kms = newKms({ seed: 4 })
  const built = new Map<string, Promise<CreatedKey>>()
  const keyWith = (rotations: number, pending: boolean): Promise<CreatedKey> => {
    const shape = `${rotations}/${pending}`
    let key = built.get(shape)
    if (key === undefined) {
      key = (async () => {
        const { key: k } = await importedKeyWithId(kms, materialOf(`${shape}/0`))
        for (let i = 1; i <= rotations; i++) {
          await importNew(kms, k, materialOf(`${shape}/${i}`))
          kms.clock.advance(1000)
          await rotate(kms, k)
        }
        if (pending) await importNew(kms, k, materialOf(`${shape}/pending`))
        return k
      })()
      built.set(shape, key)
    }
    return key
  }

  it('Limit 1..n and Marker return every entry exactly once, in order, with Truncated and NextMarker right', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: MAX }), fc.boolean(), fc.constantFrom('ROTATIONS_ONLY', 'ALL_KEY_MATERIAL', undefined), fc.integer({ min: 1, max: MAX + 3 }),
        async (rotations, pending, mode, limit) => {
          const key = await keyWith(rotations, pending)
          const base = mode === undefined ? {} : { IncludeKeyMaterial: mode }
          const whole = await listRotations(kms, key.keyId, { ...base, Limit: 1000 })
          const expectedCount = mode === 'ALL_KEY_MATERIAL' ? rotations + 1 + (pending ? 1 : 0) : rotations
          const entries = whole.Rotations as readonly JsonObject[]
          expect(whole).toEqual({ Rotations: entries, Truncated: false })
          expect(entries).toHaveLength(expectedCount)
          expect(new Set(entries.map((e) => e.KeyMaterialId)).size).toBe(expectedCount)

          const pages: JsonObject[][] = []
          let marker: unknown
          for (;;) {
            const page = await listRotations(kms, key.keyId, { ...base, Limit: limit, ...(marker === undefined ? {} : { Marker: marker }) })
            const rows = page.Rotations as JsonObject[]
            pages.push(rows)
            expect(rows.length).toBeLessThanOrEqual(limit)
            if (page.Truncated === true) {
              expect(typeof page.NextMarker).toBe('string')
              expect(rows).toHaveLength(limit)
              expect(Object.keys(page).sort()).toEqual(['NextMarker', 'Rotations', 'Truncated'])
              marker = page.NextMarker
            } else {
              expect(page).toEqual({ Rotations: rows, Truncated: false })
              break
            }
            expect(pages.length).toBeLessThanOrEqual(expectedCount)
          }
          expect(pages.flat()).toEqual(entries)
          expect(pages).toHaveLength(Math.max(1, Math.ceil(expectedCount / limit)))
        },
      ),
      { numRuns: 120 },
    )
  })
})
