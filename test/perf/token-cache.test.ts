/**
 * The import-token cache (src/crypto/token-cache.ts) and the node:crypto token cipher
 * (src/crypto/token.ts): the cache changes what an import costs, never what it answers.
 */
import { gcm } from '@noble/ciphers/aes.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createEmulator, createKey, emptyStore, getParametersForImport, importKeyMaterial, Secret, type OperationEnv } from 'kms-key-import'
import { createDeterministicProvider, wrapKeyMaterial } from 'kms-key-import/testing'
import { createTokenCache, withTokenCache } from '../../src/crypto/token-cache.js'
import { openToken, sealToken, type TokenContents } from '../../src/crypto/token.js'
import { DAY_MS, T0, newKms as newSharedKms, type Kms } from '../support/kms.js'
import { classicEnv } from '../support/pure-env.js'

const SEALING_KEY = new Uint8Array(32).fill(9)
const MATERIAL = new Uint8Array(32).fill(0x2a)

/** The shared harness with a fixed sealing key, the token cache of `tokenCacheSize` (0: off). */
const newKms = (tokenCacheSize?: number, seed = 5): Kms => newSharedKms({ seed, sealingKey: SEALING_KEY, ...(tokenCacheSize === undefined ? {} : { tokenCacheSize }) })

const params = async (kms: Kms): Promise<{ keyId: string; token: Uint8Array; publicKey: Uint8Array }> => {
  const created = await kms.call('CreateKey', { Origin: 'EXTERNAL' })
  const keyId = String((created.body.KeyMetadata as { KeyId: string }).KeyId)
  const p = await kms.call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  return { keyId, token: new Uint8Array(Buffer.from(String(p.body.ImportToken), 'base64')), publicKey: new Uint8Array(Buffer.from(String(p.body.PublicKey), 'base64')) }
}

const importWith = (kms: Kms, keyId: string, token: Uint8Array, publicKey: Uint8Array) =>
  kms.call('ImportKeyMaterial', {
    KeyId: keyId, ImportToken: Buffer.from(token).toString('base64'),
    EncryptedKeyMaterial: Buffer.from(wrapKeyMaterial(publicKey, 'RSAES_OAEP_SHA_256', MATERIAL)).toString('base64'),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  })

