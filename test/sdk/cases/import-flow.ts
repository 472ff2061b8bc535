/**
 * SDK cases: the whole import flow as a client performs it (GetParametersForImport, wrapping with
 * node:crypto `publicEncrypt` RSAES-OAEP-SHA-256 under the returned public key, ImportKeyMaterial
 * with a ValidTo, DescribeKey, Encrypt/Decrypt, DeleteImportedKeyMaterial), and the refusals of
 * ImportKeyMaterial as the SDK surfaces them.
 */
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto'
import {
  DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, DisableKeyCommand, DisabledException, EncryptCommand,
  ExpiredImportTokenException, GetParametersForImportCommand, ImportKeyMaterialCommand, IncorrectKeyMaterialException,
  InvalidCiphertextException, InvalidImportTokenException, KMSInvalidStateException, type GetParametersForImportCommandOutput,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { DAY, type Kms, START, expectRefusal } from '../harness.js'
import { createExternalKey } from './key-lifecycle.js'

/** RSAES-OAEP (MGF1 with the same hash), as the AWS guide's OpenSSL recipes do it, under the returned DER SPKI key. */
const wrapOaep = (hash: 'sha1' | 'sha256', publicKeyDer: Uint8Array | undefined, material: Uint8Array): Uint8Array => {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer ?? new Uint8Array()), format: 'der', type: 'spki' })
  return new Uint8Array(publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, material))
}
const wrapOaepSha256 = (publicKeyDer: Uint8Array | undefined, material: Uint8Array): Uint8Array => wrapOaep('sha256', publicKeyDer, material)
const wrapOaepSha1 = (publicKeyDer: Uint8Array | undefined, material: Uint8Array): Uint8Array => wrapOaep('sha1', publicKeyDer, material)

const VALID_TO = new Date(START + 30 * DAY)

/** The size of SYMMETRIC_DEFAULT material: 32 bytes (AES-256), 16 in the China Regions (SM4, docs/evidence.md §1). */
const symmetricSize = (kms: Kms): number => (kms.setting.region.startsWith('cn-') ? 16 : 32)
/** Fresh random material of the setting's SYMMETRIC_DEFAULT size. */
const materialOf = (kms: Kms): Uint8Array => new Uint8Array(randomBytes(symmetricSize(kms)))
const MESSAGE = new TextEncoder().encode('bring your own key')

