/**
 * Our types against the official SDK's (`@aws-sdk/client-kms`), in both directions:
 *
 * - **Responses → SDK outputs.** Each response interface is assignable to the SDK's
 *   `…CommandOutput` minus `$metadata`: anything we answer is something the SDK types can hold.
 *   The reverse is not meaningful: every SDK output member is optional (`?: T | undefined`), so
 *   no SDK output is assignable to a response that promises its members.
 * - **SDK inputs → our decoding.** The protocol layer decodes `unknown` (`decodeRequest`), so the
 *   type-level direction "SDK input → decoder input" is trivially true; the meaningful check is at
 *   run time: an SDK `…CommandInput` value decodes to a `Right` under the classic profile, members
 *   intact. Statically, the decoded request types (generated from AWS's model) are assignable to
 *   the SDK inputs (everything the decoder lets through is a request the SDK can send). "SDK
 *   input type → decoded type" cannot hold: the SDK's enums are the latest service's, wider than
 *   the library's (classic refuses `RSA_AES_KEY_WRAP_SHA_256`, which the SDK type allows).
 *
 * `readonly` arrays: the project's types are readonly throughout, the SDK's are mutable, and a
 * readonly array is never assignable to a mutable one. Readonly restricts writers, not readers,
 * so the KeyMetadata checks strip it (`Writable`) and compare the rest.
 *
 * The type assertions are checked by `tsc --noEmit -p tsconfig.json` (`npm run typecheck`);
 * vitest runs the runtime decoding checks.
 */
import type {
  CancelKeyDeletionCommandOutput, CreateKeyCommandInput, CreateKeyCommandOutput, DecryptCommandOutput,
  DeleteImportedKeyMaterialCommandInput, DeleteImportedKeyMaterialCommandOutput, DescribeKeyCommandInput, DescribeKeyCommandOutput,
  EncryptCommandOutput, GetParametersForImportCommandInput, GetParametersForImportCommandOutput, ImportKeyMaterialCommandInput,
  ImportKeyMaterialCommandOutput, KeyMetadata as SdkKeyMetadata, ScheduleKeyDeletionCommandInput, ScheduleKeyDeletionCommandOutput,
} from '@aws-sdk/client-kms'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  decodeRequest, classicProfile,
  type CreateKeyRequest, type DeleteImportedKeyMaterialRequest, type DescribeKeyRequest, type GetParametersForImportRequest,
  type ImportKeyMaterialRequest, type ScheduleKeyDeletionRequest,
  type CancelKeyDeletionResponse, type CreateKeyResponse, type DecryptResponse, type DeleteImportedKeyMaterialResponse,
  type DescribeKeyResponse, type EncryptResponse, type GetParametersForImportResponse, type ImportKeyMaterialResponse,
  type KeyMetadata, type ScheduleKeyDeletionResponse,
} from 'kms-key-import'

/** An SDK output without the transport metadata: the response members. */
type Output<T> = Omit<T, '$metadata'>

/** `T` with `readonly` removed from properties and arrays, deeply (blobs and dates kept). */
type Writable<T> = T extends Uint8Array | Date
  ? T
  : T extends ReadonlyArray<infer U>
    ? Writable<U>[]
    : T extends object
      ? { -readonly [P in keyof T]: Writable<T[P]> }
      : T


describe('response interfaces are assignable to the SDK outputs (minus $metadata)', () => {
  it('GetParametersForImportResponse', () => {
    expectTypeOf<GetParametersForImportResponse>().toExtend<Output<GetParametersForImportCommandOutput>>()
    // and member by member, the exact SDK types: Uint8Array blobs, a Date, the ARN as a string
    expectTypeOf<GetParametersForImportResponse['PublicKey']>().toEqualTypeOf<Uint8Array>()
    expectTypeOf<GetParametersForImportResponse['ParametersValidTo']>().toEqualTypeOf<Date>()
    expectTypeOf<GetParametersForImportResponse['KeyId']>().toExtend<NonNullable<GetParametersForImportCommandOutput['KeyId']>>()
  })

  it('the key-state operations, ImportKeyMaterial and DeleteImportedKeyMaterial', () => {
    expectTypeOf<ScheduleKeyDeletionResponse>().toExtend<Output<ScheduleKeyDeletionCommandOutput>>()
    expectTypeOf<CancelKeyDeletionResponse>().toExtend<Output<CancelKeyDeletionCommandOutput>>()
    expectTypeOf<ImportKeyMaterialResponse>().toExtend<Output<ImportKeyMaterialCommandOutput>>()
    expectTypeOf<DeleteImportedKeyMaterialResponse>().toExtend<Output<DeleteImportedKeyMaterialCommandOutput>>()
  })

  it('CreateKeyResponse and DescribeKeyResponse: KeyMetadata fits, apart from the known gaps', () => {
    expectTypeOf<Writable<KeyMetadata>>().toExtend<SdkKeyMetadata>()
    // Whole responses, algorithm lists and CustomerMasterKeySpec included:
    expectTypeOf<Writable<CreateKeyResponse>>().toExtend<Output<CreateKeyCommandOutput>>()
    expectTypeOf<Writable<DescribeKeyResponse>>().toExtend<Output<DescribeKeyCommandOutput>>()
  })

  it('EncryptResponse and DecryptResponse: all but EncryptionAlgorithm', () => {
    expectTypeOf<Omit<EncryptResponse, 'EncryptionAlgorithm'>>().toExtend<Output<EncryptCommandOutput>>()
    expectTypeOf<Omit<DecryptResponse, 'EncryptionAlgorithm'>>().toExtend<Output<DecryptCommandOutput>>()
    // EncryptionAlgorithm is AWS's value set, as the SDK's EncryptionAlgorithmSpec
    expectTypeOf<EncryptResponse>().toExtend<Output<EncryptCommandOutput>>()
    expectTypeOf<DecryptResponse>().toExtend<Output<DecryptCommandOutput>>()
  })
})

