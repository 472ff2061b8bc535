/**
 * The classic profile as data (docs/evidence.md §1, §2.1, §3): the seed's era, read from the tables the
 * operations consume.
 */
import { describe, expect, it } from 'vitest'
import { classicProfile, defaultProfile, resolveProfile } from 'kms-key-import'

describe('the classic profile', () => {
  it('is the default, and resolves by name', () => {
    expect(defaultProfile).toBe(classicProfile)
    expect(resolveProfile('classic')).toBe(classicProfile)
  })

  it('has the seed\'s wrapping enums: RSA_2048 only; RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256', () => {
    expect(classicProfile.enums.wrappingKeySpec).toEqual(['RSA_2048'])
    expect(classicProfile.enums.wrappingAlgorithm).toEqual(['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'])
    expect(classicProfile.wrappingRules).toEqual([])
  })

  it('makes import parameters valid for 24 hours and caps blobs and KeyId as the service model does', () => {
    expect(classicProfile.limits).toMatchObject({ importParametersValidityMs: 86_400_000, maxBlobBytes: 6144, maxKeyIdLength: 2048 })
    expect(classicProfile.limits).toMatchObject({ minPendingWindowInDays: 7, maxPendingWindowInDays: 30, defaultPendingWindowInDays: 30 })
  })

  it('has one key material per key (no multiple materials)', () => {
    expect(classicProfile.features.multipleKeyMaterials).toBe(false)
    expect(classicProfile.enums.importType).toEqual([])
  })

  it('marks GetParametersForImport EXTERNAL-only, allowed in Enabled, Disabled and PendingImport, refused pending deletion', () => {
    const row = classicProfile.stateTable.GetParametersForImport
    expect(row.externalOnly).toBe(true)
    expect(row.states.Enabled).toEqual({ allow: true })
    expect(row.states.Disabled).toEqual({ allow: true })
    expect(row.states.PendingImport).toEqual({ allow: true })
    expect(row.states.PendingDeletion).toEqual({ allow: false, exception: 'KMSInvalidStateException', message: 'pendingDeletion' })
  })

  it('keeps SM2 to the China partition', () => {
    expect(classicProfile.keySpecs.SM2?.partitions).toEqual(['aws-cn'])
  })
})
