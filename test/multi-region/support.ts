/**
 * Helpers of the multi-Region tests: one emulator, seen from several Regions. `inRegion` gives
 * the shared harness (`test/support/kms.ts`) a view whose calls carry a Region, so every helper
 * there (imports, Encrypt, Decrypt, DescribeKey …) works per Region.
 */
import { expect } from 'vitest'
import { parseReply, stringAt, objectAt, expectOk, importMaterial, type JsonObject, type Kms } from '../support/kms.js'

export const US = 'us-east-1'
export const EU = 'eu-west-1'
export const AP = 'ap-southeast-2'
export const CREATING_MS = 5_000
export const UPDATING_MS = 5_000

/**
 * The same emulator, its calls made in `region` (`handle({ …, region })`).
 * @param kms - the harness
 * @param region - the Region of the calls
 * @returns a harness whose `call` is in that Region
 */
export const inRegion = (kms: Kms, region: string): Kms => ({
  ...kms,
  region,
  call: async (operation: string, body: unknown = {}) =>
    parseReply(await kms.emulator.handle({ target: `TrentService.${operation}`, body: typeof body === 'string' ? body : JSON.stringify(body), region })),
})

/** A multi-Region primary key (CreateKey `MultiRegion: true`), which must succeed. */
export const createPrimary = async (kms: Kms, request: JsonObject = { Origin: 'EXTERNAL' }): Promise<{ keyId: string; arn: string }> => {
  const meta = objectAt(expectOk(await kms.call('CreateKey', { ...request, MultiRegion: true })), 'KeyMetadata')
  return { keyId: stringAt(meta, 'KeyId'), arn: stringAt(meta, 'Arn') }
}

/**
 * A multi-Region primary of origin EXTERNAL holding `material`: `Enabled`, as ReplicateKey needs
 * (docs/evidence.md §11: a Disabled or PendingImport primary is refused).
 */
export const createImportedPrimary = async (kms: Kms, material?: Uint8Array, request: JsonObject = {}): Promise<{ keyId: string; arn: string }> => {
  const key = await createPrimary(kms, { Origin: 'EXTERNAL', ...request })
  await importMaterial(kms, key.keyId, material)
  return key
}

/** ReplicateKey from `kms`'s Region into `region`, which must succeed; the ReplicaKeyMetadata. */
export const replicate = async (kms: Kms, keyId: string, region: string, extra: JsonObject = {}): Promise<JsonObject> =>
  objectAt(expectOk(await kms.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: region, ...extra })), 'ReplicaKeyMetadata')

/** ReplicateKey, then the clock past `Creating`. */
export const replicated = async (kms: Kms, keyId: string, region: string): Promise<JsonObject> => {
  const meta = await replicate(kms, keyId, region)
  kms.clock.advance(CREATING_MS)
  return meta
}

/** The ARN of a key id in a Region. */
export const arnIn = (region: string, keyId: string): string => `arn:aws:kms:${region}:111122223333:key/${keyId}`

/** The reply is this exception with exactly this message. */
export const expectRefusal = (reply: { status: number; body: JsonObject }, type: string, message: string): void => {
  expect(reply.body, JSON.stringify(reply.body)).toEqual({ __type: type, message })
  expect(reply.status).toBe(400)
}
