/**
 * Every request is decoded to exactly the members its codec declares (docs/evidence.md §1, §4: unknown
 * members are ignored):
 * - an unknown member — including one a later era declares, such as ImportType under `classic` —
 *   is absent from the decoded request, own or inherited;
 * - `"__proto__"`, which JSON.parse makes an own member, is an unknown member too: it never becomes
 *   the decoded request's prototype, so nothing an operation reads can come from it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as kms from 'kms-key-import'
import type { Profile } from 'kms-key-import'
import { createDeterministicProvider, wrapKeyMaterial } from 'kms-key-import/testing'
import { decodeRequest } from '../../src/protocol/report.js'
import { profiles } from '../../src/profiles/index.js'

type Builder = (p: Profile) => Parameters<typeof decodeRequest>[0]
const KEY = { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }
const BLOB = 'AAAA'

/** A request every profile's codec accepts, per exported `…Request` codec. */
const VALID: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  CancelKeyDeletionRequest: KEY, DescribeKeyRequest: KEY, DisableKeyRequest: KEY, EnableKeyRequest: KEY,
  GetPublicKeyRequest: KEY, RotateKeyOnDemandRequest: KEY, ListKeyRotationsRequest: KEY,
  DeleteImportedKeyMaterialRequest: KEY, ScheduleKeyDeletionRequest: KEY, CreateKeyRequest: {},
  DecryptRequest: { CiphertextBlob: BLOB }, EncryptRequest: { ...KEY, Plaintext: BLOB },
  GenerateMacRequest: { ...KEY, Message: BLOB, MacAlgorithm: 'HMAC_SHA_256' },
  VerifyMacRequest: { ...KEY, Message: BLOB, MacAlgorithm: 'HMAC_SHA_256', Mac: BLOB },
  GetParametersForImportRequest: { ...KEY, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' },
  ImportKeyMaterialRequest: { ...KEY, ImportToken: BLOB, EncryptedKeyMaterial: BLOB },
  SignRequest: { ...KEY, Message: BLOB, SigningAlgorithm: 'RSASSA_PSS_SHA_256' },
  ReplicateKeyRequest: { ...KEY, ReplicaRegion: 'eu-west-1' },
  UpdatePrimaryRegionRequest: { ...KEY, PrimaryRegion: 'eu-west-1' },
  VerifyRequest: { ...KEY, Message: BLOB, SigningAlgorithm: 'RSASSA_PSS_SHA_256', Signature: BLOB },
}

const builders = (Object.entries(kms) as [string, unknown][])
  .filter((e): e is [string, Builder] => e[0].endsWith('Request') && typeof e[1] === 'function')

/** JSON text of `base` with one more member, as a client would send it. */
const withMember = (base: Readonly<Record<string, unknown>>, name: string, value: unknown): unknown =>
  JSON.parse(`{${[...Object.entries(base), [name, value]].map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`)

/** Every member name any codec declares. */
const DECLARED = ['KeyId', 'ImportToken', 'EncryptedKeyMaterial', 'ValidTo', 'ExpirationModel', 'ImportType', 'KeyMaterialId', 'KeyMaterialDescription',
  'Plaintext', 'CiphertextBlob', 'EncryptionContext', 'EncryptionAlgorithm', 'Message', 'MacAlgorithm', 'Mac', 'SigningAlgorithm', 'Signature',
  'MessageType', 'WrappingAlgorithm', 'WrappingKeySpec', 'PendingWindowInDays', 'IncludeKeyMaterial', 'Limit', 'Marker', 'Description',
  'KeyUsage', 'KeySpec', 'CustomerMasterKeySpec', 'Origin', 'MultiRegion', 'ReplicaRegion', 'PrimaryRegion', 'Policy', 'BypassPolicyLockoutSafetyCheck', 'Tags']

