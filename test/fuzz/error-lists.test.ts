/**
 * The error lists the fuzz suite allows are AWS's: `AWS_ERRORS` agrees with the official SDK's
 * declarations (each command's `@throws`, generated from the KMS service model), and each known
 * deviation of the emulator is still real (when `src/` is fixed, its entry must go).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEmulator, operations, type OperationName } from 'kms-key-import'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import { AWS_ERRORS, KNOWN_DEVIATIONS, isAllowedError } from './error-lists.js'

const sdkCommands = join(dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-kms/package.json')), 'dist-types', 'commands')

/** The exceptions the SDK declares a command throws (without the service's base class). */
const sdkThrows = (operation: string): string[] =>
  [...readFileSync(join(sdkCommands, `${operation}Command.d.ts`), 'utf8').matchAll(/@throws \{@link (\w+)\}/g)]
    .map((m) => m[1] as string)
    .filter((n) => n !== 'KMSServiceException')

describe('the AWS error lists', () => {
  it.each(Object.keys(operations) as OperationName[])('%s: the list is the one the official SDK declares', (operation) => {
    expect([...AWS_ERRORS[operation]].sort()).toEqual(sdkThrows(operation).sort())
  })

  it('never allows a 500 for client input, always allows the protocol errors', () => {
    for (const op of Object.keys(operations) as OperationName[]) {
      expect(isAllowedError(op, 'KMSInternalException')).toBe(false)
      expect(isAllowedError(op, 'DependencyTimeoutException')).toBe(false)
      expect(isAllowedError(op, 'ValidationException')).toBe(true)
      expect(isAllowedError(op, 'SerializationException')).toBe(true)
    }
  })

  it('each known deviation is still real (remove its entry from KNOWN_DEVIATIONS once src/ is fixed)', async () => {
    const kms = createEmulator({ profile: '2023-10-10', clock: manualClock(Date.parse('2026-01-01T00:00:00Z')), crypto: createDeterministicProvider() })
    const created = JSON.parse((await kms.handle({ target: 'TrentService.CreateKey', body: '{}' })).body) as { KeyMetadata: { KeyId: string } }
    const encrypted = JSON.parse((await kms.handle({ target: 'TrentService.Encrypt', body: JSON.stringify({ KeyId: created.KeyMetadata.KeyId, Plaintext: 'AQID' }) })).body) as { CiphertextBlob: string }
    const members: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
      Encrypt: { Plaintext: 'AQID' },
      Decrypt: { CiphertextBlob: encrypted.CiphertextBlob },
      Sign: { Message: 'AQID', SigningAlgorithm: 'ECDSA_SHA_256' },
      Verify: { Message: 'AQID', SigningAlgorithm: 'ECDSA_SHA_256', Signature: 'AQID' },
      GenerateMac: { Message: 'AQID', MacAlgorithm: 'HMAC_SHA_256' },
      VerifyMac: { Message: 'AQID', MacAlgorithm: 'HMAC_SHA_256', Mac: 'AQID' },
    }
    for (const [op, deviations] of Object.entries(KNOWN_DEVIATIONS)) {
      for (const d of deviations ?? []) {
        expect(d.exception).toBe('InvalidArnException') // the only kind listed so far; a new kind needs its own probe here
        const body = { KeyId: 'arn:aws:kms:us-east-1:111122223333:not-a-key', ...members[op] }
        const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(body) })
        expect(JSON.parse(res.body).__type, `${op} no longer answers ${d.exception}: remove it from KNOWN_DEVIATIONS`).toBe(d.exception)
        expect(isAllowedError(op as OperationName, d.exception, false), `${op}: ${d.exception} is in AWS's list after all`).toBe(false)
      }
    }
  })
})
