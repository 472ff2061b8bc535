/**
 * Interop with WebCrypto, wrapping the way a browser does (docs/evidence.md §5): import the PublicKey as
 * SPKI for RSA-OAEP with the token's hash, encrypt the material, send the result through `handle`.
 * WebCrypto has no RSAES-PKCS1-v1_5 encryption, so only the OAEP algorithms apply.
 */
import { describe, expect, it } from 'vitest'
import { createExternalKey, decrypt, describeKey, encrypt, expectError, expectOk, getParameters, importBody, newKms, type ImportParameters } from '../support/kms.js'
import { UNWRAP_FAILED } from '../support/messages.js'

/** What a browser does: `importKey('spki', …, {name: 'RSA-OAEP', hash})`, then `encrypt({name: 'RSA-OAEP'}, key, material)`. */
const browserWrap = async (params: ImportParameters, hash: 'SHA-256' | 'SHA-1', material: Uint8Array): Promise<Uint8Array> => {
  const key = await crypto.subtle.importKey('spki', params.publicKey, { name: 'RSA-OAEP', hash }, false, ['encrypt'])
  return new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, material))
}

describe('WebCrypto RSA-OAEP, as a browser wraps', () => {
  it.each([
    ['RSAES_OAEP_SHA_256', 'SHA-256'],
    ['RSAES_OAEP_SHA_1', 'SHA-1'],
  ] as const)('wraps for %s with hash %s: ImportKeyMaterial accepts it and Encrypt/Decrypt round-trip', async (algorithm, hash) => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId, algorithm)
    const material = crypto.getRandomValues(new Uint8Array(32))
    const encrypted = await browserWrap(params, hash, material)
    expect(encrypted.length).toBe(256)
    expect(expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)))).toEqual({ KeyId: key.arn })
    expect(await describeKey(kms, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true })
    const ct = await encrypt(kms, key.keyId, `wrapped in a browser (${hash})`, { via: 'webcrypto' })
    expect(await decrypt(kms, ct, { via: 'webcrypto' })).toBe(`wrapped in a browser (${hash})`)
    // the same material, wrapped again by the browser under a fresh token, reimports
    const again = await getParameters(kms, key.keyId, algorithm)
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, again.importToken, await browserWrap(again, hash, material))))
    expect(await decrypt(kms, ct, { via: 'webcrypto' })).toBe(`wrapped in a browser (${hash})`)
  })

  it.each([
    ['RSAES_OAEP_SHA_256', 'SHA-1'],
    ['RSAES_OAEP_SHA_1', 'SHA-256'],
  ] as const)('refuses a %s token with material a browser wrapped with %s: InvalidCiphertextException', async (algorithm, hash) => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId, algorithm)
    const encrypted = await browserWrap(params, hash, crypto.getRandomValues(new Uint8Array(32)))
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)), 'InvalidCiphertextException', UNWRAP_FAILED)
  })
})