export const importFlowCases = (kms: () => Kms): void => {
  const parameters = (keyId: string): Promise<GetParametersForImportCommandOutput> =>
    kms().client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))

  describe('the import flow', () => {
    it('imports SYMMETRIC_DEFAULT material wrapped with OAEP-SHA-256, encrypts and decrypts with them, deletes them, and takes them back', async () => {
      const { client } = kms()
      const { keyId, arn } = await createExternalKey(kms())
      const material = materialOf(kms())
      const params = await parameters(keyId)

      const imported = await client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, material),
        ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: VALID_TO,
      }))
      expect(imported.KeyId).toBe(arn)

      const described = await client.send(new DescribeKeyCommand({ KeyId: keyId }))
      expect(described.KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true, Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_EXPIRES' })
      expect(described.KeyMetadata?.ValidTo).toEqual(VALID_TO)

      const encrypted = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: MESSAGE }))
      expect(encrypted.KeyId).toBe(arn)
      expect(encrypted.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT')
      const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))
      expect(decrypted.KeyId).toBe(arn)
      expect(decrypted.Plaintext).toEqual(MESSAGE)

      const deleted = await client.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }))
      expect(deleted.$metadata.httpStatusCode).toBe(200)
      const afterDelete = await client.send(new DescribeKeyCommand({ KeyId: keyId }))
      expect(afterDelete.KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false })
      expect(afterDelete.KeyMetadata?.ExpirationModel).toBeUndefined()
      expect(afterDelete.KeyMetadata?.ValidTo).toBeUndefined()
      await expectRefusal(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: MESSAGE })), { type: KMSInvalidStateException, message: `${arn} is pending import.` })
      await expectRefusal(client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })), { type: KMSInvalidStateException, message: `${arn} is pending import.` })

      // The same material, under fresh parameters, brings the key and its old ciphertext back.
      const again = await parameters(keyId)
      await client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: again.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(again.PublicKey, material),
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }))
      const back = await client.send(new DescribeKeyCommand({ KeyId: keyId }))
      expect(back.KeyMetadata).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
      expect(back.KeyMetadata?.ValidTo).toBeUndefined()
      expect((await client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))).Plaintext).toEqual(MESSAGE)
    })

    it('a disabled key with material refuses Encrypt with DisabledException', async () => {
      const { keyId, arn } = await createExternalKey(kms())
      const params = await parameters(keyId)
      await kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, materialOf(kms())),
        ValidTo: VALID_TO,
      }))
      await kms().client.send(new DisableKeyCommand({ KeyId: keyId }))
      await expectRefusal(kms().client.send(new EncryptCommand({ KeyId: keyId, Plaintext: MESSAGE })), { type: DisabledException, message: `${arn} is disabled.` })
    })
  })

  describe('ImportKeyMaterial refusals', () => {
    it('ExpiredImportTokenException: the token is used at ParametersValidTo', async () => {
      const { keyId } = await createExternalKey(kms())
      const params = await parameters(keyId)
      kms().clock.set(params.ParametersValidTo?.getTime() ?? Number.NaN)
      await expectRefusal(kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, materialOf(kms())), ValidTo: VALID_TO,
      })), { type: ExpiredImportTokenException, message: 'Import token has expired.' })
    })

    it('InvalidImportTokenException: a token issued for another key', async () => {
      const target = await createExternalKey(kms())
      const other = await createExternalKey(kms())
      const params = await parameters(other.keyId)
      await expectRefusal(kms().client.send(new ImportKeyMaterialCommand({
        KeyId: target.keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, materialOf(kms())), ValidTo: VALID_TO,
      })), { type: InvalidImportTokenException, message: 'Import token is invalid or is associated with a different KMS key.' })
    })

    it('InvalidImportTokenException: a token with one bit flipped', async () => {
      const { keyId } = await createExternalKey(kms())
      const params = await parameters(keyId)
      const token = Uint8Array.from(params.ImportToken ?? [])
      token[token.length >> 1]! ^= 0x01
      await expectRefusal(kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, materialOf(kms())), ValidTo: VALID_TO,
      })), { type: InvalidImportTokenException, message: 'Import token is invalid or is associated with a different KMS key.' })
    })

    it('InvalidCiphertextException: material wrapped with OAEP-SHA-1 under a SHA-256 token', async () => {
      const { keyId } = await createExternalKey(kms())
      const params = await parameters(keyId)
      await expectRefusal(kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha1(params.PublicKey, materialOf(kms())), ValidTo: VALID_TO,
      })), {
        type: InvalidCiphertextException,
        message: 'The encrypted key material could not be decrypted with the wrapping key and algorithm of the import token.',
      })
    })

    it('IncorrectKeyMaterialException: material of the wrong size for a SYMMETRIC_DEFAULT key', async () => {
      const { keyId } = await createExternalKey(kms())
      const params = await parameters(keyId)
      await expectRefusal(kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, new Uint8Array(randomBytes(48 - symmetricSize(kms())))), ValidTo: VALID_TO,
      })), {
        type: IncorrectKeyMaterialException,
        message: `The key material for key spec SYMMETRIC_DEFAULT must be ${symmetricSize(kms())} bytes; it was ${48 - symmetricSize(kms())} bytes.`,
      })
    })

    it('IncorrectKeyMaterialException: other material than the key was first given', async () => {
      const { keyId } = await createExternalKey(kms())
      const params = await parameters(keyId)
      await kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, materialOf(kms())), ValidTo: VALID_TO,
      }))
      await expectRefusal(kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, materialOf(kms())), ValidTo: VALID_TO,
      })), { type: IncorrectKeyMaterialException, message: 'The key material does not match the key material previously imported into this KMS key.' })
    })

    it('ValidationException: KEY_MATERIAL_EXPIRES without ValidTo', async () => {
      const { keyId } = await createExternalKey(kms())
      const params = await parameters(keyId)
      await expectRefusal(kms().client.send(new ImportKeyMaterialCommand({
        KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapOaepSha256(params.PublicKey, materialOf(kms())),
      })), { type: 'ValidationException', message: 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES' })
    })

    it('InvalidCiphertextException from Decrypt: a blob this service never made (no message, as AWS)', async () => {
      await expectRefusal(kms().client.send(new DecryptCommand({ CiphertextBlob: new Uint8Array([0, 1, 2, 3]) })), {
        type: InvalidCiphertextException, message: 'UnknownError',
      })
    })
  })
}
