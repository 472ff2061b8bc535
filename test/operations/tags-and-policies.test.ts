/**
 * Tags, key policies, descriptions and ListKeys (docs/evidence.md §12): what CreateKey keeps, the
 * tag rules, the default key policy, pagination, and the snapshot that keeps them all.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { allAliases, fromSnapshot, getKey, keyPolicyOf, notServedOperations, operations, Secret } from 'kms-key-import'
import {
  ACCOUNT, createAwsKmsKey, createExternalKey, createKey, expectError, expectOk, newKms, objectAt, stringAt,
} from '../support/kms.js'
import {
  INVALID_MARKER, POLICY_NOT_JSON, POLICY_NO_STATEMENT, TAG_LIMIT, customKeyStoreNotFound, notServed, pendingDeletion, policyNameNotFound, tagDuplicate, tagReserved,
} from '../support/messages.js'

/** AWS's default key policy, as GetKeyPolicy returns it (written out by hand). */
const DEFAULT_POLICY = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${ACCOUNT}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`

const tag = (TagKey: string, TagValue: string) => ({ TagKey, TagValue })

describe('CreateKey keeps Description, Tags and Policy', () => {
  it('and refuses what AWS refuses: aws: tags, duplicate tag keys, more than 50 tags, malformed policies, a custom key store', async () => {
    const kms = newKms()
    const policy = '{"Version":"2012-10-17","Statement":[]}'
    const key = await createKey(kms, { Origin: 'EXTERNAL', Description: 'kept', Tags: [tag('a', '1'), tag('b', '')], Policy: policy, BypassPolicyLockoutSafetyCheck: true })
    expect(stringAt(objectAt(expectOk(await kms.call('DescribeKey', { KeyId: key.keyId })), 'KeyMetadata'), 'Description')).toBe('kept')
    expect(expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId }))).toEqual({ Tags: [tag('a', '1'), tag('b', '')], Truncated: false })
    expect(expectOk(await kms.call('GetKeyPolicy', { KeyId: key.keyId, PolicyName: 'default' }))).toEqual({ Policy: policy, PolicyName: 'default' })

    expectError(await kms.call('CreateKey', { Tags: [tag('aws:team', 'x')] }), 'TagException', tagReserved('aws:team'))
    expectError(await kms.call('CreateKey', { Tags: [tag('k', '1'), tag('k', '2')] }), 'TagException', tagDuplicate('k'))
    expectError(await kms.call('CreateKey', { Tags: Array.from({ length: 51 }, (_, i) => tag(`k${i}`, 'v')) }), 'LimitExceededException', TAG_LIMIT)
    expectError(await kms.call('CreateKey', { Policy: 'not json' }), 'MalformedPolicyDocumentException', POLICY_NOT_JSON)
    expectError(await kms.call('CreateKey', { Policy: '{"Version":"2012-10-17"}' }), 'MalformedPolicyDocumentException', POLICY_NO_STATEMENT)
    expectError(await kms.call('CreateKey', { CustomKeyStoreId: 'cks-1234567890abcdef0' }), 'CustomKeyStoreNotFoundException', customKeyStoreNotFound('cks-1234567890abcdef0'))
    expect(expectOk(await kms.call('ListKeys', {})).Keys).toHaveLength(1) // nothing refused was created
  })

  it('a key created without a policy has the default key policy, naming the account', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expect(expectOk(await kms.call('GetKeyPolicy', { KeyId: key.keyId }))).toEqual({ Policy: DEFAULT_POLICY, PolicyName: 'default' })
    expect(expectOk(await kms.call('ListKeyPolicies', { KeyId: key.keyId }))).toEqual({ PolicyNames: ['default'], Truncated: false })
    expectError(await kms.call('GetKeyPolicy', { KeyId: key.keyId, PolicyName: 'other' }), 'NotFoundException', policyNameNotFound('other'))
  })
})

describe('TagResource, UntagResource, ListResourceTags', () => {
  it('a retagged key keeps its tag in place with the new value; UntagResource ignores absent keys; pages of Limit', async () => {
    const kms = newKms()
    const key = await createAwsKmsKey(kms)
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag('a', '1'), tag('b', '2'), tag('c', '3')] }))
    expectOk(await kms.call('TagResource', { KeyId: key.arn, Tags: [tag('b', 'two'), tag('d', '4')] }))
    expectOk(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: ['c', 'zzz'] }))
    const first = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit: 2 }))
    expect(first).toMatchObject({ Tags: [tag('a', '1'), tag('b', 'two')], Truncated: true })
    const rest = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit: 2, Marker: first.NextMarker }))
    expect(rest).toEqual({ Tags: [tag('d', '4')], Truncated: false })
    expectError(await kms.call('ListResourceTags', { KeyId: key.keyId, Marker: 'bm90LW91cnM=' }), 'InvalidMarkerException', INVALID_MARKER)
    expectError(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: ['aws:x'] }), 'TagException', tagReserved('aws:x'))
  })

  it('a key holds at most 50 tags: 50 accepted, a 51st refused with LimitExceededException, a retagged key does not count twice', async () => {
    const kms = newKms()
    const fifty = Array.from({ length: 50 }, (_, i) => tag(`k${i}`, 'v'))
    const key = await createKey(kms, { Tags: fifty })
    expectError(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag('k50', 'v')] }), 'LimitExceededException', TAG_LIMIT)
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag('k0', 'new'), tag('k49', 'new')] }))
    const listed = expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId, Limit: 50 }))
    expect(listed).toMatchObject({ Truncated: false })
    expect(listed.Tags).toEqual(fifty.map((t) => (t.TagKey === 'k0' || t.TagKey === 'k49' ? tag(t.TagKey, 'new') : t)))
    expectOk(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: ['k0'] }))
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag('k50', 'v')] }))
  })

  it('tag keys are 1–128 characters and tag values 0–256 (AWS\'s model, TagKeyType and TagValueType), checked at the member\'s place in its list', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const longKey = 'k'.repeat(129)
    const longValue = 'v'.repeat(257)
    const tooLong = (value: string, at: string, max: number) => `Value '${value}' at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${max}`
    expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag('k'.repeat(128), 'v'.repeat(256)), tag('empty', '')] }))
    expectError(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag(longKey, 'v')] }), 'ValidationException',
      `1 validation error detected: ${tooLong(longKey, 'tags.1.member.tagKey', 128)}`)
    expectError(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag('ok', 'v'), tag('', longValue)] }), 'ValidationException',
      `2 validation errors detected: Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1; ${tooLong(longValue, 'tags.2.member.tagValue', 256)}`)
    expectError(await kms.call('CreateKey', { Tags: [tag('a', longValue)] }), 'ValidationException',
      `1 validation error detected: ${tooLong(longValue, 'tags.1.member.tagValue', 256)}`)
    expectError(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: [longKey] }), 'ValidationException',
      `1 validation error detected: ${tooLong(longKey, 'tagKeys.1.member', 128)}`)
    // nothing refused was kept
    expect(expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId })).Tags).toEqual([tag('k'.repeat(128), 'v'.repeat(256)), tag('empty', '')])
    expect(expectOk(await kms.call('ListKeys', {})).Keys).toHaveLength(1)
  })

  it('refuses to change the tags of a key pending deletion, and still lists them', async () => {
    const kms = newKms()
    const key = await createKey(kms, { Tags: [tag('a', '1')] })
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    expectError(await kms.call('TagResource', { KeyId: key.keyId, Tags: [tag('b', '2')] }), 'KMSInvalidStateException', pendingDeletion(key.arn))
    expectError(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: ['a'] }), 'KMSInvalidStateException', pendingDeletion(key.arn))
    expectError(await kms.call('UpdateKeyDescription', { KeyId: key.keyId, Description: 'x' }), 'KMSInvalidStateException', pendingDeletion(key.arn))
    expect(expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId })).Tags).toEqual([tag('a', '1')])
  })

  it('property: after any sequence of TagResource and UntagResource, the tags are a simple map model\'s, in first-set order', async () => {
    const tagKey = fc.constantFrom('a', 'b', 'c', 'd', 'e')
    const step = fc.oneof(
      fc.record({ tag: fc.uniqueArray(fc.record({ TagKey: tagKey, TagValue: fc.string({ maxLength: 3 }) }), { selector: (t) => t.TagKey, maxLength: 3 }) }),
      fc.record({ untag: fc.array(tagKey, { maxLength: 3 }) }),
    )
    await fc.assert(fc.asyncProperty(fc.array(step, { maxLength: 8 }), async (steps) => {
      const kms = newKms()
      const key = await createAwsKmsKey(kms)
      const model = new Map<string, string>()
      for (const s of steps) {
        if ('tag' in s) {
          expectOk(await kms.call('TagResource', { KeyId: key.keyId, Tags: s.tag }))
          for (const t of s.tag) model.set(t.TagKey, t.TagValue)
        } else {
          expectOk(await kms.call('UntagResource', { KeyId: key.keyId, TagKeys: s.untag }))
          for (const k of s.untag) model.delete(k)
        }
      }
      expect(expectOk(await kms.call('ListResourceTags', { KeyId: key.keyId })).Tags).toEqual([...model].map(([k, v]) => tag(k, v)))
    }), { numRuns: 30 })
  })
})

describe('PutKeyPolicy', () => {
  it('stores any JSON policy document with a Statement, in every key state; refuses the rest', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    expectOk(await kms.call('ScheduleKeyDeletion', { KeyId: key.keyId, PendingWindowInDays: 7 }))
    const policy = '{\n  "Statement": {"Effect": "Deny"}\n}'
    expectOk(await kms.call('PutKeyPolicy', { KeyId: key.keyId, Policy: policy, PolicyName: 'default', BypassPolicyLockoutSafetyCheck: false }))
    expect(stringAt(expectOk(await kms.call('GetKeyPolicy', { KeyId: key.keyId })), 'Policy')).toBe(policy)
    expectError(await kms.call('PutKeyPolicy', { KeyId: key.keyId, Policy: '[]' }), 'MalformedPolicyDocumentException', POLICY_NOT_JSON)
    expectError(await kms.call('PutKeyPolicy', { KeyId: key.keyId, Policy: '{}', PolicyName: 'mine' }), 'NotFoundException', policyNameNotFound('mine'))
  })
})

describe('ListKeys', () => {
  it('property: any page size walks every key exactly once, in creation order; a foreign marker is InvalidMarkerException', async () => {
    const kms = newKms()
    const keys = [await createAwsKmsKey(kms), await createExternalKey(kms), await createAwsKmsKey(kms), await createExternalKey(kms), await createAwsKmsKey(kms)]
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 6 }), async (limit) => {
      const seen: unknown[] = []
      let marker: unknown
      do {
        const page = expectOk(await kms.call('ListKeys', { Limit: limit, ...(marker === undefined ? {} : { Marker: marker }) }))
        expect((page.Keys as unknown[]).length).toBeLessThanOrEqual(limit)
        seen.push(...(page.Keys as unknown[]))
        marker = page.Truncated === true ? page.NextMarker : undefined
        if (page.Truncated !== true) expect(page.NextMarker).toBeUndefined()
      } while (marker !== undefined)
      expect(seen).toEqual(keys.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })))
    }), { numRuns: 12 })
    expectError(await kms.call('ListKeys', { Marker: Buffer.from('kki-aliases:1').toString('base64') }), 'InvalidMarkerException', INVALID_MARKER)
  })
})

describe('operations out of scope', () => {
  it('every operation of AWS\'s KMS API (as the official SDK ships it) is either served or named as not served', () => {
    const commands = readdirSync(join(dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-kms/package.json')), 'dist-types', 'commands'))
      .filter((f) => f.endsWith('Command.d.ts')).map((f) => f.slice(0, -'Command.d.ts'.length)).sort()
    const served = Object.keys(operations)
    const notServed = Object.keys(notServedOperations)
    expect(served.filter((op) => notServed.includes(op))).toEqual([])
    expect([...served, ...notServed].sort()).toEqual(commands)
  })

  it.each([
    ['CreateGrant', 'grants'], ['ListRetirableGrants', 'grants'], ['CreateCustomKeyStore', 'custom key stores'],
    ['DeriveSharedSecret', 'key agreement'],
  ])('%s answers UnknownOperationException saying it is not served', async (operation, area) => {
    expectError(await newKms().call(operation, {}), 'UnknownOperationException', notServed(operation, area))
  })
})

describe('snapshots keep what the operations around a key add', () => {
  it('tags, policy, description, rotation settings and aliases survive a snapshot; a version-1 snapshot loads with the default policy', async () => {
    const sealingKey = new Uint8Array(32).fill(7)
    const kms = newKms({ sealingKey })
    const key = await createKey(kms, { Description: 'saved', Tags: [tag('a', '1')], Policy: '{"Statement":[]}' })
    expectOk(await kms.call('EnableKeyRotation', { KeyId: key.keyId }))
    expectOk(await kms.call('CreateAlias', { AliasName: 'alias/saved', TargetKeyId: key.keyId }))
    const saved = JSON.parse(JSON.stringify(kms.emulator.snapshot())) as Record<string, unknown>
    const loaded = fromSnapshot(saved, Secret.of(sealingKey))
    if (loaded._tag === 'Left') throw new Error(loaded.left.message)
    expect(getKey(loaded.right.store, key.keyId)).toEqual(getKey(kms.emulator.store(), key.keyId))
    expect(allAliases(loaded.right.store)).toEqual(allAliases(kms.emulator.store()))

    // what 0.1.0 wrote: version 1, no tags, policy, rotation or aliases
    const v1 = {
      ...saved, version: 1,
      keys: (saved.keys as Record<string, unknown>[]).map(({ tags: _t, policy: _p, automaticRotation: _r, aliases: _a, ...rest }) => rest),
    }
    const old = fromSnapshot(JSON.parse(JSON.stringify(v1)), Secret.of(sealingKey))
    if (old._tag === 'Left') throw new Error(old.left.message)
    const migrated = getKey(old.right.store, key.keyId)!
    expect(migrated.tags).toEqual([])
    expect(migrated.policy).toBeUndefined() // the default policy, rendered when asked for
    expect(keyPolicyOf(migrated)).toBe(DEFAULT_POLICY)
    expect(migrated.automaticRotation).toBeUndefined()
    expect(allAliases(old.right.store)).toEqual([])
  })
})
