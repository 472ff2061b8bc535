/**
 * Aliases (docs/evidence.md §12): CreateAlias, UpdateAlias, DeleteAlias, ListAliases; alias names
 * and alias ARNs accepted as KeyId exactly where AWS accepts them, refused where it does not; an
 * alias goes with its key.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { serve } from 'kms-key-import/http'
import {
  DAY_MS, arnOf, b64, createAwsKmsKey, createExternalKey, createKey, expectError, expectOk, importedKey, newKms, objectAt, paramsRequest, stringAt, wireCaller,
} from '../support/kms.js'
import { ALIAS_LIMIT, ALIAS_PREFIX, INVALID_MARKER, aliasExists, aliasNotFound, aliasReserved, invalidArn, invalidKeyId, pendingDeletion } from '../support/messages.js'

const aliasArn = (name: string): string => `arn:aws:kms:us-east-1:111122223333:${name}`

describe('CreateAlias', () => {
  it('names a key; DescribeKey, Encrypt and GenerateDataKey take the alias name and the alias ARN', async () => {
    const kms = newKms()
    const key = await importedKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.arn }))
    for (const id of ['alias/app', aliasArn('alias/app')]) {
      expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: id })), 'KeyMetadata'), 'KeyId')).toBe(key.keyId)
      expect(stringAt(expectOk(await kms.call('Encrypt', { KeyId: id, Plaintext: b64('x') })), 'KeyId')).toBe(key.arn)
      expect(stringAt(expectOk(await kms.call('GenerateDataKey', { KeyId: id, KeySpec: 'AES_128' })), 'KeyId')).toBe(key.arn)
    }
  })

  it('refuses a name that is taken, whatever key it names', async () => {
    const kms = newKms()
    const [a, b] = [await createAwsKmsKey(kms), await createAwsKmsKey(kms)]
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: a.keyId }))
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: b.keyId }), 'AlreadyExistsException', aliasExists(aliasArn('alias/app')))
  })

  it('refuses a name without alias/, under alias/aws/, or empty after the prefix', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectError(await kms.call('CreateAlias', { AliasName: 'app', TargetKeyId: key.keyId }), 'ValidationException', ALIAS_PREFIX)
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: key.keyId }), 'InvalidAliasNameException', aliasReserved('alias/aws/s3'))
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/', TargetKeyId: key.keyId }), 'InvalidAliasNameException', 'Alias name must not be empty after the prefix "alias/": alias/')
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/a b', TargetKeyId: key.keyId }), 'ValidationException',
      "1 validation error detected: Value 'alias/a b' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$")
  })

  it('targets a key id or key ARN only, of a key that is not pending deletion', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms) // PendingImport: an alias may name it
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/first', TargetKeyId: key.keyId }))
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/second', TargetKeyId: 'alias/first' }), 'NotFoundException', invalidKeyId('alias/first'))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/second', TargetKeyId: key.arn }), 'KMSInvalidStateException', pendingDeletion(key.arn))
  })
})

describe('where aliases are refused', () => {
  it('the import operations and the key-management operations take no alias (AWS: key id or key ARN)', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/imp', TargetKeyId: key.keyId }))
    expectError(await kms.call('GetParametersForImport', paramsRequest('alias/imp')), 'NotFoundException', invalidKeyId('alias/imp'))
    expectError(await kms.call('GetParametersForImport', paramsRequest(aliasArn('alias/imp'))), 'InvalidArnException', invalidArn(aliasArn('alias/imp')))
    for (const operation of ['DeleteImportedKeyMaterial', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'GetKeyPolicy', 'ListResourceTags', 'GetKeyRotationStatus']) {
      expectError(await kms.call(operation, { KeyId: 'alias/imp' }), 'NotFoundException', invalidKeyId('alias/imp'))
    }
  })

  it('an alias that does not exist is NotFoundException "Alias … is not found." where aliases are taken', async () => {
    const kms = newKms()
    expectError(await kms.call('DescribeKey', { KeyId: 'alias/nope' }), 'NotFoundException', aliasNotFound(aliasArn('alias/nope')))
    expectError(await kms.call('Encrypt', { KeyId: aliasArn('alias/nope'), Plaintext: b64('x') }), 'NotFoundException', aliasNotFound(aliasArn('alias/nope')))
    const elsewhere = 'arn:aws:kms:eu-west-1:111122223333:alias/nope'
    expectError(await kms.call('DescribeKey', { KeyId: elsewhere }), 'NotFoundException', aliasNotFound(elsewhere))
  })
})

describe('aliases per key', () => {
  it('a key has at most 50 aliases: CreateAlias and UpdateAlias past them are LimitExceededException; moving an alias within its key is not', async () => {
    const kms = newKms()
    const [full, other] = [await createAwsKmsKey(kms), await createAwsKmsKey(kms)]
    for (let i = 0; i < 50; i++) expectOk(await kms.call('CreateAlias', { AliasName: `alias/k${i}`, TargetKeyId: full.keyId }))
    expectError(await kms.call('CreateAlias', { AliasName: 'alias/k50', TargetKeyId: full.keyId }), 'LimitExceededException', ALIAS_LIMIT)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/o', TargetKeyId: other.keyId }))
    expectError(await kms.call('UpdateAlias', { AliasName: 'alias/o', TargetKeyId: full.keyId }), 'LimitExceededException', ALIAS_LIMIT)
    expectOk(await kms.call('UpdateAlias', { AliasName: 'alias/k0', TargetKeyId: full.keyId })) // already its key: nothing moves
    expectOk(await kms.call('DeleteAlias', { AliasName: 'alias/k1' }))
    expectOk(await kms.call('UpdateAlias', { AliasName: 'alias/o', TargetKeyId: full.keyId }))
  })
})

describe('UpdateAlias and DeleteAlias', () => {
  it('UpdateAlias moves an alias to another key of the same spec and usage', async () => {
    const kms = newKms()
    const [a, b] = [await createAwsKmsKey(kms), await importedKey(kms)]
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: a.keyId }))
    expectOk(await kms.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: b.arn }))
    expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: 'alias/app' })), 'KeyMetadata'), 'KeyId')).toBe(b.keyId)
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    expectError(await kms.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: hmac.keyId }), 'ValidationException',
      'UpdateAlias cannot move alias/app from a key of key spec SYMMETRIC_DEFAULT and key usage ENCRYPT_DECRYPT to a key of key spec HMAC_256 and key usage GENERATE_VERIFY_MAC.')
    expectError(await kms.call('UpdateAlias', { AliasName: 'alias/none', TargetKeyId: b.keyId }), 'NotFoundException', aliasNotFound(aliasArn('alias/none')))
  })

  it('UpdateAlias refuses a new target pending deletion (key-state.html), and the alias stays where it was', async () => {
    const kms = newKms()
    const [a, b] = [await createAwsKmsKey(kms), await createAwsKmsKey(kms)]
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: a.keyId }))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: b.keyId, PendingWindowInDays: 7 }))
    expectError(await kms.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: b.keyId }), 'KMSInvalidStateException', pendingDeletion(b.arn))
    expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: 'alias/app' })), 'KeyMetadata'), 'KeyId')).toBe(a.keyId)
  })

  it('DeleteAlias removes the alias, not the key, in any key state', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.keyId }))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectOk(await kms.call('DeleteAlias', { AliasName: 'alias/app' }))
    expectError(await kms.call('DeleteAlias', { AliasName: 'alias/app' }), 'NotFoundException', aliasNotFound(aliasArn('alias/app')))
    expectError(await kms.call('DeleteAlias', { AliasName: 'app' }), 'ValidationException', ALIAS_PREFIX)
    expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: key.keyId })), 'KeyMetadata'), 'KeyState')).toBe('PendingDeletion')
  })

  it('an alias goes with its key when the key is deleted', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.keyId }))
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    kms.clock.advance(8 * DAY_MS)
    expect(expectOk(await kms.call('ListAliases', {})).Aliases).toEqual([])
    expectError(await kms.call('DescribeKey', { KeyId: 'alias/app' }), 'NotFoundException', aliasNotFound(aliasArn('alias/app')))
    const other = await createAwsKmsKey(kms)
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: other.keyId })) // the name is free again
  })
})

describe('ListAliases', () => {
  it('answers pages of 50 aliases when no Limit is given (AWS\'s default)', async () => {
    const kms = newKms()
    const keys = [await createAwsKmsKey(kms), await createAwsKmsKey(kms)] // a key has at most 50 aliases
    const names = Array.from({ length: 51 }, (_, i) => `alias/a${String(i).padStart(2, '0')}`)
    for (const [i, name] of names.entries()) expectOk(await kms.call('CreateAlias', { AliasName: name, TargetKeyId: keys[i % 2]!.keyId }))
    const first = expectOk(await kms.call('ListAliases', {}))
    expect(first.Truncated).toBe(true)
    expect((first.Aliases as { AliasName: string }[]).map((x) => x.AliasName)).toEqual(names.slice(0, 50))
    const rest = expectOk(await kms.call('ListAliases', { Marker: first.NextMarker }))
    expect(rest).toMatchObject({ Truncated: false })
    expect((rest.Aliases as { AliasName: string }[]).map((x) => x.AliasName)).toEqual(names.slice(50))
  })

  it('lists by name, filters by KeyId (key id or ARN), pages with Limit and Marker', async () => {
    const kms = newKms()
    const [a, b] = [await createAwsKmsKey(kms), await createAwsKmsKey(kms)]
    for (const [name, key] of [['alias/c', a], ['alias/a', b], ['alias/b', a]] as const) expectOk(await kms.call('CreateAlias', { AliasName: name, TargetKeyId: key.keyId }))
    const all = expectOk(await kms.call('ListAliases', {}))
    expect(all).toEqual({
      Aliases: ['alias/a', 'alias/b', 'alias/c'].map((name) => ({
        AliasName: name, AliasArn: aliasArn(name), TargetKeyId: name === 'alias/a' ? b.keyId : a.keyId, CreationDate: kms.clock.now() / 1000, LastUpdatedDate: kms.clock.now() / 1000,
      })),
      Truncated: false,
    })
    const ofA = expectOk(await kms.call('ListAliases', { KeyId: arnOf(a.keyId) }))
    expect((ofA.Aliases as { AliasName: string }[]).map((x) => x.AliasName)).toEqual(['alias/b', 'alias/c'])
    const first = expectOk(await kms.call('ListAliases', { Limit: 2 }))
    expect(first.Truncated).toBe(true)
    const rest = expectOk(await kms.call('ListAliases', { Limit: 2, Marker: first.NextMarker }))
    expect(rest).toMatchObject({ Truncated: false })
    expect((rest.Aliases as { AliasName: string }[]).map((x) => x.AliasName)).toEqual(['alias/c'])
    expectError(await kms.call('ListAliases', { Marker: 'not-ours' }), 'InvalidMarkerException', INVALID_MARKER)
    expectError(await kms.call('ListAliases', { KeyId: 'alias/a' }), 'NotFoundException', invalidKeyId('alias/a'))
  })
})

describe('aliases are kept by serve --state', () => {
  it('CreateAlias, UpdateAlias and DeleteAlias reach the state database; a restart finds the aliases where they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-aliases-state-'))
    try {
      const stateFile = join(dir, 'state.mdb')
      const first = await serve({ port: 0, quiet: true, stateFile })
      const call = wireCaller(first.emulator)
      const a = stringAt(objectAt(expectOk(await call('CreateKey', {})), 'KeyMetadata'), 'KeyId')
      const b = stringAt(objectAt(expectOk(await call('CreateKey', {})), 'KeyMetadata'), 'KeyId')
      expectOk(await call('CreateAlias', { AliasName: 'alias/kept', TargetKeyId: a }))
      expectOk(await call('CreateAlias', { AliasName: 'alias/moved', TargetKeyId: a }))
      expectOk(await call('CreateAlias', { AliasName: 'alias/gone', TargetKeyId: b }))
      expectOk(await call('UpdateAlias', { AliasName: 'alias/moved', TargetKeyId: b }))
      expectOk(await call('DeleteAlias', { AliasName: 'alias/gone' }))
      await first.close()
      const second = await serve({ port: 0, quiet: true, stateFile })
      const listed = expectOk(await wireCaller(second.emulator)('ListAliases', {})).Aliases as { AliasName: string; TargetKeyId: string }[]
      await second.close()
      expect(listed.map((x) => [x.AliasName, x.TargetKeyId])).toEqual([['alias/kept', a], ['alias/moved', b]])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
