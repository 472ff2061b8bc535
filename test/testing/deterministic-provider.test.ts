/**
 * The deterministic provider's seed selects its sequence: the same seed gives the same wrapping key
 * pairs in the same order, other seeds give other orders of the committed fixture pairs, and every
 * fixture pair is reachable as a first pair.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createDeterministicProvider, fixtureRsaKeyPairs } from 'kms-key-import/testing'

type Spec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096'

/** The index among the fixture pairs of each of the first `n` wrapping key pairs a seed hands out. */
const sequence = (seed: number, spec: Spec, n: number): readonly number[] => {
  const provider = createDeterministicProvider({ seed })
  const fixtures = fixtureRsaKeyPairs(spec).map((p) => Buffer.from(p.publicKey).toString('base64'))
  return Array.from({ length: n }, () => {
    const pair = provider.wrappingKeyPair(spec)
    if (E.isLeft(pair)) throw new Error(pair.left)
    return fixtures.indexOf(Buffer.from(pair.right.publicKey).toString('base64'))
  })
}

describe.each(['RSA_2048', 'RSA_3072', 'RSA_4096'] as const)('createDeterministicProvider, %s wrapping key pairs', (spec) => {
  const n = fixtureRsaKeyPairs(spec).length

  it('the same seed hands out the same pairs in the same order; each cycle holds every fixture pair once', () => {
    for (const seed of [1, 2, 7, 2025]) {
      const seq = sequence(seed, spec, 2 * n)
      expect(sequence(seed, spec, 2 * n)).toEqual(seq)
      expect([...seq.slice(0, n)].sort()).toEqual(Array.from({ length: n }, (_, i) => i))
      expect(seq.slice(n)).toEqual(seq.slice(0, n))
    }
  })

  it('the seed selects the order: 40 seeds give many different orders (every order, for few pairs), and every pair comes first for some seed', () => {
    const orders = Array.from({ length: 40 }, (_, i) => sequence(i + 1, spec, n))
    const permutations = Array.from({ length: n }, (_, i) => i + 1).reduce((a, b) => a * b, 1)
    expect(new Set(orders.map((o) => o.join(','))).size).toBeGreaterThanOrEqual(Math.min(20, permutations))
    expect(new Set(orders.map((o) => o[0])).size).toBe(n)
  })
})
