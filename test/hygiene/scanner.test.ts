/**
 * The secret scanner of the hygiene suite finds what it must (a secret, or half of one, planted at
 * any offset in any encoding a printer could produce) and nothing else (texts without the secret).
 * A hygiene test is only as good as its scanner.
 */
import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixtureRsaKeyPairs } from 'kms-key-import/testing'
import { findLeaks, privateKeySecrets } from './scanner.js'

/** Every way a printer might show bytes. */
const ENCODINGS: readonly (readonly [string, (b: Uint8Array) => string])[] = [
  ['hex', (b) => Buffer.from(b).toString('hex')],
  ['HEX', (b) => Buffer.from(b).toString('hex').toUpperCase()],
  ['colon hex', (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':')],
  ['base64', (b) => Buffer.from(b).toString('base64')],
  ['base64url', (b) => Buffer.from(b).toString('base64url')],
  ['Array.from', (b) => JSON.stringify(Array.from(b))],
  ['JSON of a Uint8Array', (b) => JSON.stringify(Uint8Array.from(b))],
  ['JSON of a Buffer', (b) => JSON.stringify(Buffer.from(b))],
  ['inspect of a Uint8Array', (b) => inspect(Uint8Array.from(b), { maxArrayLength: Infinity, breakLength: 60 })],
  ['inspect of a Buffer', (b) => inspect(Buffer.from(b), { maxArrayLength: Infinity })],
  ['latin1 characters', (b) => Buffer.from(b).toString('latin1')],
]

describe('the secret scanner', () => {
  it('finds a secret planted at any offset of a larger blob, in every encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), fc.constantFrom(...ENCODINGS), (secret, before, after, [name, encode]) => {
        const text = `{"note":"x","value":"${encode(Uint8Array.from([...before, ...secret, ...after]))}"}`
        expect(findLeaks([['out', text]], [{ label: 's', bytes: secret }]).length, name).toBeGreaterThan(0)
      }),
      { numRuns: 300 },
    )
  })

  it('finds half a secret (its first or last 16 bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 48 }), fc.boolean(), fc.constantFrom(...ENCODINGS), (secret, first, [name, encode]) => {
        const part = first ? secret.subarray(0, 16) : secret.subarray(secret.length - 16)
        expect(findLeaks([['out', encode(part)]], [{ label: 's', bytes: secret }]).length, name).toBeGreaterThan(0)
      }),
      { numRuns: 100 },
    )
  })

  it('finds a wrapping private key by its private components, not by its public modulus', () => {
    const pair = fixtureRsaKeyPairs('RSA_2048')[0]!
    const secrets = privateKeySecrets('k', pair.privateKey)
    expect(secrets.map((s) => s.label)).toEqual(['k (PKCS#8)', 'k (d)', 'k (p)', 'k (q)', 'k (dp)', 'k (dq)', 'k (qi)'])
    expect(findLeaks([['public key', Buffer.from(pair.publicKey).toString('base64')]], secrets)).toEqual([])
    expect(findLeaks([['pem', `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pair.privateKey).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----`]], secrets).length).toBeGreaterThan(0)
  })

  it('finds nothing in texts that do not hold the secret', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 200 }), fc.constantFrom(...ENCODINGS), (secret, other, [, encode]) => {
        fc.pre(Buffer.from(other).indexOf(Buffer.from(secret.subarray(0, 16))) === -1 && Buffer.from(other).indexOf(Buffer.from(secret.subarray(16))) === -1)
        expect(findLeaks([['out', encode(other)]], [{ label: 's', bytes: secret }])).toEqual([])
      }),
      { numRuns: 200 },
    )
  })
})
