/**
 * Terraform's `aws_kms_external_key` (and Pulumi's `ExternalKey`, generated from it): its create,
 * read, update and delete, call by call and wait by wait as the provider makes them
 * (hashicorp/terraform-provider-aws, internal/service/kms: external_key.go and its waiters), driven
 * with the official AWS SDK v3, in-process and over the HTTP endpoint (docs/evidence.md §12).
 * Every waiter polls until its condition holds; against this service it holds at the first poll,
 * and the test says so.
 */
import { constants, createPublicKey, publicEncrypt } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { KMSInvalidStateException, type KMS, type KeyMetadata, type Tag } from '@aws-sdk/client-kms'
import { TRANSPORTS, type Connected } from './transports.js'

/** The provider's `waiter`: polls `probe` until `done`; here it must hold at once (no eventual consistency). */
const waitFor = async <A>(what: string, probe: () => Promise<A>, done: (a: A) => boolean): Promise<A> => {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const a = await probe()
    if (done(a)) {
      expect(attempt, `${what} held at the first poll`).toBe(1)
      return a
    }
  }
  throw new Error(`${what}: condition never held`)
}

/** The provider's `findKey`: DescribeKey (a key pending deletion is "not found"), GetKeyPolicy(default), ListResourceTags (all pages). */
const findKey = async (kms: KMS, id: string): Promise<{ metadata: KeyMetadata; policy: string; tags: Tag[] } | undefined> => {
  const { KeyMetadata: metadata } = await kms.describeKey({ KeyId: id })
  if (metadata === undefined || metadata.KeyState === 'PendingDeletion') return undefined
  const { Policy: policy } = await kms.getKeyPolicy({ KeyId: id, PolicyName: 'default' })
  const tags: Tag[] = []
  let marker: string | undefined
  do {
    // a small Limit, so that the provider's pagination (Marker, NextMarker, Truncated) is exercised
    const page = await kms.listResourceTags({ KeyId: id, Limit: 1, ...(marker === undefined ? {} : { Marker: marker }) })
    tags.push(...(page.Tags ?? []))
    marker = page.Truncated === true ? page.NextMarker : undefined
  } while (marker !== undefined)
  return { metadata, policy: policy ?? '', tags }
}

const tagMap = (tags: readonly Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.TagKey!, t.TagValue!]))

/** `importExternalKeyMaterial`: GetParametersForImport(RSAES_OAEP_SHA_256, RSA_2048), EncryptOAEP(SHA-256), ImportKeyMaterial. */
const importExternalKeyMaterial = async (kms: KMS, id: string, materialBase64: string, validTo: string): Promise<void> => {
  const params = await kms.getParametersForImport({ KeyId: id, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  const publicKey = createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' })
  const encrypted = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(materialBase64, 'base64'))
  await kms.importKeyMaterial({
    EncryptedKeyMaterial: encrypted,
    ImportToken: params.ImportToken!,
    KeyId: id,
    ...(validTo === '' ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(validTo) }),
  })
}

/** `WaitKeyMaterialImported` then `WaitKeyValidToPropagated`. */
const waitImported = async (kms: KMS, id: string, validTo: string): Promise<void> => {
  await waitFor('key material imported', async () => (await kms.describeKey({ KeyId: id })).KeyMetadata!, (m) => m.KeyState !== 'PendingImport')
  await waitFor('valid_to propagated', async () => (await kms.describeKey({ KeyId: id })).KeyMetadata!, (m) =>
    validTo === '' ? m.ValidTo === undefined : m.ValidTo?.getTime() === Date.parse(validTo))
}

/** `updateKeyEnabled`: EnableKey or DisableKey, then `WaitKeyStatePropagated`. */
const updateKeyEnabled = async (kms: KMS, id: string, enabled: boolean): Promise<void> => {
  if (enabled) await kms.enableKey({ KeyId: id })
  else await kms.disableKey({ KeyId: id })
  await waitFor('key state propagated', async () => (await kms.describeKey({ KeyId: id })).KeyMetadata!, (m) => m.Enabled === enabled)
}

/** `WaitTagsPropagated`: ListResourceTags until the tags are exactly these. */
const waitTags = (kms: KMS, id: string, tags: Record<string, string>): Promise<unknown> =>
  waitFor('tags propagated', async () => tagMap((await findKey(kms, id))!.tags), (t) => JSON.stringify(t) === JSON.stringify(tags))

/** `WaitKeyPolicyPropagated`: GetKeyPolicy until the policy is equivalent. */
const waitPolicy = (kms: KMS, id: string, policy: string): Promise<unknown> =>
  waitFor('policy propagated', async () => (await kms.getKeyPolicy({ KeyId: id, PolicyName: 'default' })).Policy ?? '', (p) =>
    JSON.stringify(JSON.parse(p)) === JSON.stringify(JSON.parse(policy)))

const ACCOUNT = '111122223333'
const policyDocument = (sid: string): string => JSON.stringify({
  Version: '2012-10-17',
  Id: 'terraform',
  Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
})
const MATERIAL = Buffer.from(new Uint8Array(32).map((_, i) => 255 - i)).toString('base64')

