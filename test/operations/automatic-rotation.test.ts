/**
 * Automatic rotation around an imported key (docs/evidence.md §12): EnableKeyRotation and
 * DisableKeyRotation refuse EXTERNAL keys in every state, as AWS does; so does GetKeyRotationStatus
 * before the 2025-06-05 profile, which answers for them (false) and adds KeyId,
 * RotationPeriodInDays and NextRotationDate.
 */
import { describe, expect, it } from 'vitest'
import { DAY_MS, createAwsKmsKey, createExternalKey, createKey, expectError, expectOk, importedKey, newKms } from '../support/kms.js'
import { disabled, noAutomaticRotation, pendingDeletion, wrongOrigin } from '../support/messages.js'

describe('EnableKeyRotation and DisableKeyRotation', () => {
  it.each(['classic', '2023-10-10', '2025-06-05'] as const)('%s: refuse EXTERNAL keys, with or without material, and keys that are not symmetric', async (profile) => {
    const kms = newKms({ profile })
    for (const key of [await createExternalKey(kms), await importedKey(kms)]) {
      for (const operation of ['EnableKeyRotation', 'DisableKeyRotation']) {
        expectError(await kms.call(operation, { KeyId: key.keyId }), 'UnsupportedOperationException', wrongOrigin(key.arn, 'EXTERNAL'))
      }
    }
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    expectError(await kms.call('EnableKeyRotation', { KeyId: hmac.keyId }), 'UnsupportedOperationException', noAutomaticRotation(hmac.arn, 'HMAC_256'))
  })

  it('on a generated key: Disabled is DisabledException, PendingDeletion KMSInvalidStateException', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    expectError(await kms.call('EnableKeyRotation', { KeyId: key.keyId }), 'DisabledException', disabled(key.arn))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectError(await kms.call('DisableKeyRotation', { KeyId: key.keyId }), 'KMSInvalidStateException', pendingDeletion(key.arn))
  })
})

describe('GetKeyRotationStatus', () => {
  it('classic and 2023-10-10: KeyRotationEnabled only; imported keys are refused with the origin message (key-state.html [6], [7])', async () => {
    for (const profile of ['classic', '2023-10-10'] as const) {
      const kms = newKms({ profile })
      const imported = await importedKey(kms)
      expectError(await kms.call('GetKeyRotationStatus', { KeyId: imported.keyId }), 'UnsupportedOperationException', wrongOrigin(imported.arn, 'EXTERNAL'))
      const generated = await createAwsKmsKey(kms)
      expectOk(await kms.call('EnableKeyRotation', { KeyId: generated.keyId, RotationPeriodInDays: 90 })) // not a member of these eras: ignored
      expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: generated.keyId }))).toEqual({ KeyRotationEnabled: true })
    }
  })

  it('2025-06-05: KeyId always, period and next rotation date while enabled; false while pending deletion', async () => {
    const kms = newKms({ profile: '2025-06-05' })
    const imported = await createExternalKey(kms)
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: imported.keyId }))).toEqual({ KeyRotationEnabled: false, KeyId: imported.arn })
    const key = await createAwsKmsKey(kms)
    const enabledAt = kms.clock.now()
    expectOk(await kms.call('EnableKeyRotation', { KeyId: key.keyId, RotationPeriodInDays: 90 }))
    kms.clock.advance(100 * DAY_MS)
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: key.arn }))).toEqual({
      KeyRotationEnabled: true, KeyId: key.arn, RotationPeriodInDays: 90, NextRotationDate: (enabledAt + 180 * DAY_MS) / 1000,
    })
    expectError(await kms.call('EnableKeyRotation', { KeyId: key.keyId, RotationPeriodInDays: 89 }), 'ValidationException',
      "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90")
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: key.keyId }))).toEqual({ KeyRotationEnabled: false, KeyId: key.arn })
    expectOk(await kms.call('CancelKeyDeletion', { KeyId: key.keyId }))
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: key.keyId })).KeyRotationEnabled).toBe(true) // restored, as AWS documents
  })
})
