/**
 * Fuzzing of the whole surface of `Emulator.handle` (and `invoke`): arbitrary bytes, arbitrary
 * JSON, and structurally valid requests with wrong values, at every target of the registry, on
 * every profile the library ships (classic, 2023-10-10, 2025-06-05), against worlds holding a key
 * in every state and of every kind (`world.ts`). The invariants are those of `invariants.ts`: never
 * throws, never a 500, only errors the operation's AWS error list allows (plus the protocol
 * errors), the store unchanged by any failed request, no prototype polluted.
 *
 * Fixed seed (test/setup.ts) and bounded runs; `npm run soak` runs the same arbitraries a million
 * times.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { operations, settleStore, type OperationName } from 'kms-key-import'
import { FUZZ_OPERATIONS, POLLUTION_KEYS, POLLUTION_MARK, anyJson, fuzzCaseFor, printJson, showCase, structuredRequest, type FuzzCase, type Json } from './arbitraries.js'
import { AWS_ERRORS, isAllowedError } from './error-lists.js'
import { canonicalStore, checkCase, prototypePollution } from './invariants.js'
import { FUZZ_PROFILES, WorldPool, describeWorld } from './world.js'

/** Runs per structured-request property (one per operation and profile). */
const RUNS_PER_OPERATION = 40
/** Runs of the mixed properties (bytes, JSON, everything). */
const MIXED_RUNS = 300

let pool: WorldPool
beforeAll(async () => {
  pool = await WorldPool.create()
})
afterAll(() => {
  pool.close()
})

const check = async (c: FuzzCase): Promise<void> => {
  const world = await pool.get(c.profile)
  const state = describeWorld(world)
  const { failure } = await checkCase(world, c, { compareContents: true })
  expect(failure, `${showCase(c)}\nworld: ${state}`).toBeUndefined()
}

describe('the fuzz covers the whole surface', () => {
  it('has an AWS error list for every operation of the registry, and fuzzes each of them', () => {
    expect(Object.keys(AWS_ERRORS).sort()).toEqual(Object.keys(operations).sort())
    expect([...FUZZ_OPERATIONS].sort()).toEqual(Object.keys(operations).sort())
  })
})

describe.each(FUZZ_PROFILES)('hostile input on the %s profile', (profile) => {
  it.each(FUZZ_OPERATIONS)('%s: right shape, wrong values — never a throw or a 500, only its AWS errors, store unchanged on failure, no pollution', async (op) => {
    const refs = pool.refs(profile)
    const arb = structuredRequest(refs, op).map((j): FuzzCase => ({ profile, kind: 'structured', target: `TrentService.${op}`, body: printJson(j) }))
    await fc.assert(fc.asyncProperty(arb, check), { numRuns: RUNS_PER_OPERATION })
  })

  it('any case (bytes, JSON, structured) at any target, served or not', async () => {
    await fc.assert(fc.asyncProperty(fuzzCaseFor(pool.refs(profile)), check), { numRuns: MIXED_RUNS })
  })
})

describe('prototype pollution', () => {
  /** `{"<k>": {"polluted": "yes"}}` nested under each member of a request, for every pollution key. */
  const nest = (depth: number, key: string): Json => {
    let j: Json = { pairs: [[POLLUTION_MARK, 'yes'], ['toString', 'yes']] }
    for (let i = 0; i < depth; i++) j = { pairs: [[key, j], ['KeyId', 'x']] }
    return j
  }

  it('bodies with __proto__, constructor and prototype keys at every level (0–4) of every request leave every prototype untouched', async () => {
    const members = ['KeyId', 'EncryptionContext', 'ImportToken', 'ValidTo', 'Origin', 'GrantTokens', 'Message', '']
    for (const op of FUZZ_OPERATIONS) {
      for (const key of POLLUTION_KEYS) {
        for (let depth = 0; depth <= 4; depth++) {
          for (const member of members) {
            const inner = nest(depth, key)
            const body: Json = member === '' ? { pairs: [[key, inner]] } : { pairs: [[member, { pairs: [[key, inner]] }], [key, inner]] }
            const c: FuzzCase = { profile: 'classic', kind: 'json', target: `TrentService.${op}`, body: printJson(body) }
            const { failure } = await checkCase(await pool.get('classic'), c, { compareContents: false })
            expect(failure, showCase(c)).toBeUndefined()
          }
        }
      }
    }
    expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined()
    expect(prototypePollution()).toBeUndefined()
  })
})

describe('invoke, the typed entry point', () => {
  /** SDK-shaped values: what `invoke` is given besides JSON (Uint8Array blobs, Date timestamps). */
  const sdkValue: fc.Arbitrary<unknown> = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.constantFrom(new Uint8Array(0), new Uint8Array(6145), new Date(Number.NaN), new Date(8.64e15), new Date(-1), new Date(Date.parse('2026-06-01T00:00:00Z'))),
    fc.jsonValue(),
    // the hostile documents of the fuzz, where they are JSON at all (own __proto__ keys included)
    anyJson.map((j): unknown => {
      try {
        return JSON.parse(printJson(j)) as unknown
      } catch {
        return null
      }
    }),
  )
  const member = fc.constantFrom('KeyId', 'ImportToken', 'EncryptedKeyMaterial', 'ValidTo', 'ExpirationModel', 'Plaintext', 'CiphertextBlob', 'EncryptionContext', 'Message', 'Signature', 'Mac', 'WrappingAlgorithm', 'WrappingKeySpec', 'Origin', 'KeySpec', 'PendingWindowInDays', '__proto__')

  it('never rejects and answers only allowed errors for any request object, SDK-shaped or not', async () => {
    const refs = pool.refs('2023-10-10')
    const keyIds = refs.keys.flatMap((k) => [k.keyId, k.arn])
    const request = fc.oneof(
      sdkValue,
      fc.array(fc.tuple(member, fc.oneof(sdkValue, fc.constantFrom(...keyIds))), { maxLength: 6 }).map((pairs) => {
        const o: Record<string, unknown> = {}
        for (const [k, v] of pairs) Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true })
        return o
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FUZZ_OPERATIONS), request, async (op: OperationName, input) => {
        const world = await pool.get('2023-10-10')
        // earlier cases may have moved the world's clock: the store as the operation finds it
        const stored = world.emulator.store()
        const before = settleStore(stored, world.clock.now()).store
        let result
        try {
          // JavaScript callers are untyped: the fuzz feeds any value to invoke on purpose
          result = await world.emulator.invoke(op, input as never)
        } catch (e) {
          expect.fail(`invoke(${op}) rejected: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)
        }
        if (E.isLeft(result)) {
          expect(isAllowedError(op, result.left._tag), `${op}: ${result.left._tag} ${result.left.message}`).toBe(true)
          if (before === stored) expect(world.emulator.store()).toBe(before)
          else expect(canonicalStore(world.emulator.store())).toBe(canonicalStore(before))
        }
        expect(prototypePollution()).toBeUndefined()
      }),
      { numRuns: 300 },
    )
  })
})
