/**
 * The migration of a state file written by 0.1.0 itself (`test/fixtures/state-0.1.0.json`, made by
 * `test/fixtures/generate-state-0.1.0.ts` on 0.1.0's code: snapshot version 1, with the answers
 * 0.1.0 gave): `serve --state` moves it aside and imports it, and then answers DescribeKey and
 * ListKeyRotations as 0.1.0 did (but for the one change `asAnsweredNow` names), decrypts what 0.1.0 encrypted, lets material expire and
 * keys be deleted on 0.1.0's dates, and takes back only the material 0.1.0 imported.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock, wrapKeyMaterial } from 'kms-key-import/testing'

interface Recorded {
  readonly now: number
  /** The keys 0.1.0 made: imported (twice in 2025-06-05, then rotated), AWS_KMS then disabled, imported to expire in 30 days, HMAC, ECC, imported then deleted, pending deletion in 10 days. */
  readonly ids: readonly string[]
  /** Encrypt of keys 0, 1, 2 and 6, before the disabling and the deletion. */
  readonly ciphertexts: readonly string[]
  readonly answers: Readonly<Record<string, { readonly DescribeKey: unknown; readonly ListKeyRotations: unknown }>>
  readonly state: { readonly version: number }
}
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/state-0.1.0.json', import.meta.url), 'utf8')) as Readonly<Record<string, Recorded>>
const SEALING_KEY = new Uint8Array(32).fill(7)
const DAY = 86_400_000

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-0.1.0-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

type Body = Record<string, unknown>

/**
 * 0.1.0's answer as this version gives it: the one deliberate change since is that a
 * `PendingDeletion` key no longer answers `PendingDeletionWindowInDays` (docs/evidence.md §2: the
 * member is present only while `PendingReplicaDeletion`); everything else is as 0.1.0 answered.
 */
const asAnsweredNow = (answer: unknown): unknown => {
  const describe = (answer as { DescribeKey?: { KeyMetadata?: Body } } | undefined)?.DescribeKey
  const meta = describe?.KeyMetadata
  if (meta?.KeyState !== 'PendingDeletion' || !('PendingDeletionWindowInDays' in meta)) return answer
  const { PendingDeletionWindowInDays: _dropped, ...rest } = meta
  return { ...(answer as Body), DescribeKey: { ...describe, KeyMetadata: rest } }
}

const call = async (server: RunningServer, op: string, req: Body): Promise<Body> =>
  JSON.parse((await server.emulator.handle({ target: `TrentService.${op}`, body: JSON.stringify(req) })).body) as Body

describe('a state file of 0.1.0, migrated', () => {
  it.each(Object.keys(FIXTURE))('%s: answers as 0.1.0 did, and carries on', async (profile) => {
    const recorded = FIXTURE[profile] as Recorded
    expect(recorded.state.version).toBe(1)
    const file = join(dir, 'kms.json')
    writeFileSync(file, JSON.stringify(recorded.state), { mode: 0o600 })
    writeFileSync(`${file}.key`, Buffer.from(SEALING_KEY).toString('hex'), { mode: 0o600 })
    const clock = manualClock(recorded.now)
    const server = await serve({ port: 0, quiet: true, stateFile: file, clock, crypto: createDeterministicProvider({ seed: 3 }) })
    try {
      expect(server.state).toEqual({ path: file, keys: 7, created: true, migratedFrom: `${file}.v1.json` })
      for (const KeyId of recorded.ids) {
        expect({
          DescribeKey: await call(server, 'DescribeKey', { KeyId }),
          ListKeyRotations: await call(server, 'ListKeyRotations', { KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
        }, KeyId).toEqual(asAnsweredNow(recorded.answers[KeyId]))
      }
      const [imported, disabled, expiring, , , deleted, pending] = recorded.ids as [string, string, string, string, string, string, string]
      const decrypted = await Promise.all(recorded.ciphertexts.map(async (CiphertextBlob) => call(server, 'Decrypt', { CiphertextBlob })))
      expect(decrypted.map((d) => d.Plaintext === undefined ? d.__type : Buffer.from(String(d.Plaintext), 'base64').toString())).toEqual([
        `made by 0.1.0 with ${imported}`, 'DisabledException', `made by 0.1.0 with ${expiring}`, 'KMSInvalidStateException',
      ])
      const importInto = async (KeyId: string, fill: number): Promise<Body> => {
        const p = await call(server, 'GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
        const EncryptedKeyMaterial = Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(fill))).toString('base64')
        return call(server, 'ImportKeyMaterial', { KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
      }
      // the material deleted under 0.1.0 is the one the key takes back; another is refused
      expect((await importInto(deleted, 9)).__type).toBe('IncorrectKeyMaterialException')
      expect((await importInto(deleted, 4)).__type).toBeUndefined()
      expect((await importInto(imported, 9)).__type).toBe('IncorrectKeyMaterialException')
      // 0.1.0's dates: the material expires 30 days after it began, the key pending deletion goes after 10
      clock.advance(31 * DAY)
      expect(((await call(server, 'DescribeKey', { KeyId: expiring })).KeyMetadata as Body).KeyState).toBe('PendingImport')
      expect((await call(server, 'DescribeKey', { KeyId: pending })).__type).toBe('NotFoundException')
      expect(((await call(server, 'DescribeKey', { KeyId: disabled })).KeyMetadata as Body).KeyState).toBe('Disabled')
    } finally {
      await server.close()
    }
  })
})
