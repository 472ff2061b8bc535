/**
 * ImportKeyMaterial under the 2025-06-05 profile (docs/evidence.md §4, §8): ImportType and its defaults,
 * KeyMaterialId (computed, checked, validated), KeyMaterialDescription, symmetric keys only, and
 * the `{KeyId, KeyMaterialId}` response.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createExternalKey, createKey, DAY_MS, describeKey, expectError, expectOk, keyState, materialOf, seconds, T0, type CreatedKey, type Kms } from '../support/kms.js'
import { alreadyAssociated, MATERIAL_ID_WITH_NEW, MATERIAL_MISMATCH, materialIdMismatch, SYMMETRIC_ONLY, validation1 } from '../support/messages.js'
import { allMaterials, deleteMaterial, importNew, importOk, importReply, importedKeyWithId, newKms, rotate } from './support.js'

const ids = async (kms: Kms, key: CreatedKey): Promise<readonly (readonly unknown[])[]> =>
  (await allMaterials(kms, key.keyId)).map((m) => [m.KeyMaterialId, m.KeyMaterialState, m.ImportState])

describe('ImportType defaults (docs/evidence.md §8)', () => {
  it('defaults to NEW_KEY_MATERIAL when nothing was ever imported: the material is CURRENT at once', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const id = await importOk(kms, key, materialOf('A'))
    expect(await ids(kms, key)).toEqual([[id, 'CURRENT', 'IMPORTED']])
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, CurrentKeyMaterialId: id })
  })

  it('accepts an explicit NEW_KEY_MATERIAL for the first material', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const id = await importNew(kms, key, materialOf('A'))
    expect(await ids(kms, key)).toEqual([[id, 'CURRENT', 'IMPORTED']])
  })

  it('defaults to EXISTING_KEY_MATERIAL after: the same material reimports with the same id, other material is refused', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms, materialOf('A'))
    expect(await importOk(kms, key, materialOf('A'))).toBe(id)
    expectError(await importReply(kms, key.keyId, materialOf('B')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expect(await ids(kms, key)).toEqual([[id, 'CURRENT', 'IMPORTED']])
  })

  it('defaults to EXISTING_KEY_MATERIAL also once the only material was deleted', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms, materialOf('A'))
    expectOk(await deleteMaterial(kms, key.keyId))
    expectError(await importReply(kms, key.keyId, materialOf('B')), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
    expect(await importOk(kms, key, materialOf('A'))).toBe(id)
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
  })
})

describe('NEW_KEY_MATERIAL with material already associated', () => {
  const incorrect = 'IncorrectKeyMaterialException'

  it('refuses the CURRENT material', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms, materialOf('A'))
    expectError(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'NEW_KEY_MATERIAL' }), incorrect, alreadyAssociated(key.arn))
  })

  it('refuses a NON_CURRENT material', async () => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms, materialOf('A'))
    await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    expectError(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'NEW_KEY_MATERIAL' }), incorrect, alreadyAssociated(key.arn))
  })

  it('refuses a deleted material (its id stays with the key), which EXISTING_KEY_MATERIAL reimports', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms, materialOf('A'))
    expectOk(await deleteMaterial(kms, key.keyId))
    expectError(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'NEW_KEY_MATERIAL' }), incorrect, alreadyAssociated(key.arn))
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
    expect(await importOk(kms, key, materialOf('A'), { ImportType: 'EXISTING_KEY_MATERIAL' })).toBe(id)
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
  })
})

describe('EXISTING_KEY_MATERIAL with material not associated', () => {
  it('is refused on a key that never held material, which stays PendingImport', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectError(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'EXISTING_KEY_MATERIAL' }), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
    expect(await allMaterials(kms, key.keyId)).toEqual([])
  })

  it('is refused for material the key does not hold', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms, materialOf('A'))
    expectError(await importReply(kms, key.keyId, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL' }), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
    expect(await ids(kms, key)).toEqual([[id, 'CURRENT', 'IMPORTED']])
  })

  it('reimports every material the key holds: CURRENT, NON_CURRENT and PENDING_ROTATION, each keeping its state', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms, materialOf('A'))
    const idB = await importNew(kms, key, materialOf('B'))
    await rotate(kms, key)
    const idC = await importNew(kms, key, materialOf('C'))
    for (const [label, id] of [['A', idA], ['B', idB], ['C', idC]] as const) {
      expect(await importOk(kms, key, materialOf(label), { ImportType: 'EXISTING_KEY_MATERIAL' })).toBe(id)
    }
    expect(await ids(kms, key)).toEqual([[idA, 'NON_CURRENT', 'IMPORTED'], [idB, 'CURRENT', 'IMPORTED'], [idC, 'PENDING_ROTATION', 'IMPORTED']])
  })
})

describe('KeyMaterialId in the request', () => {
  it('may not be combined with NEW_KEY_MATERIAL: ValidationException, before the key is looked at', async () => {
    const kms = newKms()
    const { key, id } = await importedKeyWithId(kms, materialOf('A'))
    expectError(await importReply(kms, key.keyId, materialOf('B'), { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: id }), 'ValidationException', MATERIAL_ID_WITH_NEW)
    const fresh = await createExternalKey(kms)
    expectError(await importReply(kms, fresh.keyId, materialOf('B'), { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: 'a'.repeat(64) }), 'ValidationException', MATERIAL_ID_WITH_NEW)
    expect(await keyState(kms, fresh.keyId)).toBe('PendingImport')
  })

  it('with NEW_KEY_MATERIAL is refused before the ExpirationModel / ValidTo rules are looked at', async () => {
    // ImportKeyMaterial's order of checks (docs/evidence.md §4): the request's members first, then
    // ExpirationModel / ValidTo. A request that breaks both rules is named by the first.
    const kms = newKms()
    const key = await createExternalKey(kms)
    const noValidTo = { ExpirationModel: 'KEY_MATERIAL_EXPIRES' }
    const validToWithoutExpiry = { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: seconds(T0 + DAY_MS) }
    for (const expiry of [noValidTo, validToWithoutExpiry]) {
      const reply = await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: 'a'.repeat(64), ...expiry })
      expectError(reply, 'ValidationException', MATERIAL_ID_WITH_NEW)
    }
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
  })

  it('with EXISTING_KEY_MATERIAL must be the id of the material sent', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms, materialOf('A'))
    const idB = await importNew(kms, key, materialOf('B'))
    const other = await importedKeyWithId(kms, materialOf('A'))
    for (const wrong of [idB, other.id, 'f'.repeat(64)]) {
      expectError(
        await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: wrong }),
        'IncorrectKeyMaterialException', materialIdMismatch(wrong),
      )
    }
    expect(await importOk(kms, key, materialOf('A'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: idA })).toBe(idA)
    expect(await importOk(kms, key, materialOf('B'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: idB })).toBe(idB)
  })

  it('with ImportType omitted (EXISTING by default) must be the id of the material sent', async () => {
    const kms = newKms()
    const { key, id: idA } = await importedKeyWithId(kms, materialOf('A'))
    const idB = await importNew(kms, key, materialOf('B'))
    expectError(await importReply(kms, key.keyId, materialOf('A'), { KeyMaterialId: idB }), 'IncorrectKeyMaterialException', materialIdMismatch(idB))
    expect(await importOk(kms, key, materialOf('A'), { KeyMaterialId: idA })).toBe(idA)
  })

  it.each([
    ['uppercase hex', 'A'.repeat(64), 'satisfy regular expression pattern: ^[a-f0-9]+$'],
    ['a non-hex letter', `${'a'.repeat(63)}g`, 'satisfy regular expression pattern: ^[a-f0-9]+$'],
    ['63 characters', 'a'.repeat(63), 'have length greater than or equal to 64'],
    ['65 characters', 'a'.repeat(65), 'have length less than or equal to 64'],
    ['a space', `${'0'.repeat(32)} ${'0'.repeat(31)}`, 'satisfy regular expression pattern: ^[a-f0-9]+$'],
  ])('that is not 64 lowercase hex characters (%s) is a model ValidationException', async (_, value, constraint) => {
    const kms = newKms()
    const { key } = await importedKeyWithId(kms, materialOf('A'))
    expectError(await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: value }), 'ValidationException', validation1(value, 'keyMaterialId', constraint))
  })
})

describe('ImportType and KeyMaterialDescription validation', () => {
  it('refuses an ImportType outside the enum with the model message', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectError(
      await importReply(kms, key.keyId, materialOf('A'), { ImportType: 'NEW' }),
      'ValidationException', validation1('NEW', 'importType', 'satisfy enum value set: [NEW_KEY_MATERIAL, EXISTING_KEY_MATERIAL]'),
    )
  })

  it('accepts a description of 256 characters of the allowed set and lists it', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const description = 'Az09:/_ .-\t'.repeat(23).padEnd(256, 'x')
    expect(description).toHaveLength(256)
    const id = await importOk(kms, key, materialOf('A'), { KeyMaterialDescription: description })
    expect(await allMaterials(kms, key.keyId)).toEqual([
      { KeyId: key.keyId, KeyMaterialId: id, KeyMaterialDescription: description, ImportState: 'IMPORTED', KeyMaterialState: 'CURRENT', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
    ])
  })

  it('refuses a description over 256 characters with the model message', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const description = 'd'.repeat(257)
    expectError(
      await importReply(kms, key.keyId, materialOf('A'), { KeyMaterialDescription: description }),
      'ValidationException', validation1(description, 'keyMaterialDescription', 'have length less than or equal to 256'),
    )
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
  })

  it.each(['bad!', 'semi;colon', 'star*', 'caf\u00e9', 'hash#', 'at@sign', 'comma,'])('refuses the description %j (a character outside [a-zA-Z0-9:/_\\s.-])', async (description) => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectError(
      await importReply(kms, key.keyId, materialOf('A'), { KeyMaterialDescription: description }),
      'ValidationException', validation1(description, 'keyMaterialDescription', 'satisfy regular expression pattern: ^[a-zA-Z0-9:/_\\s.-]+$'),
    )
  })
})

describe('ImportType, KeyMaterialId and KeyMaterialDescription on keys that are not symmetric', () => {
  const members = [
    ['ImportType NEW_KEY_MATERIAL', { ImportType: 'NEW_KEY_MATERIAL' }],
    ['ImportType EXISTING_KEY_MATERIAL', { ImportType: 'EXISTING_KEY_MATERIAL' }],
    ['KeyMaterialId', { KeyMaterialId: 'a'.repeat(64) }],
    ['KeyMaterialDescription', { KeyMaterialDescription: 'hmac material' }],
  ] as const

  const hmacMaterial = materialOf('hmac')
  /** A P-256 private key, PKCS#8 DER (public test data, generated once with node:crypto). */
  const eccMaterial = (): Uint8Array => new Uint8Array(Buffer.from(
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0dRyQ5Ovb3nw/WzRvLRpw/JFK71YWYz9T2y1nSklF6OhRANCAARD5GI3Fc/y3T+POBsvo058W+29J75TQ53xzKrUVBTUd9LT18B2AXPLnab3z2nfqoqU4YjpThv3ZF5K8dZbpHRt',
    'base64',
  ))

  it.each([
    ['HMAC_256', 'GENERATE_VERIFY_MAC', (): Uint8Array => hmacMaterial],
    ['ECC_NIST_P256', 'SIGN_VERIFY', eccMaterial],
  ] as const)('a %s key refuses each with ValidationException, and imports without them', async (keySpec, keyUsage, material) => {
    const kms = newKms()
    const key = await createKey(kms, { KeySpec: keySpec, KeyUsage: keyUsage, Origin: 'EXTERNAL' })
    const bytes = material()
    for (const [, extra] of members) {
      expectError(await importReply(kms, key.keyId, bytes, extra), 'ValidationException', SYMMETRIC_ONLY)
    }
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
    const body = expectOk(await importReply(kms, key.keyId, bytes))
    expect(body.KeyId).toBe(key.arn)
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
    // DescribeKey shows CurrentKeyMaterialId only for symmetric keys (docs/evidence.md §8).
    expect(await describeKey(kms, key.keyId)).not.toHaveProperty('CurrentKeyMaterialId')
  })
})

