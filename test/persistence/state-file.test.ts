/**
 * `serve({ stateFile })` / `kms-key-import serve --state FILE`: the endpoint's store survives a
 * restart, and a crash in the middle of writing never loses the previous state.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { restoreEmulator } from 'kms-key-import'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, wrapKeyMaterial } from 'kms-key-import/testing'

const root = fileURLToPath(new URL('../..', import.meta.url))
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-state-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const post = async (server: RunningServer, op: string, req: object) => {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` }, body: JSON.stringify(req) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const start = (stateFile: string) => serve({ port: 0, quiet: true, stateFile, crypto: createDeterministicProvider({ seed: 4 }) })

describe('the endpoint with a state file', () => {
  it('keeps its keys, their material and their tokens across a restart', async () => {
    const file = join(dir, 'kms.json')
    const first = await start(file)
    const KeyId = String(((await post(first, 'CreateKey', { Origin: 'EXTERNAL' })).body.KeyMetadata as { KeyId: string }).KeyId)
    const p = (await post(first, 'GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })).body
    const wrapped = Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(8))).toString('base64')
    expect((await post(first, 'ImportKeyMaterial', { KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })).status).toBe(200)
    const ct = (await post(first, 'Encrypt', { KeyId, Plaintext: Buffer.from('still here').toString('base64') })).body.CiphertextBlob
    const before = (await post(first, 'DescribeKey', { KeyId })).body
    await first.close()

    const second = await start(file)
    expect((await post(second, 'DescribeKey', { KeyId })).body).toEqual(before)
    const pt = (await post(second, 'Decrypt', { CiphertextBlob: ct })).body
    expect(Buffer.from(String(pt.Plaintext), 'base64').toString()).toBe('still here')
    // the token from before the restart still imports (same sealing key, from the key file)
    expect((await post(second, 'ImportKeyMaterial', { KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })).status).toBe(200)
    await second.close()
  })

  it('writes the state and its sealing key readable by the owner only, secrets sealed', async () => {
    const file = join(dir, 'kms.json')
    const server = await start(file)
    await post(server, 'CreateKey', {})
    await server.close()
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600)
    const key = new Uint8Array(Buffer.from(readFileSync(`${file}.key`, 'utf8'), 'hex'))
    expect(E.isRight(restoreEmulator({ state: JSON.parse(readFileSync(file, 'utf8')), sealingKey: key }))).toBe(true)
  })

  it('refuses to start on a state file that is not JSON, and leaves it as it was', async () => {
    const file = join(dir, 'kms.json')
    writeFileSync(`${file}.key`, 'ab'.repeat(32))
    writeFileSync(file, '{"format": "kms-key-im')
    await expect(start(file)).rejects.toThrow(`${file} is not valid JSON: the state cannot be loaded`)
    expect(readFileSync(file, 'utf8')).toBe('{"format": "kms-key-im')
  })

  it('refuses a state file without its sealing key', async () => {
    const file = join(dir, 'kms.json')
    writeFileSync(file, '{}')
    await expect(start(file)).rejects.toThrow(`${file} exists but its sealing key file ${file}.key does not: the state cannot be opened`)
  })

  it('never loses the previous state when the process is killed in the middle of saving', async () => {
    const file = join(dir, 'kms.json')
    // A child server that changes its store as fast as it can, killed with SIGKILL mid-flight.
    const script = `
      import { serve } from '${root}src/http.ts'
      const s = await serve({ port: 0, quiet: true, stateFile: ${JSON.stringify(file)} })
      process.stdout.write('ready\\n')
      const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' }
      for (let i = 0; ; i++) await fetch(s.url, { method: 'POST', headers, body: JSON.stringify({ Description: 'k' + i + 'x'.repeat(2000) }) })
    `
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    await new Promise((r) => setTimeout(r, 1500))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const key = new Uint8Array(Buffer.from(readFileSync(`${file}.key`, 'utf8'), 'hex'))
    const restored = restoreEmulator({ state: JSON.parse(readFileSync(file, 'utf8')), sealingKey: key })
    expect(E.isRight(restored)).toBe(true)
    if (E.isRight(restored)) expect(restored.right.snapshot().keys.length).toBeGreaterThan(0)
  }, 30_000)
})
