/**
 * Run by bench/memory.ts in a fresh process (`node --expose-gc`, compiled), so that nothing
 * else the benchmarks did is in its memory: the resident set of an emulator before and after it
 * holds its keys, and the peak (`maxRSS`) of the whole process. Prints one JSON line.
 *
 * `node memory-child.js` builds 100,000 AWS_KMS keys; `node memory-child.js imported` builds
 * 5,000 EXTERNAL keys whose material arrived as users import it (GetParametersForImport, the
 * client's wrap, ImportKeyMaterial with an expiry; the seeded provider's committed RSA pairs, so no
 * key generation), each import costing an RSA decryption.
 */
import { createEmulator, createNodeProvider, storeSize } from '../src/index.js'
import { createDeterministicProvider } from '../src/testing.js'
import { wrapKeyMaterial } from '../src/testing/wrap.js'

const IMPORTED = process.argv[2] === 'imported'
const KEYS = IMPORTED ? 5_000 : 100_000
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const mb = (bytes: number): number => bytes / (1024 * 1024)

const kms = createEmulator({ profile: '2023-10-10', crypto: IMPORTED ? createDeterministicProvider({ seed: 9 }) : createNodeProvider({ pool: false }) })
const validTo = Date.now() / 1000 + 300 * 86_400
const importedKey = async (i: number): Promise<void> => {
  const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL', Description: `key ${i}` })
  if (created._tag === 'Left') throw new Error(created.left.message)
  const KeyId = created.right.KeyMetadata.KeyId
  const params = await kms.invoke('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  if (params._tag === 'Left') throw new Error(params.left.message)
  const material = new Uint8Array(32)
  new DataView(material.buffer).setUint32(0, i)
  const r = await kms.invoke('ImportKeyMaterial', {
    KeyId, ImportToken: params.right.ImportToken, EncryptedKeyMaterial: wrapKeyMaterial(params.right.PublicKey, 'RSAES_OAEP_SHA_256', material),
    ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(validTo * 1000),
  })
  if (r._tag === 'Left') throw new Error(r.left.message)
}
await kms.invoke('DescribeKey', { KeyId: '00000000-0000-4000-8000-000000000000' })
gc()
const before = process.memoryUsage()
const t = performance.now()
for (let i = 0; i < KEYS; i++) {
  if (IMPORTED) {
    await importedKey(i)
    continue
  }
  // Symmetric AWS_KMS keys: each holds one 32-byte material, a key-material id and its metadata.
  const r = await kms.invoke('CreateKey', { Description: `key ${i}` })
  if (r._tag === 'Left') throw new Error(r.left.message)
}
const buildMs = performance.now() - t
gc()
const after = process.memoryUsage()
console.log(JSON.stringify({
  keys: storeSize(kms.store()),
  buildMs: Math.round(buildMs),
  rssBeforeMB: mb(before.rss),
  rssAfterMB: mb(after.rss),
  heapUsedBeforeMB: mb(before.heapUsed),
  heapUsedAfterMB: mb(after.heapUsed),
  peakRssMB: process.resourceUsage().maxRSS / 1024,
}))
kms.close()