describe('KeyMaterialId of the response', () => {
  it('is 64 lowercase hex, the same for the same (key, material), different across keys and materials', async () => {
    const kms = newKms()
    const k1 = await createExternalKey(kms)
    const k2 = await createExternalKey(kms)
    const a1 = await importOk(kms, k1, materialOf('A'))
    const a2 = await importOk(kms, k2, materialOf('A'))
    const b1 = await importNew(kms, k1, materialOf('B'))
    expect(await importOk(kms, k1, materialOf('A'))).toBe(a1)
    expect(await importOk(kms, k1, materialOf('B'))).toBe(b1)
    expect(new Set([a1, a2, b1]).size).toBe(3)
  })

  it('is the same in two emulators of the same seed (deterministic), for the same key and material', async () => {
    const [x, y] = [newKms({ seed: 99 }), newKms({ seed: 99 })]
    const kx = await createExternalKey(x)
    const ky = await createExternalKey(y)
    expect(ky).toEqual(kx)
    expect(await importOk(y, ky, materialOf('A'))).toBe(await importOk(x, kx, materialOf('A')))
  })

  it('reveals nothing obvious about the material: not its hex, not its SHA-256, not a SHA-256 over key id and material', async () => {
    const kms = newKms()
    const material = materialOf('A')
    const { key, id } = await importedKeyWithId(kms, material)
    const sha = (...parts: (string | Uint8Array)[]): string => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex')
    expect([Buffer.from(material).toString('hex'), sha(material), sha(key.keyId, material), sha(key.keyId, new Uint8Array([0]), material)]).not.toContain(id)
  })

  it('property: for any 32-byte material, reimport gives the same id and another key another id', async () => {
    const kms = newKms()
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), async (material, asPending) => {
        const k1 = await createExternalKey(kms)
        const k2 = await createExternalKey(kms)
        if (asPending) await importOk(kms, k1, materialOf('first'))
        const id1 = asPending ? await importNew(kms, k1, material) : await importOk(kms, k1, material)
        const id2 = await importOk(kms, k2, material)
        expect(id2).not.toBe(id1)
        expect(await importOk(kms, k1, material, { ImportType: 'EXISTING_KEY_MATERIAL' })).toBe(id1)
        expect(await importOk(kms, k2, material)).toBe(id2)
      }),
      { numRuns: 25 },
    )
  })
})
