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
import { decodeRequest } from '../../src/protocol/decode.js'
import { kmsModel } from '../../src/protocol/generated/kms-model.js'
import type { OperationName } from '../../src/operations/support/registry.js'
import { profiles } from '../../src/profiles/index.js'

const KEY = { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }
const BLOB = 'AAAA'

/** A request every profile accepts, per served operation. */
const VALID: Readonly<Record<OperationName, Readonly<Record<string, unknown>>>> = {
  CancelKeyDeletion: KEY, DescribeKey: KEY, DisableKey: KEY, EnableKey: KEY,
  GetPublicKey: KEY, RotateKeyOnDemand: KEY, ListKeyRotations: KEY,
  DeleteImportedKeyMaterial: KEY, ScheduleKeyDeletion: KEY, CreateKey: {},
  Decrypt: { CiphertextBlob: BLOB }, Encrypt: { ...KEY, Plaintext: BLOB },
  GenerateMac: { ...KEY, Message: BLOB, MacAlgorithm: 'HMAC_SHA_256' },
  VerifyMac: { ...KEY, Message: BLOB, MacAlgorithm: 'HMAC_SHA_256', Mac: BLOB },
  GetParametersForImport: { ...KEY, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' },
  ImportKeyMaterial: { ...KEY, ImportToken: BLOB, EncryptedKeyMaterial: BLOB },
  Sign: { ...KEY, Message: BLOB, SigningAlgorithm: 'RSASSA_PSS_SHA_256' },
  Verify: { ...KEY, Message: BLOB, SigningAlgorithm: 'RSASSA_PSS_SHA_256', Signature: BLOB },
  ReplicateKey: { ...KEY, ReplicaRegion: 'eu-west-1' },
  UpdatePrimaryRegion: { ...KEY, PrimaryRegion: 'eu-west-1' },
  ListKeys: {}, ListAliases: {}, GenerateRandom: {}, UpdateKeyDescription: { ...KEY, Description: '' },
  CreateAlias: { AliasName: 'alias/a', TargetKeyId: KEY.KeyId }, UpdateAlias: { AliasName: 'alias/a', TargetKeyId: KEY.KeyId }, DeleteAlias: { AliasName: 'alias/a' },
  TagResource: { ...KEY, Tags: [] }, UntagResource: { ...KEY, TagKeys: [] }, ListResourceTags: KEY,
  GetKeyPolicy: KEY, PutKeyPolicy: { ...KEY, Policy: '{}' }, ListKeyPolicies: KEY,
  GenerateDataKey: KEY, GenerateDataKeyWithoutPlaintext: KEY, GenerateDataKeyPair: { ...KEY, KeyPairSpec: 'RSA_2048' },
  GenerateDataKeyPairWithoutPlaintext: { ...KEY, KeyPairSpec: 'RSA_2048' }, ReEncrypt: { CiphertextBlob: BLOB, DestinationKeyId: KEY.KeyId },
  EnableKeyRotation: KEY, DisableKeyRotation: KEY, GetKeyRotationStatus: KEY,
}

const served = Object.keys(kms.operations) as OperationName[]

/** JSON text of `base` with one more member, as a client would send it. */
const withMember = (base: Readonly<Record<string, unknown>>, name: string, value: unknown): unknown =>
  JSON.parse(`{${[...Object.entries(base), [name, value]].map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`)

/** Every member name AWS's model declares for a served operation. */
const DECLARED = [...new Set(served.flatMap((op) => {
  const input = kmsModel.operations[op]?.input
  const shape = input === undefined ? undefined : kmsModel.shapes[input]
  return shape?.type === 'structure' ? Object.keys(shape.members) : []
}))]

describe('decoded requests hold exactly the declared members', () => {
  it('a valid request is known for each served operation', () => {
    expect(served.sort()).toEqual(Object.keys(VALID).sort())
  })

  it.each(profiles.map((p) => [p.name, p] as const))('%s: an unknown member is not in the decoded request, own or inherited', (_, profile) => {
    const unknownName = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !DECLARED.includes(k) && k !== '__proto__')
    fc.assert(fc.property(fc.constantFrom(...served), unknownName, fc.jsonValue(), (name, member, value) => {
      const decoded = decodeRequest(profile, name, withMember(VALID[name], member, value))
      expect(decoded._tag, name).toBe('Right')
      if (decoded._tag === 'Right') expect(Object.prototype.hasOwnProperty.call(decoded.right, member)).toBe(false)
    }))
  })

  it.each(profiles.map((p) => [p.name, p] as const))('%s: "__proto__" never lends a member to the decoded request', (_, profile) => {
    fc.assert(fc.property(fc.constantFrom(...served), fc.constantFrom(...DECLARED, 'Unknown'), fc.jsonValue(), (name, member, value) => {
      for (const payload of [`{${JSON.stringify(member)}:${JSON.stringify(value)}}`, `{"__proto__":{${JSON.stringify(member)}:${JSON.stringify(value)}}}`]) {
        const body = JSON.stringify(VALID[name]).replace(/}$/, `${Object.keys(VALID[name]).length === 0 ? '' : ','}"__proto__":${payload}}`)
        const decoded = decodeRequest(profile, name, JSON.parse(body))
        expect(decoded._tag, name).toBe('Right')
        if (decoded._tag === 'Right') {
          expect(Object.getPrototypeOf(decoded.right)).toBe(Object.prototype)
          if (!(member in VALID[name])) expect(member in (decoded.right as object)).toBe(false)
        }
      }
    }))
  })

  it('classic and 2023-10-10 drop the 2025 members ImportType, KeyMaterialId and KeyMaterialDescription', () => {
    const request = { ...VALID.ImportKeyMaterial, ImportType: 'NOT_A_VALUE', KeyMaterialId: 42, KeyMaterialDescription: ['x'] }
    for (const name of ['classic', '2023-10-10'] as const) {
      const profile = profiles.find((p) => p.name === name) as Profile
      const decoded = decodeRequest(profile, 'ImportKeyMaterial', request)
      expect(decoded._tag === 'Right' && Object.keys(decoded.right).sort()).toEqual(['EncryptedKeyMaterial', 'ImportToken', 'KeyId'])
    }
    const latest = profiles.find((p) => p.name === '2025-06-05') as Profile
    expect(decodeRequest(latest, 'ImportKeyMaterial', request)._tag).toBe('Left') // declared there, and invalid
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
