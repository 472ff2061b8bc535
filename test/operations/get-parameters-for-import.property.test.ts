/**
 * Properties of GetParametersForImport under the classic profile (docs/evidence.md §3): it answers every
 * input with an AWS-shaped result and never changes the store; its parameters are a 2048-bit DER
 * SPKI public key and a bounded, fresh token, valid for exactly 24 hours.
 */
import { createPublicKey } from 'node:crypto'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { dispatch, ExceptionStatus, getParametersForImport } from 'kms-key-import'
import {
  CLASSIC_ALGORITHMS, DAY_MS, arnOf, createAwsKmsKey, createExternalKey, expectOk, newKms, paramsRequest, stringAt, succeed, type Kms,
} from '../support/kms.js'
import { classicEnv, handBuiltKey, presentMaterial, pureParams, storeOf } from '../support/pure-env.js'

const MAX_DATE_MS = 8.64e15

/** A world with one key of each kind the foundation can produce. */
const world = async (): Promise<{ kms: Kms; ids: readonly string[] }> => {
  const kms = newKms()
  const external = await createExternalKey(kms)
  const aws = await createAwsKmsKey(kms)
  const doomed = await createExternalKey(kms)
  await succeed(kms, 'ScheduleKeyDeletion', doomed.keyId)
  return { kms, ids: [external.keyId, external.arn, aws.keyId, aws.arn, doomed.keyId, doomed.arn] }
}

/** Key ids: arbitrary strings, ARN-shaped strings, and the ids of the world's keys. */
const keyIdArb = (ids: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...ids), weight: 4 },
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.constantFrom(...ids).map((id) => id.toUpperCase()),
    fc.tuple(fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'x'), fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1', ''), fc.constantFrom('111122223333', '444455556666', '1'), fc.string())
      .map(([p, r, a, rest]) => `arn:${p}:kms:${r}:${a}:key/${rest}`),
    fc.uuid().map((u) => arnOf(u)),
    fc.jsonValue(),
  )