describe('the import-token cache', () => {
  it('serves an import with a token the same provider issued from the cache, behind the provider\'s interface: no second opening', () => {
    const cache = createTokenCache(8)
    const pure = classicEnv()
    const env: OperationEnv = { ...pure, crypto: withTokenCache(pure.crypto, cache) }
    const created = createKey(env, emptyStore(), { Origin: 'EXTERNAL' })
    if (E.isLeft(created)) throw new Error(created.left.message)
    const keyId = created.right.response.KeyMetadata.KeyId
    const p = getParametersForImport(env, created.right.store, { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    if (E.isLeft(p)) throw new Error(p.left.message)
    expect(cache.stats()).toMatchObject({ size: 1, hits: 0 })
    const request = {
      KeyId: keyId, ImportToken: p.right.response.ImportToken, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      EncryptedKeyMaterial: wrapKeyMaterial(p.right.response.PublicKey, 'RSAES_OAEP_SHA_256', MATERIAL),
    } as const
    const first = importKeyMaterial(env, created.right.store, request)
    const second = importKeyMaterial(env, E.isRight(first) ? first.right.store : created.right.store, request)
    expect(E.isRight(first) && E.isRight(second)).toBe(true)
    expect(cache.stats()).toMatchObject({ size: 1, hits: 2, misses: 0 })
    // The same calls without a cache give the same answers.
    expect(E.map(() => 'ok')(importKeyMaterial(pure, created.right.store, request))).toEqual(E.right('ok'))
  })

  it('misses on a tampered token, which the full path refuses exactly as without a cache', async () => {
    for (const size of [undefined, 0]) {
      const kms = newKms(size)
      const p = await params(kms)
      for (const at of [3, 6, 20, p.token.length - 1]) { // magic, nonce, ciphertext, tag
        const tampered = Uint8Array.from(p.token)
        tampered[at] = (tampered[at] ?? 0) ^ 0x01
        const reply = await importWith(kms, p.keyId, tampered, p.publicKey)
        expect(reply.status).toBe(400)
        expect(reply.body.__type).toBe('InvalidImportTokenException')
      }
      expect((await importWith(kms, p.keyId, p.token, p.publicKey)).status).toBe(200)
    }
  })

  it('answers exactly as the full path: same statuses and bodies with the cache on and off', async () => {
    const run = async (size: number | undefined): Promise<unknown[]> => {
      const kms = newKms(size)
      const a = await params(kms)
      const b = await params(kms)
      const out: unknown[] = []
      out.push(await importWith(kms, a.keyId, b.token, b.publicKey)) // token of another key
      out.push(await importWith(kms, a.keyId, a.token, b.publicKey)) // material wrapped for another key pair
      out.push(await importWith(kms, a.keyId, a.token, a.publicKey))
      out.push(await importWith(kms, a.keyId, a.token, a.publicKey)) // again: the token stays usable
      kms.clock.advance(DAY_MS)
      out.push(await importWith(kms, b.keyId, b.token, b.publicKey)) // expired
      return out
    }
    const cached = await run(undefined)
    expect(cached.map((r) => (r as { body: { __type?: string } }).body.__type)).toEqual([
      'InvalidImportTokenException', 'InvalidCiphertextException', undefined, undefined, 'ExpiredImportTokenException',
    ])
    expect(cached).toEqual(await run(0))
  })

  it('takes a token from before a restart (same sealing key) through the full path, then caches it', async () => {
    const first = newKms(undefined, 11)
    const p = await params(first)
    first.emulator.close()
    const restarted = newKms(undefined, 11)
    await restarted.call('CreateKey', { Origin: 'EXTERNAL' }) // the seeded provider replays the key id
    expect((await importWith(restarted, p.keyId, p.token, p.publicKey)).status).toBe(200)
    expect((await importWith(restarted, p.keyId, p.token, p.publicKey)).status).toBe(200)
  })
})

describe('the TokenCache itself', () => {
  const contents = (n: number): TokenContents => ({
    keyArn: `arn:aws:kms:us-east-1:111122223333:key/${n}`, algorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048',
    privateKey: Secret.of(new Uint8Array([1, 2, 3])), validTo: T0 + DAY_MS,
  })
  const tokenFor = (n: number): { token: Uint8Array; contents: TokenContents } => {
    const c = contents(n)
    return { token: sealToken(Secret.of(SEALING_KEY), new Uint8Array(12).fill(n), c), contents: c }
  }

  it('is bounded: beyond its capacity the least recently used token goes', () => {
    const cache = createTokenCache(2)
    const [a, b, c] = [1, 2, 3].map(tokenFor)
    if (a === undefined || b === undefined || c === undefined) throw new Error('tokens')
    cache.remember(a.token, a.contents)
    cache.remember(b.token, b.contents)
    expect(cache.lookup(a.token, T0)).toBe(a.contents) // a is now the most recent
    cache.remember(c.token, c.contents)
    expect(cache.stats()).toMatchObject({ size: 2, capacity: 2, evictions: 1 })
    expect(cache.lookup(b.token, T0)).toBeUndefined()
    expect(cache.lookup(a.token, T0)).toBe(a.contents)
    expect(cache.lookup(c.token, T0)).toBe(c.contents)
  })

  it('hits only on the exact bytes it holds, and copies them', () => {
    const cache = createTokenCache(4)
    const a = tokenFor(1)
    const presented = Uint8Array.from(a.token)
    cache.remember(presented, a.contents)
    presented[30] = (presented[30] ?? 0) ^ 0xff // the caller changes its array afterwards
    expect(cache.lookup(presented, T0)).toBeUndefined()
    expect(cache.lookup(a.token, T0)).toBe(a.contents)
    expect(cache.lookup(a.token.subarray(0, a.token.length - 1), T0)).toBeUndefined()
  })

  it('returns an expired token once (the caller refuses it as expired) and drops it', () => {
    const cache = createTokenCache(4)
    const a = tokenFor(1)
    cache.remember(a.token, a.contents)
    expect(cache.lookup(a.token, T0 + DAY_MS)).toBe(a.contents)
    expect(cache.stats().size).toBe(0)
  })

  it('holds nothing with capacity 0, prints nothing secret, and clear() empties it', () => {
    const none = createTokenCache(0)
    const a = tokenFor(1)
    none.remember(a.token, a.contents)
    expect(none.lookup(a.token, T0)).toBeUndefined()
    const cache = createTokenCache(4)
    cache.remember(a.token, a.contents)
    expect(JSON.stringify({ cache })).toBe('{"cache":"[TokenCache: 1/4 tokens]"}')
    cache.clear()
    expect(cache.lookup(a.token, T0)).toBeUndefined()
    expect(() => createTokenCache(-1)).toThrow(RangeError)
  })

  it('an emulator with a negative cache size is misuse', () => {
    expect(() => createEmulator({ tokenCacheSize: -1, crypto: createDeterministicProvider() })).toThrow(RangeError)
  })
})

describe('the token cipher (node:crypto AES-256-GCM)', () => {
  const contents: TokenContents = {
    keyArn: 'arn:aws:kms:us-east-1:111122223333:key/0f0e0d0c-0b0a-4908-8706-050403020100', algorithm: 'RSA_AES_KEY_WRAP_SHA_256',
    wrappingKeySpec: 'RSA_4096', privateKey: Secret.of(new Uint8Array(2400).fill(5)), validTo: T0,
  }
  const nonce = new Uint8Array(12).map((_, i) => i)
  const magic = new Uint8Array([0x4b, 0x4b, 0x49, 0x31])

  it('is byte-compatible with the @noble/ciphers tokens of earlier versions, both ways', () => {
    const token = sealToken(Secret.of(SEALING_KEY), nonce, contents)
    const payload = gcm(SEALING_KEY, nonce, magic).decrypt(token.subarray(16))
    expect(payload.length).toBe(12 + contents.keyArn.length + 2400)
    const noble = new Uint8Array(16 + payload.length + 16)
    noble.set(magic)
    noble.set(nonce, 4)
    noble.set(gcm(SEALING_KEY, nonce, magic).encrypt(payload), 16)
    expect(noble).toEqual(token)
    const opened = openToken(Secret.of(SEALING_KEY), noble)
    expect(E.isRight(opened) && opened.right.keyArn).toBe(contents.keyArn)
  })

  it('refuses a token under another sealing key', () => {
    const token = sealToken(Secret.of(SEALING_KEY), nonce, contents)
    expect(openToken(Secret.of(new Uint8Array(32).fill(8)), token)).toEqual(E.left('invalid'))
  })
})