describe('decoded requests hold exactly the declared members', () => {
  it('a valid request is known for each of the twenty exported codecs', () => {
    expect(builders.map(([name]) => name).sort()).toEqual(Object.keys(VALID).sort())
  })

  it.each(profiles.map((p) => [p.name, p] as const))('%s: an unknown member is not in the decoded request, own or inherited', (_, profile) => {
    const unknownName = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !DECLARED.includes(k) && k !== '__proto__')
    fc.assert(fc.property(fc.constantFrom(...builders), unknownName, fc.jsonValue(), ([name, build], member, value) => {
      const decoded = decodeRequest(build(profile), withMember(VALID[name] ?? {}, member, value))
      expect(decoded._tag, name).toBe('Right')
      if (decoded._tag === 'Right') expect(Object.prototype.hasOwnProperty.call(decoded.right, member)).toBe(false)
    }))
  })

  it.each(profiles.map((p) => [p.name, p] as const))('%s: "__proto__" never lends a member to the decoded request', (_, profile) => {
    fc.assert(fc.property(fc.constantFrom(...builders), fc.constantFrom(...DECLARED, 'Unknown'), fc.jsonValue(), ([name, build], member, value) => {
      for (const payload of [`{${JSON.stringify(member)}:${JSON.stringify(value)}}`, `{"__proto__":{${JSON.stringify(member)}:${JSON.stringify(value)}}}`]) {
        const body = JSON.stringify(VALID[name] ?? {}).replace(/}$/, `${Object.keys(VALID[name] ?? {}).length === 0 ? '' : ','}"__proto__":${payload}}`)
        const decoded = decodeRequest(build(profile), JSON.parse(body))
        expect(decoded._tag, name).toBe('Right')
        if (decoded._tag === 'Right') {
          expect(Object.getPrototypeOf(decoded.right)).toBe(Object.prototype)
          if (!(member in (VALID[name] ?? {}))) expect(member in (decoded.right as object)).toBe(false)
        }
      }
    }))
  })

  it('classic and 2023-10-10 drop the 2025 members ImportType, KeyMaterialId and KeyMaterialDescription', () => {
    const request = { ...VALID.ImportKeyMaterialRequest, ImportType: 'NOT_A_VALUE', KeyMaterialId: 42, KeyMaterialDescription: ['x'] }
    for (const name of ['classic', '2023-10-10'] as const) {
      const profile = profiles.find((p) => p.name === name) as Profile
      const decoded = decodeRequest(kms.ImportKeyMaterialRequest(profile), request)
      expect(decoded._tag === 'Right' && Object.keys(decoded.right).sort()).toEqual(['EncryptedKeyMaterial', 'ImportToken', 'KeyId'])
    }
    const latest = profiles.find((p) => p.name === '2025-06-05') as Profile
    expect(decodeRequest(kms.ImportKeyMaterialRequest(latest), request)._tag).toBe('Left') // declared there, and invalid
  })
})

describe('"__proto__" in a request body, through handle', () => {
  const setup = async (profile: 'classic' | '2025-06-05') => {
    const emulator = kms.createEmulator({ profile, crypto: createDeterministicProvider() })
    const call = async (op: string, body: string) => {
      const res = await emulator.handle({ target: `TrentService.${op}`, body })
      return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> }
    }
    const keyId = String(((await call('CreateKey', '{"Origin":"EXTERNAL"}')).body.KeyMetadata as { KeyId: string }).KeyId)
    const params = (await call('GetParametersForImport', JSON.stringify({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))).body
    const wrapped = wrapKeyMaterial(new Uint8Array(Buffer.from(String(params.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(9))
    const base = JSON.stringify({ KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: Buffer.from(wrapped).toString('base64') }).slice(0, -1)
    return { call, base }
  }

  it('classic: a 2025 member hidden in "__proto__" has no effect; the reimport succeeds as without it', async () => {
    const { call, base } = await setup('classic')
    const expiry = `"ValidTo":${Math.floor(Date.now() / 1000) + 86_400}`
    const plain = `${base},${expiry}}`
    expect((await call('ImportKeyMaterial', plain)).status).toBe(200)
    const members = '{"ImportType":"NEW_KEY_MATERIAL","KeyMaterialDescription":"<<not allowed>>"}'
    for (const hidden of [members, `{"__proto__":${members}}`, `{"__proto__":{"__proto__":${members}}}`]) {
      const body = `${base},${expiry},"__proto__":${hidden}}`
      expect(await call('ImportKeyMaterial', body)).toEqual({ status: 200, body: (await call('ImportKeyMaterial', plain)).body })
    }
  })

  it('a ValidTo hidden in "__proto__" is not read: ValidationException for the missing ValidTo, never a 500', async () => {
    for (const profile of ['classic', '2025-06-05'] as const) {
      const { call, base } = await setup(profile)
      for (const hidden of ['{"ValidTo":"x","ExpirationModel":"bogus"}', '{"__proto__":{"ValidTo":"x","ExpirationModel":"bogus"}}']) {
        expect(await call('ImportKeyMaterial', `${base},"__proto__":${hidden}}`)).toEqual({
          status: 400, body: { __type: 'ValidationException', message: 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES' },
        })
      }
    }
  })
})
