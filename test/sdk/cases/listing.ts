/**
 * SDK cases: the SDK's own paginators (`paginateListKeys`, `paginateListAliases`,
 * `paginateListResourceTags`) follow the markers to the end, and a clean-up loop that deletes each
 * page as the paginator hands it over still sees every alias once (docs/evidence.md §12).
 */
import {
  CreateAliasCommand, CreateKeyCommand, DeleteAliasCommand, paginateListAliases, paginateListKeys, paginateListResourceTags,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import type { Kms } from '../harness.js'

const createKey = async (kms: Kms, tags = 0): Promise<string> => {
  const out = await kms.client.send(new CreateKeyCommand({ Tags: Array.from({ length: tags }, (_, i) => ({ TagKey: `t${i}`, TagValue: 'v' })) }))
  const keyId = out.KeyMetadata?.KeyId
  if (keyId === undefined) throw new Error('CreateKey answered without KeyId')
  return keyId
}

export const listingCases = (kms: () => Kms): void => {
  describe('listings through the SDK\'s paginators', () => {
    it('ListKeys, ListAliases and ListResourceTags page to the end', async () => {
      const keys = [await createKey(kms(), 7), await createKey(kms()), await createKey(kms())]
      const names = ['alias/c', 'alias/a', 'alias/b', 'alias/e', 'alias/d']
      for (const AliasName of names) await kms().client.send(new CreateAliasCommand({ AliasName, TargetKeyId: keys[0] }))
      const listedKeys: string[] = []
      for await (const page of paginateListKeys({ client: kms().client, pageSize: 2 }, {})) listedKeys.push(...(page.Keys ?? []).map((k) => k.KeyId ?? ''))
      expect(listedKeys).toEqual(keys)
      const listedAliases: string[] = []
      for await (const page of paginateListAliases({ client: kms().client, pageSize: 2 }, {})) listedAliases.push(...(page.Aliases ?? []).map((a) => a.AliasName ?? ''))
      expect(listedAliases).toEqual([...names].sort())
      const listedTags: string[] = []
      for await (const page of paginateListResourceTags({ client: kms().client, pageSize: 3 }, { KeyId: keys[0] })) listedTags.push(...(page.Tags ?? []).map((t) => t.TagKey ?? ''))
      expect(listedTags).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6'])
    })

    it('a clean-up loop deleting each page of aliases as it comes sees every alias once', async () => {
      const keyId = await createKey(kms())
      const names = Array.from({ length: 9 }, (_, i) => `alias/x${i}`)
      for (const AliasName of names) await kms().client.send(new CreateAliasCommand({ AliasName, TargetKeyId: keyId }))
      const deleted: string[] = []
      for await (const page of paginateListAliases({ client: kms().client, pageSize: 4 }, {})) {
        for (const a of page.Aliases ?? []) {
          await kms().client.send(new DeleteAliasCommand({ AliasName: a.AliasName }))
          deleted.push(a.AliasName ?? '')
        }
      }
      expect(deleted).toEqual(names)
    })
  })
}