describe('SDK inputs are accepted by the protocol layer', () => {
  it('decoded request types are SDK inputs', () => {
    expectTypeOf<GetParametersForImportRequest>().toExtend<GetParametersForImportCommandInput>()
    expectTypeOf<Writable<DescribeKeyRequest>>().toExtend<DescribeKeyCommandInput>()
    expectTypeOf<ImportKeyMaterialRequest>().toExtend<ImportKeyMaterialCommandInput>()
    expectTypeOf<DeleteImportedKeyMaterialRequest>().toExtend<DeleteImportedKeyMaterialCommandInput>()
    expectTypeOf<ScheduleKeyDeletionRequest>().toExtend<ScheduleKeyDeletionCommandInput>()
    // CustomerMasterKeySpec: AWS's deprecated value set, which predates ML-DSA
    expectTypeOf<Writable<CreateKeyRequest>>().toExtend<CreateKeyCommandInput>()
  })

  it('decoding takes unknown, so any SDK input type is a valid argument', () => {
    expectTypeOf<GetParametersForImportCommandInput>().toExtend<Parameters<typeof decodeRequest>[2]>()
    expectTypeOf<ImportKeyMaterialCommandInput>().toExtend<Parameters<typeof decodeRequest>[2]>()
  })

  it('a GetParametersForImportCommandInput value decodes to a Right under the classic profile', () => {
    const input: GetParametersForImportCommandInput = {
      KeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
      WrappingKeySpec: 'RSA_2048',
    }
    const decoded = decodeRequest(classicProfile, 'GetParametersForImport', input)
    expect(E.isRight(decoded)).toBe(true)
    expect(decoded).toEqual(E.right(input))
  })

  it('SDK enum values the classic profile lacks decode to a Left', () => {
    const input: GetParametersForImportCommandInput = { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' }
    expect(E.isLeft(decodeRequest(classicProfile, 'GetParametersForImport', input))).toBe(true)
  })

  it('CreateKey, DescribeKey, ImportKeyMaterial (Uint8Array blobs, a Date) and ScheduleKeyDeletion inputs decode', () => {
    const createKey: CreateKeyCommandInput = { Origin: 'EXTERNAL', Description: 'byok', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' }
    expect(decodeRequest(classicProfile, 'CreateKey', createKey)).toEqual(E.right(createKey))

    const describeKey: DescribeKeyCommandInput = { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }
    expect(decodeRequest(classicProfile, 'DescribeKey', describeKey)).toEqual(E.right(describeKey))

    const importKeyMaterial: ImportKeyMaterialCommandInput = {
      KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      ImportToken: new Uint8Array([1, 2, 3]),
      EncryptedKeyMaterial: new Uint8Array(256).fill(7),
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: new Date('2026-06-01T00:00:00Z'),
    }
    const decodedImport = decodeRequest(classicProfile, 'ImportKeyMaterial', importKeyMaterial)
    expect(E.isRight(decodedImport)).toBe(true)
    if (E.isRight(decodedImport)) {
      expect(decodedImport.right.ImportToken).toEqual(importKeyMaterial.ImportToken)
      expect(decodedImport.right.EncryptedKeyMaterial).toEqual(importKeyMaterial.EncryptedKeyMaterial)
      expect(decodedImport.right.ValidTo).toEqual(importKeyMaterial.ValidTo)
    }

    const schedule: ScheduleKeyDeletionCommandInput = { KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', PendingWindowInDays: 7 }
    expect(decodeRequest(classicProfile, 'ScheduleKeyDeletion', schedule)).toEqual(E.right(schedule))
  })
})
