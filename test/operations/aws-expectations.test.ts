/**
 * The expectation table of docs/evidence.md §12 ("Expectation table, checked by
 * test/operations/aws-expectations.test.ts"): what AWS's own documentation (and, where recorded,
 * AWS's observed answers) says the operations around a key do, built from AWS's pages before this
 * library was read, and run against the library. One `it` per row, named by the row's id (E01…);
 * the table gives each row's source. Exception names are asserted exactly; messages only where AWS
 * documents them (the key-state table's footnotes) or docs/evidence.md records them as OBS. Where
 * AWS's texts disagree with each other, or name no exception, the row says so and asserts the
 * library's recorded choice (docs/decisions.md), marked CHOSEN.
 */
import { describe, expect, it } from 'vitest'
import {
  DAY_MS, bytesAt, createAwsKmsKey, createExternalKey, createKey, describeKey, expectError, expectErrorType, expectOk, importedKey, keyState, newKms, objectAt,
  stringAt, type CreatedKey, type Kms,
} from '../support/kms.js'
import { ALIAS_PREFIX, DATA_KEY_SIZE, aliasExists, disabled, notPendingDeletion, pendingDeletion, pendingImport, wrongOrigin } from '../support/messages.js'

const aliasArn = (name: string): string => `arn:aws:kms:us-east-1:111122223333:${name}`
const validation = (value: string, member: string, constraint: string): string =>
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`

/** A key in each of the four states a single-Region key can have here. */
const inState = {
  Enabled: (kms: Kms): Promise<CreatedKey> => createAwsKmsKey(kms),
  Disabled: async (kms: Kms): Promise<CreatedKey> => {
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    return key
  },
  PendingImport: (kms: Kms): Promise<CreatedKey> => createExternalKey(kms),
  PendingDeletion: async (kms: Kms): Promise<CreatedKey> => {
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    return key
  },
} as const

/** The four data-key operations with a minimal request for `keyId`. */
const dataKeyCalls = (keyId: string): ReadonlyArray<readonly [string, Record<string, unknown>]> => [
  ['GenerateDataKey', { KeyId: keyId, KeySpec: 'AES_256' }],
  ['GenerateDataKeyWithoutPlaintext', { KeyId: keyId, KeySpec: 'AES_256' }],
  ['GenerateDataKeyPair', { KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256' }],
  ['GenerateDataKeyPairWithoutPlaintext', { KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256' }],
]

describe('key states (DOC key-state.html and its footnotes)', () => {
  it('E01 UpdateKeyDescription: refused while PendingDeletion ([3]); served while Disabled and PendingImport', async () => {
    const kms = newKms()
    const gone = await inState.PendingDeletion(kms)
    expectError(await kms.call('UpdateKeyDescription', { KeyId: gone.keyId, Description: 'x' }), 'KMSInvalidStateException', pendingDeletion(gone.arn))
    for (const key of [await inState.Disabled(kms), await inState.PendingImport(kms)]) {
      expectOk(await kms.call('UpdateKeyDescription', { KeyId: key.keyId, Description: 'new' }))
      expect((await describeKey(kms, key.keyId)).Description).toBe('new')
    }
  })

  it('E02 CreateAlias: a target PendingDeletion is refused ([3]); Disabled and PendingImport targets are served', async () => {
    const kms = newKms()
    const gone = await inState.PendingDeletion(kms)
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/gone', TargetKeyId: gone.keyId }), 'KMSInvalidStateException', pendingDeletion(gone.arn))
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/off', TargetKeyId: (await inState.Disabled(kms)).keyId }))
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/empty', TargetKeyId: (await inState.PendingImport(kms)).keyId }))
  })

  it('E03 UpdateAlias: a new target PendingDeletion is refused ([10]: "<key ARN> is pending deletion.")', async () => {
    const kms = newKms()
    const current = await createAwsKmsKey(kms)
    const target = await inState.PendingDeletion(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: current.keyId }))
    expectError(await kms.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: target.keyId }), 'KMSInvalidStateException', pendingDeletion(target.arn))
  })

  it('E04 UpdateAlias: the alias of a key PendingDeletion can be moved away ([10]: "If the source KMS key is pending deletion, the command succeeds")', async () => {
    const kms = newKms()
    const current = await createAwsKmsKey(kms)
    const target = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: current.keyId }))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: current.keyId, PendingWindowInDays: 7 }))
    expectOk(await kms.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: target.keyId }))
    expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: 'alias/app' })), 'KeyMetadata'), 'KeyId')).toBe(target.keyId)
  })

  it('E05 DeleteAlias and ListAliases: served for a key PendingDeletion', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/a', TargetKeyId: key.keyId }))
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/b', TargetKeyId: key.keyId }))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectOk(await kms.call('DeleteAlias', { AliasName: 'alias/a' }))
    const listed = expectOk(await kms.call('ListAliases', { KeyId: key.keyId }))
    expect((listed.Aliases as Array<Record<string, unknown>>).map((a) => a.AliasName)).toEqual(['alias/b'])
  })

  it('E06 TagResource and UntagResource: refused while PendingDeletion ([3])', async () => {
    const kms = newKms()
    const key = await inState.PendingDeletion(kms)
    expectError(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] }), 'KMSInvalidStateException', pendingDeletion(key.arn))
    expectError(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: ['k'] }), 'KMSInvalidStateException', pendingDeletion(key.arn))
  })

  it('E07 ListResourceTags, GetKeyPolicy, PutKeyPolicy, ListKeyPolicies: served in every state', async () => {
    const kms = newKms()
    for (const make of Object.values(inState)) {
      const key = await make(kms)
      expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId }))
      const policy = stringAt(expectOk(await kms.call('GetKeyPolicy', { KeyId: key.keyId, PolicyName: 'default' })), 'Policy')
      expectOk(await kms.call('PutKeyPolicy', { KeyId: key.keyId, PolicyName: 'default', Policy: policy }))
      expectOk(await kms.call('ListKeyPolicies', { KeyId: key.keyId }))
    }
  })

  it('E08 GenerateDataKey, …WithoutPlaintext, GenerateDataKeyPair, …WithoutPlaintext: Disabled is DisabledException ([1])', async () => {
    const kms = newKms()
    const key = await inState.Disabled(kms)
    for (const [operation, request] of dataKeyCalls(key.keyId)) expectError(await kms.call(operation, request), 'DisabledException', disabled(key.arn))
  })

  it('E09 the four data-key operations: PendingImport is KMSInvalidStateException ([5])', async () => {
    const kms = newKms()
    const key = await inState.PendingImport(kms)
    for (const [operation, request] of dataKeyCalls(key.keyId)) expectError(await kms.call(operation, request), 'KMSInvalidStateException', pendingImport(key.arn))
  })

  it('E10 the four data-key operations: PendingDeletion is "[2] or [3]" (DisabledException or KMSInvalidStateException, "<key ARN> is pending deletion.")', async () => {
    const kms = newKms()
    const key = await inState.PendingDeletion(kms)
    for (const [operation, request] of dataKeyCalls(key.keyId)) {
      const reply = await kms.call(operation, request)
      expect(['DisabledException', 'KMSInvalidStateException']).toContain(reply.body.__type)
      expect(reply.body.message).toBe(pendingDeletion(key.arn))
    }
  })

  it('E11 ReEncrypt: a Disabled source or destination is DisabledException ([1]); a destination PendingImport KMSInvalidStateException ([5])', async () => {
    const kms = newKms()
    const source = await createAwsKmsKey(kms)
    const blob = stringAt(expectOk(await kms.call('Encrypt', { KeyId: source.keyId, Plaintext: 'eA==' })), 'CiphertextBlob')
    const off = await inState.Disabled(kms)
    expectError(await kms.call('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: off.keyId }), 'DisabledException', disabled(off.arn))
    const empty = await inState.PendingImport(kms)
    expectError(await kms.call('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: empty.keyId }), 'KMSInvalidStateException', pendingImport(empty.arn))
    expectOk(await kms.call('DisableKey', { KeyId: source.keyId }))
    expectError(await kms.call('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: (await createAwsKmsKey(kms)).keyId }), 'DisabledException', disabled(source.arn))
  })

  it('E12 EnableKeyRotation and DisableKeyRotation of a KMS-generated key: Disabled is DisabledException ([1]), PendingDeletion KMSInvalidStateException ([3])', async () => {
    const kms = newKms()
    const off = await inState.Disabled(kms)
    const gone = await inState.PendingDeletion(kms)
    for (const operation of ['EnableKeyRotation', 'DisableKeyRotation']) {
      expectError(await kms.call(operation, { KeyId: off.keyId }), 'DisabledException', disabled(off.arn))
      expectError(await kms.call(operation, { KeyId: gone.keyId }), 'KMSInvalidStateException', pendingDeletion(gone.arn))
    }
  })

  it('E13 EnableKeyRotation and DisableKeyRotation of an EXTERNAL key, with or without material: UnsupportedOperationException "<key ARN> origin is EXTERNAL which is not valid for this operation." ([6], [7])', async () => {
    for (const profile of ['classic', '2023-10-10', '2025-06-05'] as const) {
      const kms = newKms({ profile })
      for (const key of [await createExternalKey(kms), await importedKey(kms)]) {
        for (const operation of ['EnableKeyRotation', 'DisableKeyRotation']) {
          expectError(await kms.call(operation, { KeyId: key.keyId }), 'UnsupportedOperationException', wrongOrigin(key.arn, 'EXTERNAL'))
        }
      }
    }
  })

  it('E14 GetKeyRotationStatus of an EXTERNAL key (classic, 2023-10-10): UnsupportedOperationException "<key ARN> origin is EXTERNAL which is not valid for this operation." ([6], [7]; OBS)', async () => {
    for (const profile of ['classic', '2023-10-10'] as const) {
      const kms = newKms({ profile })
      const empty = await createExternalKey(kms)
      const imported = await importedKey(kms)
      const off = await importedKey(kms)
      expectOk(await kms.call('DisableKey', { KeyId: off.keyId }))
      const gone = await createExternalKey(kms)
      expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: gone.keyId, PendingWindowInDays: 7 }))
      for (const key of [empty, imported, off, gone]) {
        expectError(await kms.call('GetKeyRotationStatus', { KeyId: key.keyId }), 'UnsupportedOperationException', wrongOrigin(key.arn, 'EXTERNAL'))
      }
    }
  })

  it('E15 GetKeyRotationStatus of an EXTERNAL key (2025-06-05, on-demand rotation of imported keys): CHOSEN, answered: false', async () => {
    const kms = newKms({ profile: '2025-06-05' })
    const key = await importedKey(kms)
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: key.keyId }))).toEqual({ KeyRotationEnabled: false, KeyId: key.arn })
  })

  it('E16 GetKeyRotationStatus: unchanged while Disabled; false while PendingDeletion; restored by CancelKeyDeletion', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('EnableKeyRotation', { KeyId: key.keyId }))
    expectOk(await kms.call('DisableKey', { KeyId: key.keyId }))
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: key.keyId })).KeyRotationEnabled).toBe(true)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: key.keyId })).KeyRotationEnabled).toBe(false)
    expectOk(await kms.call('CancelKeyDeletion', { KeyId: key.keyId }))
    expect(expectOk(await kms.call('GetKeyRotationStatus', { KeyId: key.keyId })).KeyRotationEnabled).toBe(true)
  })

  it('E17 ScheduleKeyDeletion: PendingDeletion is refused ([3]); PendingImport and Disabled keys are scheduled', async () => {
    const kms = newKms()
    const gone = await inState.PendingDeletion(kms)
    expectError(await kms.call('ScheduleKeyDeletion', { KeyId: gone.keyId }), 'KMSInvalidStateException', pendingDeletion(gone.arn))
    for (const key of [await inState.PendingImport(kms), await inState.Disabled(kms)]) {
      expect(expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId })).KeyState).toBe('PendingDeletion')
    }
  })

  it('E18 CancelKeyDeletion: Enabled, Disabled, PendingImport are KMSInvalidStateException "<key ARN> is not pending deletion." ([4])', async () => {
    const kms = newKms()
    for (const make of [inState.Enabled, inState.Disabled, inState.PendingImport]) {
      const key = await make(kms)
      expectError(await kms.call('CancelKeyDeletion', { KeyId: key.keyId }), 'KMSInvalidStateException', notPendingDeletion(key.arn))
    }
  })

  it('E19 EnableKey and DisableKey: PendingImport is KMSInvalidStateException ([5]), PendingDeletion too ([3])', async () => {
    const kms = newKms()
    const empty = await inState.PendingImport(kms)
    const gone = await inState.PendingDeletion(kms)
    for (const operation of ['EnableKey', 'DisableKey']) {
      expectError(await kms.call(operation, { KeyId: empty.keyId }), 'KMSInvalidStateException', pendingImport(empty.arn))
      expectError(await kms.call(operation, { KeyId: gone.keyId }), 'KMSInvalidStateException', pendingDeletion(gone.arn))
    }
  })

  it('E20 DescribeKey: served in every state; Enabled is true exactly when KeyState is Enabled (API_KeyMetadata)', async () => {
    const kms = newKms()
    for (const [state, make] of Object.entries(inState)) {
      const meta = await describeKey(kms, (await make(kms)).keyId)
      expect({ KeyState: meta.KeyState, Enabled: meta.Enabled }).toEqual({ KeyState: state, Enabled: state === 'Enabled' })
    }
  })
})

describe('deletion (DOC API_ScheduleKeyDeletion, API_CancelKeyDeletion, API_KeyMetadata)', () => {
  it('E21 ScheduleKeyDeletion: PendingWindowInDays outside 7–30 is ValidationException (OBS "PendingWindowInDays must be between 7 and 30")', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    for (const days of [6, 31]) {
      expectError(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: days }), 'ValidationException', 'PendingWindowInDays must be between 7 and 30')
    }
    expect(await keyState(kms, key.keyId)).toBe('Enabled')
  })

  it('E22 ScheduleKeyDeletion: 7 and 30 accepted, 30 by default; the answer has KeyState PendingDeletion, PendingWindowInDays and DeletionDate', async () => {
    const kms = newKms()
    const now = kms.clock.now()
    for (const days of [7, 30, undefined]) {
      const key = await createAwsKmsKey(kms)
      const answer = expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, ...(days === undefined ? {} : { PendingWindowInDays: days }) }))
      expect(answer).toEqual({ KeyId: key.arn, KeyState: 'PendingDeletion', PendingWindowInDays: days ?? 30, DeletionDate: (now + (days ?? 30) * DAY_MS) / 1000 })
    }
  })

  it('E23 CancelKeyDeletion of a KMS-generated key: Disabled ("When this operation succeeds, the key state of the KMS key is Disabled")', async () => {
    const kms = newKms()
    const key = await inState.PendingDeletion(kms)
    expectOk(await kms.call('CancelKeyDeletion', { KeyId: key.keyId }))
    expect(await keyState(kms, key.keyId)).toBe('Disabled')
  })

  it('E24 CancelKeyDeletion of an EXTERNAL key without material: AWS texts differ (API: Disabled; key-state.html: PendingImport is the state of a key without material); CHOSEN PendingImport', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectOk(await kms.call('CancelKeyDeletion', { KeyId: key.keyId }))
    expect(await keyState(kms, key.keyId)).toBe('PendingImport')
  })

  it('E25 DescribeKey while PendingDeletion: DeletionDate, no PendingDeletionWindowInDays, Enabled false', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    const meta = await describeKey(kms, key.keyId)
    expect(meta.DeletionDate).toBe((kms.clock.now() + 7 * DAY_MS) / 1000)
    expect(meta).not.toHaveProperty('PendingDeletionWindowInDays')
    expect(meta.Enabled).toBe(false)
  })

  it('E26 after the waiting period the key is gone, and so are its aliases ("including all aliases that refer to it")', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: key.keyId }))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    kms.clock.advance(7 * DAY_MS + 1000)
    expectErrorType(await kms.call('DescribeKey', { KeyId: key.keyId }), 'NotFoundException')
    expect(expectOk(await kms.call('ListAliases', {})).Aliases).toEqual([])
  })
})

describe('aliases (DOC kms-alias.html, alias-manage, API_CreateAlias, API_UpdateAlias, resource-limits)', () => {
  it('E27 CreateAlias under alias/aws/: refused (reserved for AWS managed keys); InvalidAliasNameException (the error list; message CHOSEN)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectErrorType(await kms.call('CreateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: key.keyId }), 'InvalidAliasNameException')
  })

  it('E28 CreateAlias without the alias/ prefix: ValidationException (OBS message)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectError(await kms.call('CreateAlias', { AliasName: 'app', TargetKeyId: key.keyId }), 'ValidationException', ALIAS_PREFIX)
  })

  it('E29 CreateAlias of a name in use: AlreadyExistsException (OBS message); "The alias must be unique in the account and Region"', async () => {
    const kms = newKms()
    const [a, b] = [await createAwsKmsKey(kms), await createAwsKmsKey(kms)]
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: a.keyId }))
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: b.keyId }), 'AlreadyExistsException', aliasExists(aliasArn('alias/app')))
  })

  it('E30 CreateAlias: TargetKeyId is a key id or key ARN, not an alias (refused; NotFoundException CHOSEN)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/first', TargetKeyId: key.arn }))
    expectErrorType(await kms.call('CreateAlias', { AliasName: 'alias/second', TargetKeyId: 'alias/first' }), 'NotFoundException')
  })

  it('E31 alias names: 1–256 characters (257 is ValidationException, the model\'s text)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    const longest = `alias/${'a'.repeat(250)}`
    expectOk(await kms.call('CreateAlias', { AliasName: longest, TargetKeyId: key.keyId }))
    expectError(await kms.call('CreateAlias', { AliasName: `${longest}b`, TargetKeyId: key.keyId }), 'ValidationException',
      validation(`${longest}b`, 'aliasName', 'Member must have length less than or equal to 256'))
  })

  it('E32 a colon in an alias name: the guide says letters, digits, "/", "_" and "-" only, AWS\'s model pattern allows ":" — the model is followed (accepted)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/team:app', TargetKeyId: key.keyId }))
  })

  it('E33 UpdateAlias to a key of another type or usage: refused, the alias stays (the exception is not documented: ValidationException CHOSEN)', async () => {
    const kms = newKms()
    const symmetric = await createAwsKmsKey(kms)
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    const signing = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: symmetric.keyId }))
    for (const other of [hmac, signing]) {
      expectErrorType(await kms.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: other.keyId }), 'ValidationException')
    }
    expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: 'alias/app' })), 'KeyMetadata'), 'KeyId')).toBe(symmetric.keyId)
  })

  it('E34 UpdateAlias between two symmetric encryption keys (KMS-generated to imported): served; ListAliases shows the new target', async () => {
    const kms = newKms()
    const generated = await createAwsKmsKey(kms)
    const imported = await importedKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: generated.keyId }))
    expectOk(await kms.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: imported.arn }))
    const listed = expectOk(await kms.call('ListAliases', { KeyId: imported.keyId })).Aliases as Array<Record<string, unknown>>
    expect(listed.map((a) => [a.AliasName, a.TargetKeyId])).toEqual([['alias/app', imported.keyId]])
  })

  it('E35 one key, several aliases; each alias names one key; DescribeKey takes the alias name and the alias ARN', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    for (const name of ['alias/one', 'alias/two']) expectOk(await kms.call('CreateAlias', { AliasName: name, TargetKeyId: key.keyId }))
    for (const id of ['alias/one', aliasArn('alias/two')]) {
      expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: id })), 'KeyMetadata'), 'KeyId')).toBe(key.keyId)
    }
    expect((expectOk(await kms.call('ListAliases', { KeyId: key.keyId })).Aliases as unknown[]).length).toBe(2)
  })

  it('E36 aliases per KMS key: 50 (resource-limits); the 51st is LimitExceededException (the error list; message CHOSEN)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    for (let i = 0; i < 50; i++) expectOk(await kms.call('CreateAlias', { AliasName: `alias/a${i}`, TargetKeyId: key.keyId }))
    expectErrorType(await kms.call('CreateAlias', { AliasName: 'alias/a50', TargetKeyId: key.keyId }), 'LimitExceededException')
    const other = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/b', TargetKeyId: other.keyId }))
    expectErrorType(await kms.call('UpdateAlias', { AliasName: 'alias/b', TargetKeyId: key.keyId }), 'LimitExceededException')
  })
})

describe('tags (DOC tagging-keys.html, tags-about, API_TagResource, API_UntagResource)', () => {
  it('E37 a tag key beginning with aws: is TagException (reserved; message CHOSEN)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectErrorType(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] }), 'TagException')
  })

  it('E38 a tag value may be empty; an existing tag key takes the new value', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'env', TagValue: '' }] }))
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'env', TagValue: 'prod' }] }))
    expect(expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId })).Tags).toEqual([{ TagKey: 'env', TagValue: 'prod' }])
  })

  it('E39 at most 50 tags a key: the 51st is LimitExceededException (message CHOSEN)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    const tags = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }))
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: tags }))
    expectErrorType(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'k50', TagValue: 'v' }] }), 'LimitExceededException')
  })

  it('E40 UntagResource of a tag key the key does not carry: no exception', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expect(expectOk(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: ['absent'] }))).toEqual({})
  })

  it('E41 TagKey 1–128 and TagValue 0–256 characters: longer is ValidationException (the model\'s text)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectErrorType(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'k'.repeat(129), TagValue: 'v' }] }), 'ValidationException')
    expectErrorType(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] }), 'ValidationException')
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: [{ TagKey: 'k'.repeat(128), TagValue: 'v'.repeat(256) }] }))
  })
})

describe('key policies (DOC key-policy-default.html, API_GetKeyPolicy, API_ListKeyPolicies)', () => {
  it('E42 PolicyName may be omitted ("If no policy name is specified, the default value is default")', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    const named = expectOk(await kms.call('GetKeyPolicy', { KeyId: key.keyId, PolicyName: 'default' }))
    expect(expectOk(await kms.call('GetKeyPolicy', { KeyId: key.keyId })).Policy).toBe(named.Policy)
  })

  it('E43 a policy name other than default is refused ("The only valid name is default"; NotFoundException CHOSEN)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectErrorType(await kms.call('GetKeyPolicy', { KeyId: key.keyId, PolicyName: 'other' }), 'NotFoundException')
  })

  it('E44 ListKeyPolicies answers default, the only policy name', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expect(expectOk(await kms.call('ListKeyPolicies', { KeyId: key.keyId }))).toEqual({ PolicyNames: ['default'], Truncated: false })
  })

  it('E45 the default key policy: one statement allowing the account principal arn:aws:iam::<account>:root kms:* on *', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    const policy = JSON.parse(stringAt(expectOk(await kms.call('GetKeyPolicy', { KeyId: key.keyId, PolicyName: 'default' })), 'Policy')) as { Statement: unknown[] }
    expect(policy.Statement).toHaveLength(1)
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' })
  })
})

describe('data keys, ReEncrypt, GenerateRandom (DOC API_GenerateDataKey*, API_ReEncrypt, API_GenerateRandom)', () => {
  it('E46 GenerateDataKey: exactly one of KeySpec and NumberOfBytes (neither or both: ValidationException, OBS message); AES_128 16 bytes, AES_256 32, NumberOfBytes 1–1024', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectError(await kms.call('GenerateDataKey', { KeyId: key.keyId }), 'ValidationException', DATA_KEY_SIZE)
    expectError(await kms.call('GenerateDataKey', { KeyId: key.keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException', DATA_KEY_SIZE)
    for (const [request, length] of [[{ KeySpec: 'AES_128' }, 16], [{ KeySpec: 'AES_256' }, 32], [{ NumberOfBytes: 1 }, 1], [{ NumberOfBytes: 1024 }, 1024]] as const) {
      expect(bytesAt(expectOk(await kms.call('GenerateDataKey', { KeyId: key.keyId, ...request })), 'Plaintext')).toHaveLength(length)
    }
    expectErrorType(await kms.call('GenerateDataKey', { KeyId: key.keyId, NumberOfBytes: 1025 }), 'ValidationException')
  })

  it('E47 GenerateDataKey and GenerateDataKeyPair under an asymmetric or HMAC key: InvalidKeyUsageException ("You cannot specify an asymmetric KMS key")', async () => {
    const kms = newKms()
    const rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    for (const key of [rsa, hmac]) {
      expectErrorType(await kms.call('GenerateDataKey', { KeyId: key.keyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException')
      expectErrorType(await kms.call('GenerateDataKeyPair', { KeyId: key.keyId, KeyPairSpec: 'RSA_2048' }), 'InvalidKeyUsageException')
    }
  })

  it('E48 GenerateDataKeyPair: SPKI DER public key, PKCS#8 DER private key, which Decrypt opens from the blob; WithoutPlaintext omits the plaintext private key', async () => {
    const { createPrivateKey, createPublicKey } = await import('node:crypto')
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    const pair = expectOk(await kms.call('GenerateDataKeyPair', { KeyId: key.keyId, KeyPairSpec: 'ECC_NIST_P256' }))
    const publicKey = createPublicKey({ key: Buffer.from(bytesAt(pair, 'PublicKey')), format: 'der', type: 'spki' })
    const privateKey = createPrivateKey({ key: Buffer.from(bytesAt(pair, 'PrivateKeyPlaintext')), format: 'der', type: 'pkcs8' })
    expect(createPublicKey(privateKey).export({ format: 'der', type: 'spki' })).toEqual(publicKey.export({ format: 'der', type: 'spki' }))
    expect(expectOk(await kms.call('Decrypt', { CiphertextBlob: pair.PrivateKeyCiphertextBlob })).Plaintext).toBe(pair.PrivateKeyPlaintext)
    const without = expectOk(await kms.call('GenerateDataKeyPairWithoutPlaintext', { KeyId: key.keyId, KeyPairSpec: 'ECC_NIST_P256' }))
    expect(without).not.toHaveProperty('PrivateKeyPlaintext')
    expect(without).toHaveProperty('PrivateKeyCiphertextBlob')
  })

  it('E49 GenerateDataKeyPair SM2 outside the China Regions: refused ("The SM2 key spec is only available in China Regions"; UnsupportedOperationException CHOSEN)', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectErrorType(await kms.call('GenerateDataKeyPair', { KeyId: key.keyId, KeyPairSpec: 'SM2' }), 'UnsupportedOperationException')
  })

  it('E50 ReEncrypt with a SourceKeyId that is not the key that encrypted: IncorrectKeyException', async () => {
    const kms = newKms()
    const [a, b] = [await createAwsKmsKey(kms), await createAwsKmsKey(kms)]
    const blob = stringAt(expectOk(await kms.call('Encrypt', { KeyId: a.keyId, Plaintext: 'eA==' })), 'CiphertextBlob')
    expectErrorType(await kms.call('ReEncrypt', { CiphertextBlob: blob, SourceKeyId: b.keyId, DestinationKeyId: b.keyId }), 'IncorrectKeyException')
  })

  it('E51 ReEncrypt to an asymmetric ENCRYPT_DECRYPT key: AWS serves it (with DestinationEncryptionAlgorithm); CHOSEN scope here: InvalidKeyUsageException', async () => {
    const kms = newKms()
    const source = await createAwsKmsKey(kms)
    const rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    const blob = stringAt(expectOk(await kms.call('Encrypt', { KeyId: source.keyId, Plaintext: 'eA==' })), 'CiphertextBlob')
    expectErrorType(await kms.call('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: rsa.keyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException')
  })

  it('E52 GenerateRandom: NumberOfBytes 1–1024 (0 and 1025: ValidationException, the model\'s text)', async () => {
    const kms = newKms()
    for (const n of [1, 1024]) expect(bytesAt(expectOk(await kms.call('GenerateRandom', { NumberOfBytes: n })), 'Plaintext')).toHaveLength(n)
    expectError(await kms.call('GenerateRandom', { NumberOfBytes: 0 }), 'ValidationException',
      validation('0', 'numberOfBytes', 'Member must have value greater than or equal to 1'))
    expectError(await kms.call('GenerateRandom', { NumberOfBytes: 1025 }), 'ValidationException',
      validation('1025', 'numberOfBytes', 'Member must have value less than or equal to 1024'))
  })
})

describe('listings (DOC API_ListKeys, API_ListAliases, API_ListResourceTags)', () => {
  it('E53 ListKeys lists keys in every state of the caller\'s Region', async () => {
    const kms = newKms()
    const ids: string[] = []
    for (const make of Object.values(inState)) ids.push((await make(kms)).keyId)
    const listed = (expectOk(await kms.call('ListKeys', {})).Keys as Array<Record<string, unknown>>).map((k) => k.KeyId)
    expect([...listed].sort()).toEqual([...ids].sort())
  })

  it('E54 Limit: ListAliases "between 1 and 100", ListResourceTags "between 1 and 50" (DOC) against the model\'s LimitType 1–1000: the model is followed', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('ListAliases', { Limit: 1000 }))
    expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit: 1000 }))
    expectError(await kms.call('ListAliases', { Limit: 1001 }), 'ValidationException', validation('1001', 'limit', 'Member must have value less than or equal to 1000'))
  })
})
