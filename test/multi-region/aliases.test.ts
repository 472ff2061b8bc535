/**
 * Aliases in a world of Regions: an alias name is unique within a Region, not across Regions (as
 * in AWS, where each Region of an account has its own aliases), and every alias operation sees only
 * the aliases of the Region of its call.
 */
import { describe, expect, it } from 'vitest'
import { createEmulator } from 'kms-key-import'
import { createDeterministicProvider } from 'kms-key-import/testing'

const US = 'us-east-1'
const EU = 'eu-west-1'

describe('aliases are per Region', () => {
  it('the same alias name names a key in each Region, and resolves in its own Region only', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider(), region: US })
    const inUs = await kms.invoke('CreateKey', {}, US)
    const inEu = await kms.invoke('CreateKey', {}, EU)
    if (inUs._tag === 'Left' || inEu._tag === 'Left') throw new Error('CreateKey failed')
    const usKey = inUs.right.KeyMetadata
    const euKey = inEu.right.KeyMetadata
    expect((await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: usKey.KeyId }, US))._tag).toBe('Right')
    expect((await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: euKey.KeyId }, EU))._tag).toBe('Right')

    const described = { us: await kms.invoke('DescribeKey', { KeyId: 'alias/app' }, US), eu: await kms.invoke('DescribeKey', { KeyId: 'alias/app' }, EU) }
    expect(described.us._tag === 'Right' && described.us.right.KeyMetadata.Arn).toBe(usKey.Arn)
    expect(described.eu._tag === 'Right' && described.eu.right.KeyMetadata.Arn).toBe(euKey.Arn)

    const again = await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: euKey.KeyId }, EU)
    expect(again._tag === 'Left' && [again.left._tag, again.left.message]).toEqual([
      'AlreadyExistsException', `An alias with the name arn:aws:kms:${EU}:111122223333:alias/app already exists`,
    ])
    kms.close()
  })

  it('ListAliases lists the aliases of the Region of the call, with that Region in their ARNs; DeleteAlias deletes only there', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider(), region: US })
    const inUs = await kms.invoke('CreateKey', {}, US)
    const inEu = await kms.invoke('CreateKey', {}, EU)
    if (inUs._tag === 'Left' || inEu._tag === 'Left') throw new Error('CreateKey failed')
    await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: inUs.right.KeyMetadata.KeyId }, US)
    await kms.invoke('CreateAlias', { AliasName: 'alias/only-eu', TargetKeyId: inEu.right.KeyMetadata.KeyId }, EU)
    await kms.invoke('CreateAlias', { AliasName: 'alias/app', TargetKeyId: inEu.right.KeyMetadata.KeyId }, EU)

    const listed = async (region: string) => {
      const r = await kms.invoke('ListAliases', {}, region)
      if (r._tag === 'Left') throw new Error(r.left.message)
      return (r.right.Aliases ?? []).map((a) => [a.AliasName, a.AliasArn, a.TargetKeyId])
    }
    expect(await listed(US)).toEqual([['alias/app', `arn:aws:kms:${US}:111122223333:alias/app`, inUs.right.KeyMetadata.KeyId]])
    expect(await listed(EU)).toEqual([
      ['alias/app', `arn:aws:kms:${EU}:111122223333:alias/app`, inEu.right.KeyMetadata.KeyId],
      ['alias/only-eu', `arn:aws:kms:${EU}:111122223333:alias/only-eu`, inEu.right.KeyMetadata.KeyId],
    ])

    expect((await kms.invoke('DeleteAlias', { AliasName: 'alias/only-eu' }, US))._tag).toBe('Left')
    expect((await kms.invoke('DeleteAlias', { AliasName: 'alias/app' }, EU))._tag).toBe('Right')
    expect(await listed(US)).toHaveLength(1)
    expect(await listed(EU)).toEqual([['alias/only-eu', `arn:aws:kms:${EU}:111122223333:alias/only-eu`, inEu.right.KeyMetadata.KeyId]])
    kms.close()
  })
})
