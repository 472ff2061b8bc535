import { describe, it } from 'vitest'
import { createExternalKey, expectError, getParameters, importBody, materialOf, newKms, wrap } from '../support/kms.js'
import { UNWRAP_FAILED } from '../support/messages.js'

describe('ImportKeyMaterial §4.5: an RSAES-OAEP ciphertext must be exactly the modulus length', () => {
  it.each(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const)(
    'refuses a %s value of 255 bytes (a valid ciphertext with its leading 0x00 stripped): RFC 8017 §7.1.2 step 1, length must be k = 256',
    async (algorithm) => {
      const kms = newKms()
      const key = await createExternalKey(kms)
      const params = await getParameters(kms, key.keyId, algorithm)
      // About 1 ciphertext in 256 starts with 0x00; OAEP is randomized, so wrap until one does.
      let encrypted = wrap(params, materialOf('short'))
      for (let i = 0; encrypted[0] !== 0 && i < 10_000; i++) encrypted = wrap(params, materialOf('short'))
      if (encrypted[0] !== 0) throw new Error('no ciphertext with a leading zero byte in 10 000 tries')
      expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted.subarray(1))), 'InvalidCiphertextException', UNWRAP_FAILED)
    },
  )
})
