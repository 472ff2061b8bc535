/**
 * One emulator, every Region of its partition (decision region-routing): the Region of a call in
 * process and over HTTP, refusals of Regions outside the partition, snapshots that keep every
 * Region and the relations of multi-Region keys, and the store's addressing by (Region, key id).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allKeys, allMultiRegionKeySets, createEmulator, getKey, multiRegionKeySet, restoreEmulator, settleStore, storeSize,
} from 'kms-key-import'
import { regionOfAuthorization, serve } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import { decrypt, describeKey, encrypt, expectOk, importMaterial, materialOf, newKms, parseReply } from '../support/kms.js'
import { CREATING_MS, EU, US, createImportedPrimary, createPrimary, expectRefusal, inRegion, replicated } from './support.js'

describe('the Region of a call', () => {
  it('handle takes it from the request, defaulting to the emulator\'s; a Region of another partition is InvalidSignatureException', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider(), region: 'eu-west-1' })
    const created = parseReply(await kms.handle({ target: 'TrentService.CreateKey', body: '{}' }))
    expect(String((created.body.KeyMetadata as { Arn: string }).Arn)).toMatch(/^arn:aws:kms:eu-west-1:/)
    const there = parseReply(await kms.handle({ target: 'TrentService.CreateKey', body: '{}', region: 'ap-south-1' }))
    expect(String((there.body.KeyMetadata as { Arn: string }).Arn)).toMatch(/^arn:aws:kms:ap-south-1:/)
    for (const region of ['cn-north-1', 'us-gov-west-1', 'Europe', '']) {
      expectRefusal(parseReply(await kms.handle({ target: 'TrentService.CreateKey', body: '{}', region })), 'InvalidSignatureException', 'Credential should be scoped to a valid region.')
    }
    expect(storeSize(kms.store())).toBe(2)
    kms.close()
  })

  it('ListKeys lists the keys of the call\'s Region only (AWS: "all KMS keys in the caller\'s account and Region"), a replica in its own Region', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider(), region: US })
    const list = async (region: string): Promise<string[]> => {
      const page = parseReply(await kms.handle({ target: 'TrentService.ListKeys', body: '{}', region }))
      return (page.body.Keys as { KeyArn: string }[]).map((k) => k.KeyArn)
    }
    const here = parseReply(await kms.handle({ target: 'TrentService.CreateKey', body: '{}', region: US })).body.KeyMetadata as { Arn: string }
    const there = parseReply(await kms.handle({ target: 'TrentService.CreateKey', body: '{}', region: EU })).body.KeyMetadata as { Arn: string }
    const primary = parseReply(await kms.handle({ target: 'TrentService.CreateKey', body: '{"MultiRegion":true}', region: US })).body.KeyMetadata as { Arn: string; KeyId: string }
    const replica = parseReply(await kms.handle({ target: 'TrentService.ReplicateKey', body: JSON.stringify({ KeyId: primary.KeyId, ReplicaRegion: EU }), region: US })).body.ReplicaKeyMetadata as { Arn: string }
    expect(await list(US)).toEqual([here.Arn, primary.Arn])
    expect(await list(EU)).toEqual([there.Arn, replica.Arn])
    expect(await list('ap-south-1')).toEqual([])
    kms.close()
  })

  it('invoke takes it as a third argument; another partition is misuse (TypeError)', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider() })
    const created = await kms.invoke('CreateKey', {}, 'eu-central-1')
    expect(created._tag === 'Right' && created.right.KeyMetadata.Arn).toMatch(/^arn:aws:kms:eu-central-1:/)
    await expect(kms.invoke('CreateKey', {}, 'cn-north-1')).rejects.toThrow(TypeError)
    kms.close()
  })

  it('the HTTP endpoint routes by the SigV4 credential scope of the Authorization header, else its own Region', async () => {
    const server = await serve({ port: 0, quiet: true, crypto: createDeterministicProvider(), region: 'us-east-1' })
    const post = async (authorization?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await fetch(server.url, {
        method: 'POST', body: '{}',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey', ...(authorization === undefined ? {} : { authorization }) },
      })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const signed = (region: string): string => `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/${region}/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`
    expect((await post(signed('eu-west-2'))).body.KeyMetadata).toMatchObject({ Arn: expect.stringMatching(/^arn:aws:kms:eu-west-2:/) })
    expect((await post()).body.KeyMetadata).toMatchObject({ Arn: expect.stringMatching(/^arn:aws:kms:us-east-1:/) })
    const refused = await post(signed('cn-north-1'))
    expect(refused).toEqual({ status: 400, body: { __type: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region.' } })
    await server.close()
  })

  it('property: regionOfAuthorization reads the Region of any SigV4 credential scope, and nothing else', () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,20}$/)
    fc.assert(fc.property(fc.stringMatching(/^[A-Z0-9]{4,20}$/), fc.stringMatching(/^\d{8}$/), segment, segment, (key, date, region, service) => {
      expect(regionOfAuthorization(`AWS4-HMAC-SHA256 Credential=${key}/${date}/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`)).toBe(region)
      expect(regionOfAuthorization(`Bearer ${key}/${date}/${region}/${service}/aws4_request`)).toBeUndefined()
    }))
  })
})

describe('the world store', () => {
  it('addresses keys by (Region, key id): related keys share the id, each Region holds its own record', async () => {
    const kms = newKms()
    const us = inRegion(kms, US)
    const { keyId } = await createImportedPrimary(us)
    await replicated(us, keyId, EU)
    const store = kms.emulator.store()
    expect(getKey(store, keyId, US)?.region).toBe(US)
    expect(getKey(store, keyId, EU)?.region).toBe(EU)
    expect(getKey(store, keyId)?.region).toBe(US) // without a Region: the first Region holding it
    expect(getKey(store, keyId, 'ap-south-1')).toBeUndefined()
    expect(multiRegionKeySet(store, keyId)).toEqual({ keyId, primaryRegion: US, regions: [US, EU] })
    expect(allKeys(store).map((k) => k.region)).toEqual([US, EU])
  })

  it('settles a transient state as a pure function of the store and the instant', async () => {
    const kms = newKms()
    const us = inRegion(kms, US)
    const { keyId } = await createImportedPrimary(us)
    expectOk(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }))
    const store = kms.emulator.store()
    const now = kms.clock.now()
    expect(getKey(settleStore(store, now + CREATING_MS - 1).store, keyId, EU)?.state).toBe('Creating')
    expect(getKey(settleStore(store, now + CREATING_MS).store, keyId, EU)?.state).toBe('PendingImport')
    expect(getKey(store, keyId, EU)?.state).toBe('Creating') // the store itself is unchanged
  })
})

describe('snapshots keep every Region', () => {
  it('restore the keys of every Region, the relations, the transient states and the material, under the same sealing key', async () => {
    const sealingKey = new Uint8Array(32).fill(4)
    const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
    const kms = createEmulator({ crypto: createDeterministicProvider({ seed: 4 }), sealingKey, clock })
    const harness = { emulator: kms, clock, region: US, events: [], call: async () => { throw new Error('unused') } }
    const us = inRegion(harness, US)
    const eu = inRegion(harness, EU)
    const { keyId } = await createPrimary(us)
    await importMaterial(us, keyId, materialOf('snap'))
    await replicated(us, keyId, EU)
    await importMaterial(eu, keyId, materialOf('snap'))
    const creating = await createPrimary(us, {})
    expectOk(await us.call('ReplicateKey', { KeyId: creating.keyId, ReplicaRegion: EU }))
    const blob = await encrypt(us, keyId, 'kept')
    const saved: unknown = JSON.parse(JSON.stringify(kms.snapshot()))
    kms.close()
    const again = restoreEmulator({ state: saved, sealingKey, clock, crypto: createDeterministicProvider({ seed: 5 }) })
    expect(again._tag).toBe('Right')
    if (again._tag !== 'Right') return
    const restored = { emulator: again.right, clock, region: US, events: [], call: async () => { throw new Error('unused') } }
    expect(allMultiRegionKeySets(again.right.store()).map((set) => set.regions)).toEqual([[US, EU], [US, EU]])
    expect(await decrypt(inRegion(restored, EU), blob)).toBe('kept')
    expect((await describeKey(inRegion(restored, EU), creating.keyId)).KeyState).toBe('Creating')
    clock.advance(CREATING_MS)
    expect((await describeKey(inRegion(restored, EU), creating.keyId)).KeyState).toBe('Enabled')
    again.right.close()
  })

  it('refuse a multi-Region key that names no primary Region, and a single-Region id marked multi-Region', async () => {
    const sealingKey = new Uint8Array(32).fill(4)
    const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
    await kms.invoke('CreateKey', { MultiRegion: true })
    await kms.invoke('CreateKey', {})
    const snap = kms.snapshot()
    const [mrk, single] = snap.keys
    expect(mrk?.primaryRegion).toBe(US)
    const { primaryRegion: _dropped, ...orphan } = mrk!
    for (const keys of [[orphan, single], [mrk, { ...single!, multiRegion: true }]]) {
      const refused = restoreEmulator({ state: { ...snap, keys }, sealingKey, crypto: createDeterministicProvider() })
      expect(refused._tag === 'Left' && refused.left.message).toMatch(/does not belong to this snapshot's account and region$/)
    }
    kms.close()
  })
})
