/**
 * `npm start`: a short scripted walkthrough of the import flow, printed to the terminal. It
 * drives the in-process emulator through `handle`, exactly as an SDK would over HTTP.
 *
 * @module
 */
import { createEmulator } from '../emulator/emulator.js'
import { manualClock } from '../clock.js'

const line = (s = ''): void => {
  process.stdout.write(`${s}\n`)
}

/**
 * Runs the walkthrough.
 * @returns a promise that settles when it is done
 * @since 0.1.0
 */
export const walkthrough = async (): Promise<void> => {
  const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
  const kms = createEmulator({ profile: 'classic', clock })
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
  line('3. The rules refuse what AWS refuses, with AWS\'s exception and message:')
  const awsKey = await call('CreateKey', {})
  const awsKeyId = String((awsKey.KeyMetadata as Record<string, unknown>).KeyId)
  await call('GetParametersForImport', { KeyId: awsKeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' })
  await call('CreateKey', { Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
  await call('EnableKey', { KeyId: keyId })
  line()
  line('4. Schedule the key for deletion: import parameters are refused while it is pending deletion.')
  await call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 })
  await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' })
  await call('CancelKeyDeletion', { KeyId: keyId })
  const described = await call('DescribeKey', { KeyId: keyId })
  line(`     after cancelling, KeyState ${String((described.KeyMetadata as Record<string, unknown>).KeyState)} (no material yet)`)
  line()
  line('Done. Run `npm test` for the executable specification.')
  kms.close()
}