describe.each(TRANSPORTS)('Terraform aws_kms_external_key, call by call, $name', (transport) => {
  let connected: Connected | undefined
  afterEach(async () => {
    await connected?.close()
    connected = undefined
  })

  it('create (material, valid_to, enabled = false, policy, tags), read, update, delete as the provider does', async () => {
    connected = await transport.connect()
    const { kms, clock } = connected
    const validTo = new Date(clock.now() + 30 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const tags = { Name: 'tf-external', Team: 'crypto', Env: 'test' }

    // --- create ---
    const created = await kms.createKey({
      BypassPolicyLockoutSafetyCheck: false,
      KeyUsage: 'ENCRYPT_DECRYPT',
      Origin: 'EXTERNAL',
      Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      Description: 'terraform external key',
      MultiRegion: false,
      Policy: policyDocument('tf-create'),
    })
    const id = created.KeyMetadata!.KeyId!
    expect(created.KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Origin: 'EXTERNAL', KeyManager: 'CUSTOMER', MultiRegion: false })
    await importExternalKeyMaterial(kms, id, MATERIAL, validTo)
    await waitImported(kms, id, validTo)
    await updateKeyEnabled(kms, id, false)
    await waitPolicy(kms, id, policyDocument('tf-create'))
    await waitTags(kms, id, tags)

    // --- read ---
    const read = (await findKey(kms, id))!
    expect(read.metadata).toMatchObject({
      Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`, Description: 'terraform external key', Enabled: false, ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      KeyState: 'Disabled', KeyUsage: 'ENCRYPT_DECRYPT', KeyManager: 'CUSTOMER', Origin: 'EXTERNAL', MultiRegion: false,
    })
    expect(read.metadata.ValidTo?.toISOString().replace(/\.\d{3}Z$/, 'Z')).toBe(validTo)
    expect(JSON.parse(read.policy)).toEqual(JSON.parse(policyDocument('tf-create')))
    expect(tagMap(read.tags)).toEqual(tags)

    // --- update: enable first, then description, policy, valid_to (reimport), tags ---
    await updateKeyEnabled(kms, id, true)
    await kms.updateKeyDescription({ KeyId: id, Description: 'terraform external key, updated' })
    await waitFor('description propagated', async () => (await kms.describeKey({ KeyId: id })).KeyMetadata!, (m) => m.Description === 'terraform external key, updated')
    await kms.putKeyPolicy({ BypassPolicyLockoutSafetyCheck: false, KeyId: id, Policy: policyDocument('tf-update'), PolicyName: 'default' })
    await waitPolicy(kms, id, policyDocument('tf-update'))
    const laterValidTo = new Date(clock.now() + 60 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    await importExternalKeyMaterial(kms, id, MATERIAL, laterValidTo)
    await waitImported(kms, id, laterValidTo)
    // the provider's tag update: UntagResource of removed keys, TagResource of new or changed ones
    await kms.untagResource({ KeyId: id, TagKeys: ['Env'] })
    await kms.tagResource({ KeyId: id, Tags: [{ TagKey: 'Team', TagValue: 'platform' }, { TagKey: 'Owner', TagValue: 'ops' }] })
    await waitTags(kms, id, { Name: 'tf-external', Team: 'platform', Owner: 'ops' })
    expect((await findKey(kms, id))!.metadata).toMatchObject({ Enabled: true, KeyState: 'Enabled', Description: 'terraform external key, updated' })

    // --- delete: ScheduleKeyDeletion, then WaitKeyDeleted; a second delete is "already done" ---
    await kms.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 7 })
    await waitFor('key deleted', async () => (await kms.describeKey({ KeyId: id })).KeyMetadata!, (m) => m.KeyState === 'PendingDeletion')
    expect(await findKey(kms, id)).toBeUndefined()
    const again = await kms.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 7 }).then(() => undefined, (e: unknown) => e)
    expect(again).toBeInstanceOf(KMSInvalidStateException)
    expect((again as Error).message).toContain('is pending deletion')
  })

  it('create without material: PendingImport, the default key policy with its "Enable IAM User Permissions" statement, no tags', async () => {
    connected = await transport.connect()
    const { kms } = connected
    const created = await kms.createKey({ BypassPolicyLockoutSafetyCheck: false, KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'EXTERNAL', Tags: [] })
    const read = (await findKey(kms, created.KeyMetadata!.KeyId!))!
    expect(read.metadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Description: '' })
    expect(read.metadata.ExpirationModel).toBeUndefined()
    expect(read.metadata.ValidTo).toBeUndefined()
    const policy = JSON.parse(read.policy) as { Statement: { Sid: string; Principal: { AWS: string }; Action: string }[] }
    expect(policy.Statement).toEqual([{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }])
    expect(read.tags).toEqual([])
    // the provider may not disable a key pending import: AWS refuses it, as this service does
    await expect(kms.disableKey({ KeyId: created.KeyMetadata!.KeyId! })).rejects.toThrow(`${created.KeyMetadata!.Arn!} is pending import.`)
  })
})
