/**
 * SDK cases of the later eras, registered where the setting has them: RSA_AES wrapping (the
 * client wraps with node:crypto's OAEP and AES key wrap with padding, as the AWS guide's OpenSSL
 * recipe does), the retired RSAES_PKCS1_V1_5, SM2 wrapping keys with SM2PKE in the China partition
 * and their refusal outside it, and (2025-06-05) multi-material import, RotateKeyOnDemand and
 * ListKeyRotations — each through `@aws-sdk/client-kms` serialisation.
 */
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto'
import {
  DecryptCommand, DescribeKeyCommand, EncryptCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, KMSInvalidStateException, ListKeyRotationsCommand,
  RotateKeyOnDemandCommand, type GetParametersForImportCommandOutput,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { wrapKeyMaterial } from 'kms-key-import/testing'
import { type Kms, type Setting, expectRefusal } from '../harness.js'
import { createExternalKey } from './key-lifecycle.js'

const MESSAGE = new TextEncoder().encode('bring your own key, later')

/** SYMMETRIC_DEFAULT material: 32 bytes, 16 in the China Regions (SM4). */
const material = (setting: Setting): Uint8Array => new Uint8Array(randomBytes(setting.region.startsWith('cn-') ? 16 : 32))

/** RSA_AES_KEY_WRAP_SHA_256 as a client does it: a fresh AES-256 key under RSAES-OAEP-SHA-256, then AES-KWP (RFC 5649) of the material. */
const wrapRsaAes = (publicKeyDer: Uint8Array | undefined, material: Uint8Array): Uint8Array => {
  const aesKey = randomBytes(32)
  const key = createPublicKey({ key: Buffer.from(publicKeyDer ?? new Uint8Array()), format: 'der', type: 'spki' })
  const head = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey)
  const kwp = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'))
  const tail = Buffer.concat([kwp.update(material), kwp.final()])
  return new Uint8Array(Buffer.concat([head, tail]))
}

