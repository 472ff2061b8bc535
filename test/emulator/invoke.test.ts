/**
 * `invoke` is typed by operation name: each name takes its request type (generated from AWS's
 * model) and answers its response type; a name that is not served is a `Left`
 * UnknownOperationException, never a throw. The type assertions are checked by `npm run typecheck`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { createEmulator, type CreateKeyRequest, type DescribeKeyResponse, type OperationName } from 'kms-key-import'
import { createDeterministicProvider } from 'kms-key-import/testing'

describe('invoke, typed by operation name', () => {
  it('takes the request type of the name and answers its response type', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider() })
    expectTypeOf<Parameters<typeof kms.invoke<'CreateKey'>>[1]>().toEqualTypeOf<CreateKeyRequest>()
    const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
    if (E.isLeft(created)) throw new Error(created.left.message)
    const described = await kms.invoke('DescribeKey', { KeyId: created.right.KeyMetadata.KeyId })
    expectTypeOf<Extract<typeof described, E.Right<unknown>>['right']>().toEqualTypeOf<DescribeKeyResponse>()
    expect(E.isRight(described) && described.right.KeyMetadata.Origin).toBe('EXTERNAL')
    kms.close()
  })

  it('refuses a misspelt member at compile time', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider() })
    // @ts-expect-error Orign is not a member of CreateKeyRequest
    const result = await kms.invoke('CreateKey', { Orign: 'EXTERNAL' })
    // at run time (JavaScript callers) it is an unknown member, ignored, as AWS does
    expect(E.isRight(result) && result.right.KeyMetadata.Origin).toBe('AWS_KMS')
    kms.close()
  })

  it('answers a name that is not served with UnknownOperationException as a Left, not a throw', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider() })
    for (const name of ['NoSuchOperation', 'constructor', '__proto__', '']) {
      const result = await kms.invoke(name as OperationName, {} as never)
      expect(result).toEqual(E.left({ _tag: 'UnknownOperationException', message: `Unknown operation: ${name}` }))
    }
    // an operation of AWS's model that is out of scope says so
    expect(await kms.invoke('CreateGrant' as OperationName, {} as never)).toEqual(E.left({
      _tag: 'UnknownOperationException',
      message: 'Operation CreateGrant is not served by this emulator: kms-key-import serves key import and the operations around a key, not grants.',
    }))
    kms.close()
  })

  it('checks a typed request as handle does: the model\'s constraints apply to invoke too', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider() })
    const result = await kms.invoke('DescribeKey', { KeyId: '', GrantTokens: ['ok'] })
    expect(result).toEqual(E.left({
      _tag: 'ValidationException',
      message: "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    }))
    kms.close()
  })
})
