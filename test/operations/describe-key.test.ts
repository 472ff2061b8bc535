/**
 * DescribeKey (docs/evidence.md §2, §2.1): the metadata shape, every state, aliases.
 */
import { describe, expect, it } from 'vitest'
import {
  ACCOUNT, DAY_MS, OTHER_ACCOUNT, T0, UNKNOWN_KEY_ID, arnOf, createAwsKmsKey, createExternalKey, createKey, describeKey, expectError,
  newKms, succeed, type JsonObject,
} from '../support/kms.js'

describe('DescribeKey: KeyMetadata', () => {
  it('describes a new EXTERNAL key exactly: PendingImport, Enabled false, no ExpirationModel / ValidTo, CreationDate in epoch seconds', async () => {
    const kms = newKms({ start: T0 + 500 })
    const { keyId, arn } = await createExternalKey(kms)
    kms.clock.advance(DAY_MS)
    expect(await describeKey(kms, keyId)).toEqual({
      AWSAccountId: ACCOUNT,
      KeyId: keyId,
      Arn: arn,
      CreationDate: (T0 + 500) / 1000,
      Enabled: false,
      Description: '',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'PendingImport',
      Origin: 'EXTERNAL',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    })
  })

  // DOC API_KeyMetadata: PendingDeletionWindowInDays "is present only when the KeyState of the KMS key is
  // PendingReplicaDeletion"; multi-region-keys-delete.html: "While the key state is PendingDeletion, the
  // DeletionDate field appears instead", with AWS's DescribeKey example of a PendingDeletion key that has none.
  it('shows DeletionDate, and not PendingDeletionWindowInDays, while PendingDeletion (single-Region key)', async () => {
    const kms = newKms()
    const { keyId } = await createAwsKmsKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: 9 })
    const meta = await describeKey(kms, keyId)
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: (T0 + 9 * DAY_MS) / 1000 })
    expect(meta).not.toHaveProperty('PendingDeletionWindowInDays')
  })

  it('shows neither DeletionDate nor PendingDeletionWindowInDays when the key is not scheduled for deletion', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    const meta = await describeKey(kms, keyId)
    expect(meta).not.toHaveProperty('DeletionDate')
    expect(meta).not.toHaveProperty('PendingDeletionWindowInDays')
  })

  it('lists the algorithms of the key spec and usage', async () => {
    const kms = newKms()
    const meta = async (req: Readonly<Record<string, unknown>>): Promise<JsonObject> => describeKey(kms, (await createKey(kms, req)).keyId)
    expect(await meta({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' })).toMatchObject({ MacAlgorithms: ['HMAC_SHA_384'] })
    expect(await meta({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).toMatchObject({ EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] })
    expect(await meta({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' })).toMatchObject({ SigningAlgorithms: ['ECDSA_SHA_384'] })
  })
})

describe('DescribeKey: identifiers', () => {
  it('takes aliases, unlike GetParametersForImport: "Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found."', async () => {
    const kms = newKms()
    expectError(await kms.call('DescribeKey', { KeyId: 'alias/x' }), 'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.')
    expectError(await kms.call('DescribeKey', { KeyId: 'arn:aws:kms:us-east-1:111122223333:alias/x' }), 'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.')
  })

  it('names an alias with the partition of its region', async () => {
    const kms = newKms({ region: 'cn-north-1' })
    expectError(await kms.call('DescribeKey', { KeyId: 'alias/x' }), 'NotFoundException', 'Alias arn:aws-cn:kms:cn-north-1:111122223333:alias/x is not found.')
  })

  it('answers the NotFound / InvalidArn family like GetParametersForImport', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    expectError(await kms.call('DescribeKey', { KeyId: UNKNOWN_KEY_ID }), 'NotFoundException', `Key '${arnOf(UNKNOWN_KEY_ID)}' does not exist`)
    expectError(await kms.call('DescribeKey', { KeyId: 'nope' }), 'NotFoundException', "Invalid keyId 'nope'")
    expectError(await kms.call('DescribeKey', { KeyId: arnOf(keyId, 'ap-south-1') }), 'NotFoundException', 'Invalid arn ap-south-1')
    const foreign = arnOf(keyId, 'us-east-1', OTHER_ACCOUNT)
    expectError(await kms.call('DescribeKey', { KeyId: foreign }), 'NotFoundException', `Key '${foreign}' does not exist`)
    expectError(await kms.call('DescribeKey', { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/x' }), 'InvalidArnException',
      "Invalid arn 'arn:aws:kms:us-east-1:111122223333:key/x'")
  })
})
