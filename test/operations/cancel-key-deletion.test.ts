/**
 * CancelKeyDeletion (docs/evidence.md §2, §2.1): only a key pending deletion; back to `PendingImport`
 * when it has no material, `Disabled` when it has.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { cancelKeyDeletion } from 'kms-key-import'
import { getKey } from '../../src/model/key-store.js'
import {
  createAwsKmsKey, createExternalKey, createKey, importedKey, describeKey, expectError, newKms, succeed,
} from '../support/kms.js'
import { classicEnv, handBuiltKey, presentMaterial, storeOf } from '../support/pure-env.js'

describe('CancelKeyDeletion', () => {
  it('refuses a key that is not pending deletion with KMSInvalidStateException "<arn> is not pending deletion." (PendingImport, Enabled, Disabled)', async () => {
    const kms = newKms()
    const external = await createExternalKey(kms)
    const enabled = await createAwsKmsKey(kms)
    const disabled = await createAwsKmsKey(kms)
    await succeed(kms, 'DisableKey', disabled.keyId)
    for (const { keyId, arn } of [external, enabled, disabled]) {
      expectError(await kms.call('CancelKeyDeletion', { KeyId: keyId }), 'KMSInvalidStateException', `${arn} is not pending deletion.`)
    }
  })

  it('returns an EXTERNAL key without material to PendingImport, and answers its ARN', async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    expect(await succeed(kms, 'CancelKeyDeletion', keyId)).toEqual({ KeyId: arn })
    const meta = await describeKey(kms, keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
    expect(meta).not.toHaveProperty('DeletionDate')
    expect(meta).not.toHaveProperty('PendingDeletionWindowInDays')
  })

  it('returns an AWS_KMS key to Disabled, not to the state it had before (Enabled)', async () => {
    const kms = newKms()
    const { keyId, arn } = await createAwsKmsKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    expect(await succeed(kms, 'CancelKeyDeletion', arn)).toEqual({ KeyId: arn })
    expect(await describeKey(kms, keyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false })
  })

  it('returns an AWS_KMS key to Disabled whatever its key spec, also an ML-DSA key (2025-06-05), for which this model generates no material', async () => {
    const kms = newKms({ profile: '2025-06-05' })
    for (const request of [{ KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' }, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, {}]) {
      const { keyId, arn } = await createKey(kms, request)
      await succeed(kms, 'ScheduleKeyDeletion', keyId)
      expect(await succeed(kms, 'CancelKeyDeletion', keyId)).toEqual({ KeyId: arn })
      expect(await describeKey(kms, keyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false })
    }
  })


  it('returns an EXTERNAL key whose material was imported to Disabled, not to Enabled', async () => {
    const kms = newKms()
    const { keyId, arn } = await importedKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    expect(await succeed(kms, 'CancelKeyDeletion', keyId)).toEqual({ KeyId: arn })
    expect(await describeKey(kms, keyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false })
  })

  it('returns an EXTERNAL key that holds material to Disabled (pure function, hand-built key)', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingDeletion', materials: [presentMaterial()] })
    const result = cancelKeyDeletion(classicEnv(), storeOf(key), { KeyId: key.keyId })
    if (E.isLeft(result)) throw new Error(result.left.message)
    expect(getKey(result.right.store, key.keyId)).toMatchObject({ state: 'Disabled', deletionDate: undefined, pendingDeletionWindowInDays: undefined })
  })

  it('leaves the input store as it was (pure function)', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingDeletion' })
    const store = storeOf(key)
    const result = cancelKeyDeletion(classicEnv(), store, { KeyId: key.keyId })
    expect(E.isRight(result)).toBe(true)
    expect(getKey(store, key.keyId)).toBe(key)
    expect(key.state).toBe('PendingDeletion')
  })
})
