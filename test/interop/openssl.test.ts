/**
 * Interop with a real client nobody here wrote: the OpenSSL command line, run exactly as the AWS
 * developer guide (importing-keys-encrypt-key-material.html, docs/evidence.md §5) instructs, against
 * parameters from the emulator's `handle`. OpenSSL must be installed (.ci/run installs it): if it
 * is missing these tests fail, they do not skip.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { WrappingAlgorithm } from 'kms-key-import'
import { createExternalKey, decrypt, describeKey, encrypt, expectError, expectOk, getParameters, importBody, newKms, succeed, type ImportParameters } from '../support/kms.js'
import { MATERIAL_MISMATCH, UNWRAP_FAILED } from '../support/messages.js'

/** Runs the OpenSSL CLI in `cwd`; throws (failing the test) when it is missing or fails. */
const openssl = (cwd: string, args: readonly string[]): string => execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** The `-pkeyopt` options of the guide's recipe for each wrapping algorithm. */
const RECIPES: Readonly<Record<'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'RSAES_PKCS1_V1_5', readonly string[]>> = {
  RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1', '-pkeyopt', 'rsa_mgf1_md:sha1'],
  RSAES_PKCS1_V1_5: ['-pkeyopt', 'rsa_padding_mode:pkcs1'],
}

const dirs: string[] = []
const workdir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-key-import-openssl-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/**
 * The guide's steps 2–3 in `dir`: save the base64 PublicKey, decode it to DER with OpenSSL, make
 * `material.bin` with `openssl rand` (unless it exists) and encrypt it with `pkeyutl`.
 * @returns the EncryptedKeyMaterial bytes
 */
const wrapWithOpenssl = (dir: string, params: ImportParameters, recipe: readonly string[], makeMaterial = true): Uint8Array => {
  writeFileSync(join(dir, 'PublicKey.b64'), Buffer.from(params.publicKey).toString('base64'))
  openssl(dir, ['enc', '-d', '-base64', '-A', '-in', 'PublicKey.b64', '-out', 'WrappingPublicKey.bin'])
  if (makeMaterial) openssl(dir, ['rand', '-out', 'material.bin', '32'])
  openssl(dir, ['pkeyutl', '-encrypt', '-in', 'material.bin', '-out', 'enc.bin', '-inkey', 'WrappingPublicKey.bin', '-keyform', 'DER', '-pubin', ...recipe])
  return new Uint8Array(readFileSync(join(dir, 'enc.bin')))
}

describe('OpenSSL CLI, as the AWS guide instructs', () => {
  beforeAll(() => {
    // Fails loudly (ENOENT) when OpenSSL is not installed.
    expect(openssl(process.cwd(), ['version'])).toMatch(/^OpenSSL 3\./)
  })

  it.each(Object.keys(RECIPES) as Array<keyof typeof RECIPES>)('wraps with %s: ImportKeyMaterial accepts it and Encrypt/Decrypt round-trip', async (algorithm) => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId, algorithm)
    const dir = workdir()
    const encrypted = wrapWithOpenssl(dir, params, RECIPES[algorithm])
    expect(readFileSync(join(dir, 'WrappingPublicKey.bin'))).toEqual(Buffer.from(params.publicKey))
    expect(encrypted.length).toBe(256)
    expect(expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)))).toEqual({ KeyId: key.arn })
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('Enabled')
    const ct = await encrypt(kms, key.keyId, `wrapped by openssl ${algorithm}`, { via: 'openssl' })
    expect(await decrypt(kms, ct, { via: 'openssl' })).toBe(`wrapped by openssl ${algorithm}`)
  })

  it('reimports the same material.bin after DeleteImportedKeyMaterial with another recipe; other material is refused', async () => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const dir = workdir()
    const first = await getParameters(kms, key.keyId, 'RSAES_OAEP_SHA_256')
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, first.importToken, wrapWithOpenssl(dir, first, RECIPES.RSAES_OAEP_SHA_256))))
    const ct = await encrypt(kms, key.keyId, 'before delete')
    await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
    const second = await getParameters(kms, key.keyId, 'RSAES_OAEP_SHA_1')
    expectOk(await kms.call('ImportKeyMaterial', importBody(key.keyId, second.importToken, wrapWithOpenssl(dir, second, RECIPES.RSAES_OAEP_SHA_1, false))))
    expect(await decrypt(kms, ct)).toBe('before delete')
    const other = wrapWithOpenssl(dir, second, RECIPES.RSAES_OAEP_SHA_1, true)
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, second.importToken, other)), 'IncorrectKeyMaterialException', MATERIAL_MISMATCH)
  })

  it.each([
    ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
    ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    ['RSAES_OAEP_SHA_256', 'RSAES_PKCS1_V1_5'],
  ] as const)('refuses a %s token with material wrapped by the %s recipe: InvalidCiphertextException', async (tokenAlgorithm, recipe) => {
    const kms = newKms()
    const key = await createExternalKey(kms)
    const params = await getParameters(kms, key.keyId, tokenAlgorithm satisfies WrappingAlgorithm)
    const encrypted = wrapWithOpenssl(workdir(), params, RECIPES[recipe])
    expectError(await kms.call('ImportKeyMaterial', importBody(key.keyId, params.importToken, encrypted)), 'InvalidCiphertextException', UNWRAP_FAILED)
    expect((await describeKey(kms, key.keyId)).KeyState).toBe('PendingImport')
  })
})
