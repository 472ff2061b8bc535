/**
 * SDK cases: every refusal of GetParametersForImport, as the SDK surfaces it (the modeled class,
 * or the generic `KMSServiceException` with the name for exceptions KMS's model does not list)
 * with the exact message.
 *
 * Not reachable under the classic profile, so not here: UnsupportedOperationException for a key
 * spec that cannot hold imported material (classic lets only SYMMETRIC_DEFAULT keys be EXTERNAL,
 * so no EXTERNAL key of another spec exists), the wrapping-rule ValidationException (classic's
 * enums admit only combinations that work), and KMSInternalException.
 */
import {
  CreateKeyCommand, GetParametersForImportCommand, InvalidArnException, KMSInvalidStateException, NotFoundException,
  ScheduleKeyDeletionCommand, UnsupportedOperationException, type GetParametersForImportCommandInput,
} from '@aws-sdk/client-kms'
import { describe, it } from 'vitest'
import { type Kms, type Setting, expectRefusal, keyArnPrefix } from '../harness.js'
import { createExternalKey } from './key-lifecycle.js'

const ok = { WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' } as const

export const getParametersForImportErrorCases = (kms: () => Kms, setting: Setting): void => {
  const classicOnly = setting.profile === 'classic'
  const gpfi = (input: GetParametersForImportCommandInput): Promise<unknown> => kms().client.send(new GetParametersForImportCommand(input))

  describe('GetParametersForImport refusals', () => {
    it('ValidationException: every missing member, in one message', async () => {
      await expectRefusal(gpfi({ KeyId: undefined, WrappingAlgorithm: undefined, WrappingKeySpec: undefined }), {
        type: 'ValidationException',
        message: "3 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'wrappingAlgorithm' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'wrappingKeySpec' failed to satisfy constraint: Member must not be null",
      })
    })

    if (classicOnly) it('ValidationException: SDK enum values the classic profile does not have', async () => {
      const { keyId } = await createExternalKey(kms())
      await expectRefusal(gpfi({ KeyId: keyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_4096' }), {
        type: 'ValidationException',
        message: "2 validation errors detected: Value 'RSA_AES_KEY_WRAP_SHA_256' at 'wrappingAlgorithm' failed to satisfy constraint: " +
          'Member must satisfy enum value set: [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]; ' +
          "Value 'RSA_4096' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048]",
      })
    })

    it('ValidationException: KeyId longer than 2048 characters', async () => {
      const long = 'k'.repeat(2049)
      await expectRefusal(gpfi({ KeyId: long, ...ok }), {
        type: 'ValidationException',
        message: `1 validation error detected: Value '${long}' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 2048`,
      })
    })

    it('SerializationException: a member of the wrong JSON type', async () => {
      await expectRefusal(gpfi({ KeyId: 42 as unknown as string, ...ok }), {
        type: 'SerializationException', message: 'NUMBER_VALUE can not be converted to a String',
      })
    })

    it('NotFoundException: a malformed key id', async () => {
      await expectRefusal(gpfi({ KeyId: 'nope', ...ok }), { type: NotFoundException, message: "Invalid keyId 'nope'" })
    })

    it('NotFoundException: an alias (the import operations take key ids and ARNs only)', async () => {
      await expectRefusal(gpfi({ KeyId: 'alias/imported', ...ok }), { type: NotFoundException, message: "Invalid keyId 'alias/imported'" })
    })

    it('NotFoundException: a well-formed id of no key', async () => {
      const id = '11111111-2222-3333-4444-555555555555'
      await expectRefusal(gpfi({ KeyId: id, ...ok }), {
        type: NotFoundException, message: `Key '${keyArnPrefix(kms().setting)}${id}' does not exist`,
      })
    })

    it('NotFoundException: the ARN of the key in another region', async () => {
      const { arn } = await createExternalKey(kms())
      const elsewhere = kms().setting.region.startsWith('cn-') ? 'cn-northwest-1' : 'us-west-2'
      await expectRefusal(gpfi({ KeyId: arn.replace(`:${kms().setting.region}:`, `:${elsewhere}:`), ...ok }), { type: NotFoundException, message: `Invalid arn ${elsewhere}` })
    })

    it('NotFoundException: the ARN of the key in another account', async () => {
      const { arn } = await createExternalKey(kms())
      const other = arn.replace(':111122223333:', ':444455556666:')
      await expectRefusal(gpfi({ KeyId: other, ...ok }), { type: NotFoundException, message: `Key '${other}' does not exist` })
    })

    it('InvalidArnException: an arn: string that is not a KMS key ARN', async () => {
      const bad = 'arn:aws:kms:us-east-1:111122223333:nonsense'
      await expectRefusal(gpfi({ KeyId: bad, ...ok }), { type: InvalidArnException, message: `Invalid arn '${bad}'` })
    })

    it('UnsupportedOperationException: a key whose origin is AWS_KMS', async () => {
      const created = await kms().client.send(new CreateKeyCommand({}))
      await expectRefusal(gpfi({ KeyId: created.KeyMetadata?.KeyId, ...ok }), {
        type: UnsupportedOperationException, message: `${created.KeyMetadata?.Arn ?? ''} origin is AWS_KMS which is not valid for this operation.`,
      })
    })

    it('KMSInvalidStateException: a key pending deletion', async () => {
      const { keyId, arn } = await createExternalKey(kms())
      await kms().client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
      await expectRefusal(gpfi({ KeyId: keyId, ...ok }), { type: KMSInvalidStateException, message: `${arn} is pending deletion.` })
    })
  })
}
