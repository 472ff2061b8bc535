import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { getParametersForImport } from 'kms-key-import'
import { DAY_MS, T0, createExternalKey, expectOk, newKms, paramsRequest } from '../support/kms.js'
import { classicEnv, handBuiltKey, pureParams, storeOf } from '../support/pure-env.js'

describe('GetParametersForImport: clocks with sub-millisecond precision or before 1970', () => {
  it('answers ParametersValidTo = now + 24 h when the clock reads a fractional millisecond', async () => {
    const kms = newKms({ start: T0 + 0.5 })
    const { keyId } = await createExternalKey(kms)
    const body = expectOk(await kms.call('GetParametersForImport', paramsRequest(keyId)))
    expect(Math.abs(Number(body.ParametersValidTo) * 1000 - (T0 + 0.5 + DAY_MS))).toBeLessThanOrEqual(1)
  })

  it('the pure function does not throw for a fractional or negative now', () => {
    const key = handBuiltKey({ origin: 'EXTERNAL', state: 'PendingImport' })
    for (const now of [T0 + 0.5, -5 * DAY_MS]) {
      const run = () => getParametersForImport(classicEnv({ now }), storeOf(key), pureParams(key.keyId))
      expect(run).not.toThrow()
      expect(E.isRight(run())).toBe(true)
    }
  })
})
