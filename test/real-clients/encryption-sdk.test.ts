/**
 * The AWS Encryption SDK for JavaScript (`@aws-crypto/client-node`, its KMS keyring) encrypting and
 * decrypting through a key with imported material, in-process and over the HTTP endpoint
 * (docs/evidence.md §12). The keyring calls GenerateDataKey (NumberOfBytes, EncryptionContext,
 * GrantTokens) and Decrypt (with KeyId) on the `KMS` client, and requires the answered `KeyId` to be
 * the key ARN. A message stops decrypting when the material is deleted and decrypts again once the
 * same material is reimported.
 */
import { constants, createPublicKey, publicEncrypt } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node'
import type { KMS } from '@aws-sdk/client-kms'
import { TRANSPORTS, type Connected } from './transports.js'

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)

/** The customer's key material (the AWS guide: 32 random bytes; fixed here so a reimport is the same material). */
const MATERIAL = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff)

/** The guide's import procedure through the SDK: parameters, RSAES_OAEP_SHA_256 wrap, import. */
const importMaterial = async (kms: KMS, keyId: string): Promise<void> => {
  const params = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  const publicKey = createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' })
  const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, MATERIAL)
  await kms.importKeyMaterial({ KeyId: keyId, ImportToken: params.ImportToken!, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
}

/**
 * The keyring's client supplier: the SDK's `KMS` itself. Its declared outputs have optional members
 * (`KeyId?: string`), which the ESDK's interface declares required; under this project's
 * `exactOptionalPropertyTypes` the two do not unify, so the one cast says "this is the client the
 * ESDK calls" (the keyring checks at run time that KeyId is there and is the key ARN).
 */
const supplier = (kms: KMS) => (): EsdkKmsClient => kms as EsdkKmsClient
/** The client interface the keyring's `clientProvider` returns (the ESDK's AwsEsdkKMSInterface). */
type EsdkKmsClient = Exclude<ReturnType<NonNullable<NonNullable<ConstructorParameters<typeof KmsKeyringNode>[0]>['clientProvider']>>, false>

describe.each(TRANSPORTS)('the AWS Encryption SDK (KMS keyring) $name', (transport) => {
  let connected: Connected | undefined
  afterEach(async () => {
    await connected?.close()
    connected = undefined
  })

  it('encrypts and decrypts through an imported key; fails after DeleteImportedKeyMaterial; works again after the same material is reimported', async () => {
    connected = await transport.connect()
    const { kms } = connected
    const created = await kms.createKey({ Origin: 'EXTERNAL', Description: 'esdk' })
    const keyArn = created.KeyMetadata!.Arn!
    await importMaterial(kms, keyArn)
    await kms.createAlias({ AliasName: 'alias/esdk', TargetKeyId: created.KeyMetadata!.KeyId! })
    const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, grantTokens: ['token'], clientProvider: supplier(kms) })
    const context = { purpose: 'issue-14', stage: 'test' }

    const { result } = await encrypt(keyring, 'hello through an imported key', { encryptionContext: context })
    const opened = await decrypt(keyring, result)
    expect(opened.plaintext.toString()).toBe('hello through an imported key')
    expect(opened.messageHeader.encryptionContext).toMatchObject(context)
    expect(opened.messageHeader.encryptedDataKeys.map((k) => k.providerInfo)).toEqual([keyArn])

    // the alias ARN as the generator: the answered KeyId is the key ARN, which the message records
    const viaAlias = new KmsKeyringNode({ generatorKeyId: `arn:aws:kms:us-east-1:111122223333:alias/esdk`, clientProvider: supplier(kms) })
    const second = await encrypt(viaAlias, 'by alias', { encryptionContext: context })
    expect(second.messageHeader.encryptedDataKeys.map((k) => k.providerInfo)).toEqual([keyArn])
    expect((await decrypt(keyring, second.result)).plaintext.toString()).toBe('by alias')

    await kms.deleteImportedKeyMaterial({ KeyId: keyArn })
    await expect(decrypt(keyring, result)).rejects.toThrow(/KMSInvalidStateException|is pending import/)

    await importMaterial(kms, keyArn)
    expect((await decrypt(keyring, result)).plaintext.toString()).toBe('hello through an imported key')
    expect((await decrypt(keyring, second.result)).plaintext.toString()).toBe('by alias')
  })

  it('a message whose encrypted data key was altered does not decrypt (KMS refuses the blob); the original still does', async () => {
    connected = await transport.connect()
    const { kms } = connected
    const keyArn = (await kms.createKey({})).KeyMetadata!.Arn!
    const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: supplier(kms) })
    const { result } = await encrypt(keyring, 'generated material')
    // tampering with the encrypted data key's bytes inside the message is caught by KMS (InvalidCiphertextException)
    const tampered = Buffer.from(result)
    const at = tampered.indexOf(Buffer.from('KKC1')) // the KMS ciphertext blob inside the message
    expect(at).toBeGreaterThan(0)
    tampered[at + 70] = (tampered[at + 70] ?? 0) ^ 1
    await expect(decrypt(keyring, tampered)).rejects.toThrow()
    expect((await decrypt(keyring, result)).plaintext.toString()).toBe('generated material')
  })
})
