/**
 * Regressions found by the soak and the fuzz suite: huge encryption contexts (a 500 from spreading
 * bytes into push), ambiguous 16-bit context framing (another context decrypted), and
 * InvalidArnException from operations whose AWS error list does not have it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newKms as newHarness, wireCaller } from '../support/kms.js'
import { isAllowedError } from './error-lists.js'

const newKms = () => newHarness().emulator
const callOn = wireCaller

describe('huge encryption contexts', () => {
  it('Encrypt never answers a 500 for a large context key or value, and the context still authenticates', async () => {
    const kms = newKms()
    const call = callOn(kms)
    const keyId = ((await call('CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
    await fc.assert(fc.asyncProperty(fc.integer({ min: 60_000, max: 300_000 }), fc.boolean(), async (n, asKey) => {
      const big = 'v'.repeat(n)
      const context = asKey ? { [big]: 'v' } : { k: big }
      const res = await call('Encrypt', { KeyId: keyId, Plaintext: 'AQID', EncryptionContext: context })
      expect(res.status, JSON.stringify(res.body).slice(0, 200)).toBe(200)
      expect((await call('Decrypt', { CiphertextBlob: res.body.CiphertextBlob, EncryptionContext: context })).status).toBe(200)
    }), { numRuns: 10, examples: [[130_000, false]] })
  })
})

const pair16 = (k: string, v: string): Buffer => {
  const kb = Buffer.from(k)
  const vb = Buffer.from(v)
  return Buffer.concat([Buffer.from([kb.length >> 8, kb.length & 0xff]), kb, Buffer.from([vb.length >> 8, vb.length & 0xff]), vb])
}

describe('encryption contexts with long strings', () => {
  it('Decrypt refuses a context other than the one given to Encrypt, even one that frames alike in 16-bit lengths', async () => {
    const call = callOn(newKms())
    const keyId = ((await call('CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
    // 18 + 0x7f00 + 0x7e7e + 0x270 = 65,536 ASCII bytes, every 16-bit length byte ASCII too: in
    // 16-bit framing, {k: X} and {k: '', k2, k3, k4} authenticated the same bytes
    const v2 = 'v'.repeat(0x7f00)
    const v3 = 'w'.repeat(0x7e7e)
    const v4 = 'x'.repeat(0x270)
    const x = Buffer.concat([pair16('k2', v2), pair16('k3', v3), pair16('k4', v4)])
    expect(x.length === 65_536 && [...x].every((b) => b < 0x80)).toBe(true)
    const ct = await call('Encrypt', { KeyId: keyId, Plaintext: 'c2VjcmV0', EncryptionContext: { k: x.toString('latin1') } })
    expect(ct.status).toBe(200)
    const other = await call('Decrypt', { CiphertextBlob: ct.body.CiphertextBlob, EncryptionContext: { k: '', k2: v2, k3: v3, k4: v4 } })
    expect(other.body).toEqual({ __type: 'InvalidCiphertextException' })
    const same = await call('Decrypt', { CiphertextBlob: ct.body.CiphertextBlob, EncryptionContext: { k: x.toString('latin1') } })
    expect(same.status).toBe(200)
  })
})

const MALFORMED = 'arn:aws:kms:us-east-1:111122223333:not-a-key'

describe('a KeyId that starts with arn: but is not a key ARN', () => {
  it.each([
    ['Encrypt', { Plaintext: 'AQID' }],
    ['Decrypt', { EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }],
    ['Sign', { Message: 'AQID', SigningAlgorithm: 'ECDSA_SHA_256' }],
    ['Verify', { Message: 'AQID', SigningAlgorithm: 'ECDSA_SHA_256', Signature: 'AQID' }],
    ['GenerateMac', { Message: 'AQID', MacAlgorithm: 'HMAC_SHA_256' }],
    ['VerifyMac', { Message: 'AQID', MacAlgorithm: 'HMAC_SHA_256', Mac: 'AQID' }],
  ] as const)('%s answers NotFoundException `Invalid arn`, which its AWS error list has (InvalidArnException it has not)', async (op, members) => {
    const call = callOn(newKms())
    const keyId = ((await call('CreateKey', {})).body.KeyMetadata as { KeyId: string }).KeyId
    const blob = (await call('Encrypt', { KeyId: keyId, Plaintext: 'AQID' })).body.CiphertextBlob
    const body = op === 'Decrypt' ? { CiphertextBlob: blob, KeyId: MALFORMED, ...members } : { KeyId: MALFORMED, ...members }
    const answer = await call(op, body)
    expect(answer.body).toEqual({ __type: 'NotFoundException', message: 'Invalid arn' })
    expect(isAllowedError(op, 'NotFoundException', false)).toBe(true)
  })
})