/** RSAES-OAEP-SHA-256 of the material under the returned key. */
const wrapOaep = (publicKeyDer: Uint8Array | undefined, material: Uint8Array): Uint8Array =>
  new Uint8Array(publicEncrypt({ key: createPublicKey({ key: Buffer.from(publicKeyDer ?? new Uint8Array()), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material))

export const laterEraCases = (kms: () => Kms, setting: Setting): void => {
  if (setting.profile === 'classic') return
  const china = setting.region.startsWith('cn-')
  const params = (KeyId: string, WrappingAlgorithm: string, WrappingKeySpec: string): Promise<GetParametersForImportCommandOutput> =>
    kms().client.send(new GetParametersForImportCommand({
      KeyId, WrappingAlgorithm: WrappingAlgorithm as 'RSAES_OAEP_SHA_256', WrappingKeySpec: WrappingKeySpec as 'RSA_2048',
    }))
  /** Encrypt then Decrypt through the SDK; answers the plaintext, the ciphertext and the KeyMaterialId Decrypt named. */
  const roundTrip = async (keyId: string): Promise<{ readonly plaintext: Uint8Array | undefined; readonly ciphertext: Uint8Array | undefined; readonly keyMaterialId: string | undefined }> => {
    const encrypted = await kms().client.send(new EncryptCommand({ KeyId: keyId, Plaintext: MESSAGE }))
    const decrypted = await kms().client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))
    return { plaintext: decrypted.Plaintext, ciphertext: encrypted.CiphertextBlob, keyMaterialId: decrypted.KeyMaterialId }
  }

  describe(`the ${setting.profile} era's wrapping`, () => {
    it('refuses RSAES_PKCS1_V1_5 with the rule\'s ValidationException', async () => {
      const { keyId } = await createExternalKey(kms())
      await expectRefusal(params(keyId, 'RSAES_PKCS1_V1_5', 'RSA_2048'), {
        type: 'ValidationException',
        message: 'The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported for importing key material. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.',
      })
    })

    if (!china) {
      it('imports material wrapped with RSA_AES_KEY_WRAP_SHA_256 under an RSA_3072 wrapping key, and the key encrypts and decrypts', async () => {
        const { keyId, arn } = await createExternalKey(kms())
        const p = await params(keyId, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072')
        expect(createPublicKey({ key: Buffer.from(p.PublicKey ?? new Uint8Array()), format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength).toBe(3072)
        const imported = await kms().client.send(new ImportKeyMaterialCommand({
          KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapRsaAes(p.PublicKey, new Uint8Array(randomBytes(32))), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        }))
        expect(imported.KeyId).toBe(arn)
        const { plaintext, keyMaterialId } = await roundTrip(keyId)
        expect(plaintext).toEqual(MESSAGE)
        // Decrypt names the material as ImportKeyMaterial did, in the era that has KeyMaterialId
        expect(keyMaterialId).toBe(imported.KeyMaterialId)
      })

      it('refuses SM2 wrapping keys outside the China Regions', async () => {
        const { keyId } = await createExternalKey(kms())
        await expectRefusal(params(keyId, 'SM2PKE', 'SM2'), { type: 'ValidationException', message: 'The wrapping key spec SM2 is supported only in the China Regions.' })
      })
    } else {
      it('imports material wrapped with SM2PKE under an SM2 wrapping key, and the key encrypts and decrypts', async () => {
        const { keyId, arn } = await createExternalKey(kms())
        const p = await params(keyId, 'SM2PKE', 'SM2')
        const encrypted = wrapKeyMaterial(p.PublicKey ?? new Uint8Array(), 'SM2PKE', material(setting))
        const imported = await kms().client.send(new ImportKeyMaterialCommand({
          KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: encrypted, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        }))
        expect(imported.KeyId).toBe(arn)
        expect(arn.startsWith('arn:aws-cn:kms:')).toBe(true)
        expect((await roundTrip(keyId)).plaintext).toEqual(MESSAGE)
      })

      it('refuses RSA_AES wrapping in the China Regions', async () => {
        const { keyId } = await createExternalKey(kms())
        await expectRefusal(params(keyId, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'), {
          type: 'ValidationException', message: 'The wrapping algorithm RSA_AES_KEY_WRAP_SHA_256 is not supported in the China Regions.',
        })
      })
    }
  })

  if (setting.profile !== '2025-06-05') return
  describe('multi-material import and rotation (2025-06-05)', () => {
    it('imports a second material as NEW_KEY_MATERIAL, rotates to it on demand, lists both, and still decrypts the old ciphertext', async () => {
      const { client } = kms()
      const { keyId, arn } = await createExternalKey(kms())
      const importOne = async (material: Uint8Array, ImportType?: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL') => {
        const p = await params(keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048')
        return client.send(new ImportKeyMaterialCommand({
          KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapOaep(p.PublicKey, material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
          ...(ImportType === undefined ? {} : { ImportType }),
        }))
      }
      const a = material(setting)
      const b = material(setting)
      const first = await importOne(a)
      expect(first.KeyId).toBe(arn)
      expect(first.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
      const before = await roundTrip(keyId)

      const second = await importOne(b, 'NEW_KEY_MATERIAL')
      expect(second.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
      expect(second.KeyMaterialId).not.toBe(first.KeyMaterialId)
      expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId).toBe(first.KeyMaterialId)

      const rotated = await client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))
      expect(rotated.KeyId).toBe(keyId)
      expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.CurrentKeyMaterialId).toBe(second.KeyMaterialId)

      const listed = await client.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))
      expect(listed.Truncated).toBe(false)
      expect(listed.Rotations?.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.RotationType])).toEqual([
        [first.KeyMaterialId, 'NON_CURRENT', undefined],
        [second.KeyMaterialId, 'CURRENT', 'ON_DEMAND'],
      ])
      const onlyRotations = await client.send(new ListKeyRotationsCommand({ KeyId: keyId }))
      expect(onlyRotations.Rotations?.map((r) => r.KeyMaterialId)).toEqual([second.KeyMaterialId])

      // the old ciphertext still decrypts (NON_CURRENT material decrypts), and new ones use the new
      // material; Decrypt names the material it used (DOC API_Decrypt: KeyMaterialId, for a
      // symmetric encryption key)
      const old = await client.send(new DecryptCommand({ CiphertextBlob: before.ciphertext }))
      expect(old.Plaintext).toEqual(MESSAGE)
      expect(old.KeyMaterialId).toBe(first.KeyMaterialId)
      const after = await roundTrip(keyId)
      expect(after.plaintext).toEqual(MESSAGE)
      expect(after.keyMaterialId).toBe(second.KeyMaterialId)

      // the first material again, as EXISTING_KEY_MATERIAL, is the same id
      expect((await importOne(a, 'EXISTING_KEY_MATERIAL')).KeyMaterialId).toBe(first.KeyMaterialId)
    })

    it('refuses RotateKeyOnDemand with nothing pending, with the exact message', async () => {
      const { keyId, arn } = await createExternalKey(kms())
      const p = await params(keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048')
      await kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapOaep(p.PublicKey, material(setting)), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }))
      await expectRefusal(kms().client.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), {
        type: KMSInvalidStateException, message: `No available key material pending rotation for the key: ${arn}.`,
      })
    })
  })
}
