/**
 * Hostile encryption contexts: keys like `__proto__`, `constructor`, `prototype`, the empty string,
 * unicode, values up to 60,000 UTF-8 bytes, any order. Decrypt accepts exactly the context Encrypt
 * was given (as a set of pairs: order never matters) and refuses every other one with
 * InvalidCiphertextException; no context pollutes a prototype.
 *
 * Kept out of the generators, and reported: strings of 65,536 UTF-8 bytes or more (the canonical
 * context's 16-bit lengths wrap, so a crafted different context is accepted), and lone surrogates
 * (UTF-8 encoding turns every one into U+FFFD, so `"\ud800"` and `"\udfff"` are the same context).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEmulator } from 'kms-key-import'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import { POLLUTION_KEYS, POLLUTION_MARK, printJson, type Json } from './arbitraries.js'
import { prototypePollution } from './invariants.js'

const contextKey = fc.oneof(fc.constantFrom(...POLLUTION_KEYS, POLLUTION_MARK, '', 'toString', 'a', 'b', '😀', 'é', 'e\u0301'), fc.string({ maxLength: 6 }))
const contextValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(255, 256, 30_000).chain((n) => fc.constantFrom('v', 'é').map((u) => u.repeat(n))) },
  { weight: 1, arbitrary: fc.constantFrom('v'.repeat(60_000), 'v'.repeat(65_535)) },
)
/** A context as wire pairs (distinct keys, in a given order). */
const context = fc.uniqueArray(fc.tuple(contextKey, contextValue), { maxLength: 4, selector: ([k]) => k })

const asSet = (pairs: readonly (readonly [string, string])[]): string => JSON.stringify([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
const body = (pairs: readonly (readonly [string, string])[], members: readonly (readonly [string, Json])[]): string =>
  printJson({ pairs: [...members, ['EncryptionContext', { pairs }]] })

describe('encryption contexts from hostile clients', () => {
  it('Decrypt accepts exactly the context of Encrypt, in any order, and nothing else', async () => {
    const kms = createEmulator({ profile: '2023-10-10', clock: manualClock(Date.parse('2026-01-01T00:00:00Z')), crypto: createDeterministicProvider({ seed: 9 }) })
    const created = JSON.parse((await kms.handle({ target: 'TrentService.CreateKey', body: '{}' })).body) as { KeyMetadata: { KeyId: string } }
    const keyId = created.KeyMetadata.KeyId
    await fc.assert(
      fc.asyncProperty(context, fc.oneof(context, context.map((c) => [...c].reverse())), fc.boolean(), async (encryptWith, decryptWith, same) => {
        const given = same ? [...encryptWith].reverse() : decryptWith
        const enc = await kms.handle({ target: 'TrentService.Encrypt', body: body(encryptWith, [['KeyId', keyId], ['Plaintext', 'c2VjcmV0']]) })
        expect(enc.status, enc.body).toBe(200)
        const blob = (JSON.parse(enc.body) as { CiphertextBlob: string }).CiphertextBlob
        const dec = await kms.handle({ target: 'TrentService.Decrypt', body: body(given, [['CiphertextBlob', blob]]) })
        const accepted = dec.status === 200
        expect(accepted, `encrypted with ${asSet(encryptWith).slice(0, 200)}, decrypted with ${asSet(given).slice(0, 200)}: ${dec.body.slice(0, 100)}`).toBe(asSet(encryptWith) === asSet(given))
        if (accepted) expect((JSON.parse(dec.body) as { Plaintext: string }).Plaintext).toBe('c2VjcmV0')
        else expect(JSON.parse(dec.body)).toEqual({ __type: 'InvalidCiphertextException' })
        expect(prototypePollution()).toBeUndefined()
      }),
      { numRuns: 150 },
    )
  })
})
