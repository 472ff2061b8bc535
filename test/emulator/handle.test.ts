/**
 * The emulator's wire shell (docs/evidence.md §7): AWS JSON 1.1 in and out, errors as
 * `{"__type", "message"}` with their HTTP status, calls serialized, never a rejection.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createEmulator, storeSize, type CryptoProvider } from 'kms-key-import'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import { T0, createExternalKey, expectError, expectOk, newKms, paramsRequest } from '../support/kms.js'

describe('handle: the AWS JSON 1.1 envelope', () => {
  it('answers application/x-amz-json-1.1 with an x-amzn-requestid, on success and on error', async () => {
    const kms = newKms()
    const ok = await kms.call('CreateKey', {})
    const bad = await kms.call('DescribeKey', {})
    for (const r of [ok, bad]) {
      expect(r.raw.headers['content-type']).toBe('application/x-amz-json-1.1')
      expect(r.raw.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(ok.raw.headers['x-amzn-requestid']).not.toBe(bad.raw.headers['x-amzn-requestid'])
  })

  it.each(['TrentService.ImportKeyMaterialz', 'GetParametersForImport', 'TrentService.', 'trentservice.CreateKey', 'TrentService.toString', 'TrentService.__proto__'])(
    'answers the unknown target %j with UnknownOperationException (400)',
    async (target) => {
      const kms = newKms()
      const res = await kms.emulator.handle({ target, body: '{}' })
      expect(res.status).toBe(400)
      expect(JSON.parse(res.body)).toEqual({ __type: 'UnknownOperationException', message: `Unknown operation: ${target}` })
    },
  )

  it('reads a body given as UTF-8 bytes', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    const res = await kms.emulator.handle({ target: 'TrentService.GetParametersForImport', body: new TextEncoder().encode(JSON.stringify(paramsRequest(keyId))) })
    expect(res.status).toBe(200)
  })

  it('refuses bytes that are not UTF-8 with SerializationException "The request body is not valid JSON."', async () => {
    const kms = newKms()
    const res = await kms.emulator.handle({ target: 'TrentService.GetParametersForImport', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) })
    expect({ status: res.status, body: JSON.parse(res.body) as unknown }).toEqual({
      status: 400, body: { __type: 'SerializationException', message: 'The request body is not valid JSON.' },
    })
  })

  it('answers a whitespace-only body as {}', async () => {
    const kms = newKms()
    expectOk(await kms.call('CreateKey', '  \n '))
  })

  it('drops absent optional members instead of sending null', async () => {
    const kms = newKms()
    const res = await kms.call('CreateKey', { Origin: 'EXTERNAL' })
    expect(res.raw.body).not.toContain('null')
  })

  it('answers 500 KMSInternalException when the provider cannot make a wrapping key pair, and changes nothing', async () => {
    const base = createDeterministicProvider({ seed: 5 })
    const broken: CryptoProvider = { ...base, name: 'no-keys', wrappingKeyPair: () => E.left('pool empty') }
    const emulator = createEmulator({ clock: manualClock(T0), crypto: broken })
    const created = JSON.parse((await emulator.handle({ target: 'TrentService.CreateKey', body: '{"Origin":"EXTERNAL"}' })).body) as { KeyMetadata: { KeyId: string } }
    const store = emulator.store()
    const res = await emulator.handle({ target: 'TrentService.GetParametersForImport', body: JSON.stringify(paramsRequest(created.KeyMetadata.KeyId)) })
    expect({ status: res.status, body: JSON.parse(res.body) as unknown }).toEqual({
      status: 500, body: { __type: 'KMSInternalException', message: 'Could not create a wrapping key pair: pool empty' },
    })
    expect(emulator.store()).toBe(store)
  })

  it('never rejects, even for a request that is not a WireRequest', async () => {
    const kms = newKms()
    const res = await kms.emulator.handle({ target: undefined, body: '{}' } as unknown as { target: string; body: string })
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body)).toMatchObject({ __type: 'UnknownOperationException' })
  })
})

describe('handle: calls are serialized', () => {
  it('loses no update when many calls overlap', async () => {
    const kms = newKms()
    const replies = await Promise.all(Array.from({ length: 20 }, () => kms.emulator.handle({ target: 'TrentService.CreateKey', body: '{"Origin":"EXTERNAL"}' })))
    expect(replies.every((r) => r.status === 200)).toBe(true)
    expect(storeSize(kms.emulator.store())).toBe(20)
  })

  it('applies overlapping calls in the order they were made', async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    const [scheduled, again, cancelled] = await Promise.all([
      kms.call('ScheduleKeyDeletion', { KeyId: keyId }),
      kms.call('ScheduleKeyDeletion', { KeyId: keyId }),
      kms.call('CancelKeyDeletion', { KeyId: keyId }),
    ])
    expect(scheduled?.status).toBe(200)
    if (again === undefined || cancelled === undefined) throw new Error('missing replies')
    expectError(again, 'KMSInvalidStateException', `${arn} is pending deletion.`)
    expect(cancelled.body).toEqual({ KeyId: arn })
  })
})

describe('createEmulator: options', () => {
  it('defaults to the classic profile, us-east-1 and account 111122223333', () => {
    const emulator = createEmulator({ clock: manualClock(T0), crypto: createDeterministicProvider() })
    expect([emulator.profile.name, emulator.region, emulator.accountId]).toEqual(['classic', 'us-east-1', '111122223333'])
  })

  it.each([
    [{ profile: 'nope' as 'classic' }, 'unknown profile: nope'],
    [{ region: 'mars' }, 'not a region name: mars'],
    [{ accountId: '123' }, 'accountId must be 12 digits'],
    [{ sealingKey: new Uint8Array(16) }, 'sealingKey must be 32 bytes'],
  ])('throws TypeError for the misuse %j', (options, message) => {
    expect(() => createEmulator({ crypto: createDeterministicProvider(), ...options })).toThrow(new TypeError(message))
  })

  it.each([
    [{ profile: 'nope' as 'classic' }, new TypeError('unknown profile: nope')],
    [{ region: 'mars' }, new TypeError('not a region name: mars')],
    [{ accountId: '123' }, new TypeError('accountId must be 12 digits')],
    [{ tokenCacheSize: -1 }, new RangeError('token cache capacity must be a non-negative integer')],
  ])('refuses the misuse %j before it draws a sealing key or builds anything', (options, error) => {
    const provider = createDeterministicProvider()
    let drawn = 0
    const counting = { ...provider, randomBytes: (n: number) => { drawn++; return provider.randomBytes(n) } }
    expect(() => createEmulator({ crypto: counting, ...options })).toThrow(error)
    expect(drawn).toBe(0)
  })

  it('uses the account id it is given in ARNs and metadata', async () => {
    const emulator = createEmulator({ accountId: '999988887777', clock: manualClock(T0), crypto: createDeterministicProvider() })
    const body = JSON.parse((await emulator.handle({ target: 'TrentService.CreateKey', body: '{}' })).body) as { KeyMetadata: { Arn: string; AWSAccountId: string } }
    expect(body.KeyMetadata.AWSAccountId).toBe('999988887777')
    expect(body.KeyMetadata.Arn).toMatch(/^arn:aws:kms:us-east-1:999988887777:key\//)
  })
})