/** Requests: mostly well-formed members, sometimes anything at all. */
const requestArb = (ids: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: fc.record({ KeyId: keyIdArb(ids), WrappingAlgorithm: fc.constantFrom(...CLASSIC_ALGORITHMS), WrappingKeySpec: fc.constant('RSA_2048') }), weight: 4 },
    fc.record(
      {
        KeyId: keyIdArb(ids),
        WrappingAlgorithm: fc.oneof(fc.constantFrom(...CLASSIC_ALGORITHMS, 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE'), fc.jsonValue()),
        WrappingKeySpec: fc.oneof(fc.constantFrom('RSA_2048', 'RSA_4096', 'SM2'), fc.jsonValue()),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.jsonValue(),
  )

/** Raw bodies: JSON of requests, arbitrary text, arbitrary bytes. */
const bodyArb = (ids: readonly string[]): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof(
    { arbitrary: requestArb(ids).map((r) => JSON.stringify(r) ?? ''), weight: 6 },
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 64 }),
  )

const expectAwsShaped = (status: number, text: string): void => {
  const body = JSON.parse(text) as Record<string, unknown>
  if (status === 200) {
    expect(Object.keys(body).sort()).toEqual(['ImportToken', 'KeyId', 'ParametersValidTo', 'PublicKey'])
  } else {
    expect(status).toBe(400)
    expect(Object.keys(body).sort()).toEqual(['__type', 'message'])
    expect(Object.hasOwn(ExceptionStatus, String(body.__type))).toBe(true)
    expect(typeof body.message).toBe('string')
  }
}

describe('GetParametersForImport: total and read-only (§3.7)', () => {
  it('answers every JSON body and every string with 200 or an AWS 400 error, never rejects, and never changes the store', async () => {
    const { kms, ids } = await world()
    await fc.assert(
      fc.asyncProperty(bodyArb(ids), async (body) => {
        const before = kms.emulator.store()
        const res = await kms.emulator.handle({ target: 'TrentService.GetParametersForImport', body })
        expectAwsShaped(res.status, res.body)
        expect(kms.emulator.store()).toBe(before)
      }),
      { numRuns: 300 },
    )
  })

  it('the pure function never throws for any input, never answers a 500-class error, and returns the input store itself', () => {
    const external = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport', n: 1 })
    const aws = handBuiltKey({ origin: 'AWS_KMS', state: 'Enabled', materials: [presentMaterial()], n: 2 })
    const hmac = handBuiltKey({ origin: 'EXTERNAL', keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', state: 'PendingImport', n: 3 })
    const store = storeOf(external, aws, hmac)
    const ids = [external, aws, hmac].flatMap((k) => [k.keyId, k.arn])
    const env = classicEnv()
    fc.assert(
      fc.property(fc.oneof(requestArb(ids), fc.anything()), (input) => {
        const result = dispatch(env, store, 'GetParametersForImport', input)
        if (E.isRight(result)) {
          expect(result.right.store).toBe(store)
        } else {
          expect(ExceptionStatus[result.left._tag]).toBe(400)
        }
      }),
    )
  })
})

describe('GetParametersForImport: the parameters (§3.7, §3.8)', () => {
  it('every successful PublicKey parses as DER SPKI of a 2048-bit RSA key and is 294 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(...CLASSIC_ALGORITHMS), fc.nat({ max: 7 }), async (seed, algorithm, calls) => {
        const kms = newKms({ seed })
        const { keyId } = await createExternalKey(kms)
        for (let i = 0; i <= calls; i++) {
          const body = expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId, algorithm)))
          const der = Buffer.from(stringAt(body, 'PublicKey'), 'base64')
          expect(der.length).toBe(294)
          const key = createPublicKey({ key: der, format: 'der', type: 'spki' })
          expect(key.asymmetricKeyType).toBe('rsa')
          expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048)
        }
      }),
      { numRuns: 30 },
    )
  })

  it('ParametersValidTo is exactly 24 hours after the clock\'s now, for any instant', async () => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    await fc.assert(
      fc.asyncProperty(fc.date({ min: new Date(0), max: new Date(MAX_DATE_MS - DAY_MS), noInvalidDate: true }), async (instant) => {
        kms.clock.set(instant.getTime())
        const body = expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId)))
        expect(body.ParametersValidTo).toBe((instant.getTime() + DAY_MS) / 1000)
      }),
    )
  })

  it('tokens of different calls differ, and every token is 1 to 6144 bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2, max: 8 }), fc.array(fc.nat({ max: 3 * DAY_MS }), { maxLength: 8 }), async (seed, n, steps) => {
        const kms = newKms({ seed })
        const a = await createExternalKey(kms)
        const b = await createExternalKey(kms)
        const tokens: string[] = []
        for (let i = 0; i < n; i++) {
          kms.clock.advance(steps[i] ?? 0)
          const keyId = i % 2 === 0 ? a.keyId : b.arn
          const token = Buffer.from(stringAt(expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId))), 'ImportToken'), 'base64')
          expect(token.length).toBeGreaterThanOrEqual(1)
          expect(token.length).toBeLessThanOrEqual(6144)
          tokens.push(token.toString('base64'))
        }
        expect(new Set(tokens).size).toBe(n)
      }),
      { numRuns: 40 },
    )
  })

  it('two emulators with the same seed and clock answer the same bytes (the deterministic provider makes runs reproducible)', async () => {
    const run = async (): Promise<string> => {
      const kms = newKms({ seed: 99 })
      const { keyId } = await createExternalKey(kms)
      return (await kms.emulator.handle({ target: 'TrentService.GetParametersForImport', body: JSON.stringify(paramsRequest(keyId)) })).body
    }
    expect(await run()).toBe(await run())
  })

  it('the ParametersValidTo of the pure function is now + the profile\'s 24 h, as a Date', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport' })
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date(MAX_DATE_MS - DAY_MS), noInvalidDate: true }), (instant) => {
        const result = getParametersForImport(classicEnv({ now: instant.getTime() }), storeOf(key), pureParams(key.keyId))
        expect(E.isRight(result) && result.right.response.ParametersValidTo.getTime()).toBe(instant.getTime() + DAY_MS)
      }),
      { numRuns: 50 },
    )
  })
})
