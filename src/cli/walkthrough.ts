/**
 * `npm start`: a short scripted walkthrough of the import flow, printed to the terminal. It
 * drives the in-process emulator through `handle`, exactly as an SDK would over HTTP.
 *
 * @module
 */
import { createEmulator } from '../emulator/emulator.js'
import { randomBytes } from 'node:crypto'
import { manualClock } from '../clock.js'
import type { ProfileSelector } from '../profiles/index.js'
import type { Profile } from '../profiles/profile.js'
import { wrapKeyMaterial } from '../testing/wrap.js'

const line = (s = ''): void => {
  process.stdout.write(`${s}\n`)
}

/**
 * Runs the walkthrough.
 * @param profile - the rule profile to walk through (default `classic`; `--profile` on the command line)
 * @returns a promise that settles when it is done
 * @since 0.1.0
 */
export const walkthrough = async (profile: ProfileSelector | Profile = 'classic'): Promise<void> => {
  const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
  const kms = createEmulator({ profile, clock })
  const call = async (op: string, req: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(req) })
    const body = JSON.parse(res.body) as Record<string, unknown>
    const summary = res.status === 200 ? 'OK' : `${String(body.__type)}: ${String(body.message)}`
    line(`  → ${op} ${res.status} ${summary}`)
    return body
  }
  line(`kms-key-import walkthrough — profile '${kms.profile.name}' (${kms.profile.title})`)
  line(`clock starts at ${new Date(clock.now()).toISOString()}`)
  line()
  line('1. Create a KMS key with Origin EXTERNAL: it has no material, so it waits for an import.')
  const created = await call('CreateKey', { Origin: 'EXTERNAL', Description: 'walkthrough' })
  const meta = created.KeyMetadata as Record<string, unknown>
  const keyId = String(meta.KeyId)
  line(`     KeyId ${keyId}, KeyState ${String(meta.KeyState)}, Enabled ${String(meta.Enabled)}`)
  line()
  line('2. Ask for import parameters: a fresh RSA_2048 wrapping public key and an import token.')
  const params = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  line(`     PublicKey: ${Buffer.from(String(params.PublicKey), 'base64').length} bytes of DER SubjectPublicKeyInfo`)
  line(`     ImportToken: ${Buffer.from(String(params.ImportToken), 'base64').length} bytes, opaque and sealed`)
  line(`     ParametersValidTo: ${new Date(Number(params.ParametersValidTo) * 1000).toISOString()} (24 hours)`)
  line()
  line('3. Wrap 32 random bytes with that public key (RSAES-OAEP, SHA-256), as a client does, and import')
  line('   them with an expiry one hour ahead.')
  const material = new Uint8Array(randomBytes(32))
  const wrap = (p: Record<string, unknown>, m: Uint8Array = material): string =>
    Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', m)).toString('base64')
  const validTo = clock.now() / 1000 + 3600
  await call('ImportKeyMaterial', { KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params), ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo })
  const state = async (): Promise<void> => {
    const d = (await call('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>
    const vt = d.ValidTo === undefined ? 'none' : new Date(Number(d.ValidTo) * 1000).toISOString()
    line(`     KeyState ${String(d.KeyState)}, Enabled ${String(d.Enabled)}, ExpirationModel ${String(d.ExpirationModel ?? 'none')}, ValidTo ${vt}`)
  }
  await state()
  line()
  line('4. Encrypt with the imported material.')
  const secret = Buffer.from('attack at dawn').toString('base64')
  const ct = await call('Encrypt', { KeyId: keyId, Plaintext: secret, EncryptionContext: { purpose: 'walkthrough' } })
  line()
  line('5. Move the clock one hour and one second ahead: the material expires, the key is pending import.')
  clock.advance(3_601_000)
  line(`     clock now ${new Date(clock.now()).toISOString()}`)
  await state()
  await call('Decrypt', { CiphertextBlob: ct.CiphertextBlob, EncryptionContext: { purpose: 'walkthrough' } })
  line()
  line('6. Reimport the same material (a new token: the first is still valid, but any unexpired one will do),')
  line('   this time without expiry; other material would be refused.')
  const again = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  await call('ImportKeyMaterial', { KeyId: keyId, ImportToken: again.ImportToken, EncryptedKeyMaterial: wrap(again), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
  await state()
  line()
  line('7. The ciphertext from before the expiry decrypts again.')
  const pt = await call('Decrypt', { CiphertextBlob: ct.CiphertextBlob, EncryptionContext: { purpose: 'walkthrough' } })
  line(`     Plaintext: "${Buffer.from(String(pt.Plaintext), 'base64').toString()}"`)
  line()
  line("8. The rules refuse what AWS refuses, with AWS's exception and message: import parameters for a")
  line("   key of Origin AWS_KMS, a wrapping key spec outside the profile's set, other material than the")
  line("   key's, an expiring import without its ValidTo.")
  const awsKey = await call('CreateKey', {})
  const awsKeyId = String((awsKey.KeyMetadata as Record<string, unknown>).KeyId)
  await call('GetParametersForImport', { KeyId: awsKeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_1024' })
  await call('ImportKeyMaterial', { KeyId: keyId, ImportToken: again.ImportToken, EncryptedKeyMaterial: wrap(again, new Uint8Array(randomBytes(32))), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
  await call('ImportKeyMaterial', { KeyId: keyId, ImportToken: again.ImportToken, EncryptedKeyMaterial: wrap(again) })
  line()
  line('9. Delete the imported material, then schedule the key for deletion.')
  await call('DeleteImportedKeyMaterial', { KeyId: keyId })
  await state()
  await call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 })
  await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })
  await call('CancelKeyDeletion', { KeyId: keyId })
  await state()
  line()
  line('Done. Run `npm test` for the executable specification.')
  kms.close()
}
