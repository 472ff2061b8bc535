/**
 * SDK cases: CreateKey (EXTERNAL and AWS_KMS), DescribeKey, GetParametersForImport's answer, and
 * the state changes EnableKey / DisableKey / ScheduleKeyDeletion / CancelKeyDeletion.
 */
import { createPublicKey } from 'node:crypto'
import {
  CancelKeyDeletionCommand, CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, GetParametersForImportCommand,
  KMSInvalidStateException, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, DAY, type Kms, START, expectRefusal, keyArnPrefix } from '../harness.js'

const arnPattern = (kms: Kms): RegExp => new RegExp(`^${keyArnPrefix(kms.setting)}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

/** Creates an EXTERNAL key and returns its id and ARN. */
export const createExternalKey = async (kms: Kms): Promise<{ readonly keyId: string; readonly arn: string }> => {
  const out = await kms.client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'sdk' }))
  const keyId = out.KeyMetadata?.KeyId
  const arn = out.KeyMetadata?.Arn
  if (keyId === undefined || arn === undefined) throw new Error('CreateKey answered without KeyId or Arn')
  return { keyId, arn }
}

export const keyLifecycleCases = (kms: () => Kms): void => {
  describe('CreateKey and DescribeKey', () => {
    it('creates an EXTERNAL key without material: PendingImport, disabled, no expiry', async () => {
      const out = await kms().client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'sdk' }))
      expect(out.$metadata.httpStatusCode).toBe(200)
      expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
      const m = out.KeyMetadata
      expect(m?.Arn).toMatch(arnPattern(kms()))
      expect(m?.Arn?.endsWith(`:key/${m.KeyId ?? ''}`)).toBe(true)
      expect(m).toMatchObject({
        AWSAccountId: ACCOUNT, Description: 'sdk', Enabled: false, KeyState: 'PendingImport', Origin: 'EXTERNAL', KeyManager: 'CUSTOMER',
        KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', MultiRegion: false,
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      })
      expect(m?.CreationDate).toEqual(new Date(START))
      expect(m?.ExpirationModel).toBeUndefined()
      expect(m?.ValidTo).toBeUndefined()
    })

    it('describes the key by id and by ARN, exactly as CreateKey answered', async () => {
      const created = await kms().client.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))
      const byId = await kms().client.send(new DescribeKeyCommand({ KeyId: created.KeyMetadata?.KeyId }))
      const byArn = await kms().client.send(new DescribeKeyCommand({ KeyId: created.KeyMetadata?.Arn }))
      expect(byId.KeyMetadata).toEqual(created.KeyMetadata)
      expect(byArn.KeyMetadata).toEqual(created.KeyMetadata)
    })
  })

  describe('GetParametersForImport', () => {
    it('returns a 2048-bit DER SPKI public key, a token, validity of exactly 24 hours, and the key ARN', async () => {
      const { keyId, arn } = await createExternalKey(kms())
      const before = await kms().client.send(new DescribeKeyCommand({ KeyId: keyId }))
      const out = await kms().client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))
      expect(out.KeyId).toBe(arn)
      expect(out.PublicKey).toBeInstanceOf(Uint8Array)
      expect(out.PublicKey?.length).toBe(294)
      const publicKey = createPublicKey({ key: Buffer.from(out.PublicKey ?? new Uint8Array()), format: 'der', type: 'spki' })
      expect(publicKey.asymmetricKeyType).toBe('rsa')
      expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
      expect(out.ImportToken).toBeInstanceOf(Uint8Array)
      expect(out.ImportToken?.length).toBeGreaterThan(0)
      expect(out.ImportToken?.length).toBeLessThanOrEqual(6144)
      expect(out.ParametersValidTo).toBeInstanceOf(Date)
      expect(out.ParametersValidTo?.getTime()).toBe(START + DAY)
      const after = await kms().client.send(new DescribeKeyCommand({ KeyId: keyId }))
      expect(after.KeyMetadata).toEqual(before.KeyMetadata)
    })

    it('counts the 24 hours from the request instant', async () => {
      const { keyId } = await createExternalKey(kms())
      kms().clock.advance(90 * 60 * 1000)
      const out = await kms().client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }))
      expect(out.ParametersValidTo).toEqual(new Date(START + 90 * 60 * 1000 + DAY))
    })
  })

  describe('key states', () => {
    it('refuses EnableKey and DisableKey while the key is pending import', async () => {
      const { keyId, arn } = await createExternalKey(kms())
      await expectRefusal(kms().client.send(new EnableKeyCommand({ KeyId: keyId })), { type: KMSInvalidStateException, message: `${arn} is pending import.` })
      await expectRefusal(kms().client.send(new DisableKeyCommand({ KeyId: keyId })), { type: KMSInvalidStateException, message: `${arn} is pending import.` })
    })

    it('disables and enables a key that has material (AWS_KMS)', async () => {
      const created = await kms().client.send(new CreateKeyCommand({}))
      const keyId = created.KeyMetadata?.KeyId
      expect(created.KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true, Origin: 'AWS_KMS' })
      const disabled = await kms().client.send(new DisableKeyCommand({ KeyId: keyId }))
      expect(disabled.$metadata.httpStatusCode).toBe(200)
      expect((await kms().client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false })
      await kms().client.send(new EnableKeyCommand({ KeyId: keyId }))
      expect((await kms().client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true })
    })

    it('schedules deletion (DeletionDate = now + window) and cancels it back to PendingImport', async () => {
      const { keyId, arn } = await createExternalKey(kms())
      const scheduled = await kms().client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
      expect(scheduled.KeyId).toBe(arn)
      expect(scheduled.KeyState).toBe('PendingDeletion')
      expect(scheduled.PendingWindowInDays).toBe(7)
      expect(scheduled.DeletionDate).toEqual(new Date(START + 7 * DAY))
      const pending = await kms().client.send(new DescribeKeyCommand({ KeyId: keyId }))
      expect(pending.KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false })
      expect(pending.KeyMetadata?.PendingDeletionWindowInDays).toBeUndefined() // DOC API_KeyMetadata: PendingReplicaDeletion only
      expect(pending.KeyMetadata?.DeletionDate).toEqual(new Date(START + 7 * DAY))
      await expectRefusal(kms().client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId })), { type: KMSInvalidStateException, message: `${arn} is pending deletion.` })
      const cancelled = await kms().client.send(new CancelKeyDeletionCommand({ KeyId: keyId }))
      expect(cancelled.KeyId).toBe(arn)
      const after = await kms().client.send(new DescribeKeyCommand({ KeyId: keyId }))
      expect(after.KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
      expect(after.KeyMetadata?.DeletionDate).toBeUndefined()
      await expectRefusal(kms().client.send(new CancelKeyDeletionCommand({ KeyId: keyId })), { type: KMSInvalidStateException, message: `${arn} is not pending deletion.` })
    })
  })
}
