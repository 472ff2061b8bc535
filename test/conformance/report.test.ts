/**
 * The report formats, snapshot-tested on a deterministic run (shared manual clock, seeded
 * providers) against a mutant whose state table lets Encrypt use a Disabled key.
 */
import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { createEmulator, resolveProfile, type Profile } from 'kms-key-import'
import { LIFECYCLE_OPERATIONS, awsCliScript, inProcessTarget, renderJUnit, renderJson, renderMarkdown, replaySteps, runConformance, type ConformanceReport } from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { mutants } from './mutants.js'
import { cliScriptOf } from './script.js'

const mutant = mutants.find((m) => m.name.startsWith('a state-table cell flipped'))
if (mutant === undefined) throw new Error('the state-table mutant is missing')
const report: ConformanceReport = await runConformance({ profile: mutant.profile, target: mutant.target, runs: 30, steps: 20, seed: 1, operations: LIFECYCLE_OPERATIONS })

describe('the conformance report formats', () => {
  it('finds the flipped cell and shrinks it to DisableKey then Encrypt of the same key', () => {
    const first = report.divergences.find((d) => d.operation === 'Encrypt')
    expect(first?.script.filter((l) => !l.prologue).map((l) => l.step.op)).toEqual(['DisableKey', 'Encrypt'])
    expect(first?.differences).toContainEqual({ path: 'error.type', expected: 'DisabledException', actual: undefined })
  })

  it('renders Markdown with scorecards, differences, steps, JSON requests and AWS CLI commands', async () => {
    await expect(renderMarkdown(report, { endpoint: 'http://localhost:4566' })).toMatchFileSnapshot('__snapshots__/report.md')
  })

  it('renders JSON that is the report itself', async () => {
    const json = renderJson(report)
    expect(JSON.parse(json)).toEqual(report)
    await expect(json).toMatchFileSnapshot('__snapshots__/report.json')
  })

  it('renders JUnit XML that parses, one failing case per diverging operation and area', async () => {
    const xml = renderJUnit(report)
    await expect(xml).toMatchFileSnapshot('__snapshots__/report.junit.xml')
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as { testsuites: { '@_failures': string; testsuite: { '@_name': string; testcase: { '@_name': string; failure?: unknown }[] }[] } }
    const [operations, areas] = parsed.testsuites.testsuite
    expect(operations?.['@_name']).toBe('operations')
    expect(areas?.['@_name']).toBe('areas')
    expect(operations?.testcase.filter((c) => c.failure !== undefined).map((c) => c['@_name'])).toContain('Encrypt')
    expect(Number(parsed.testsuites['@_failures'])).toBeGreaterThanOrEqual(2)
  })

  it('replays a divergence script from the JSON report to the same divergence', async () => {
    const first = (JSON.parse(renderJson(report)) as ConformanceReport).divergences[0]
    if (first === undefined) throw new Error('no divergence')
    const records = await replaySteps({ profile: mutant.profile, target: mutant.target }, first.script.map((l) => l.step))
    expect(records.at(-1)?.differences).toEqual(first.differences)
  })

  it('writes the AWS CLI recipe of every wrapping algorithm', () => {
    const lines = (algorithm: string): string => awsCliScript([
      { step: { op: 'CreateKey', origin: 'EXTERNAL' }, line: '', request: { Origin: 'EXTERNAL' }, prologue: true, expected: 'ok', actual: 'ok' },
      { step: { op: 'GetParametersForImport', key: 0, algorithm: algorithm as 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' }, line: '', request: { KeyId: 'key#0' }, prologue: false, expected: 'ok', actual: 'ok' },
      {
        step: { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'B', validFor: 3_600_000, importType: undefined }, line: '', prologue: false, expected: 'ok', actual: 'ok',
        request: { KeyId: 'key#0', ImportToken: '<import token #0 of key#0>', EncryptedKeyMaterial: `<material B wrapped with ${algorithm} under the public key of key#0>` },
      },
    ], { region: 'us-east-1', profile: 'classic', timing: 'real' })
    expect(lines('RSAES_OAEP_SHA_256')).toContain('-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256')
    expect(lines('RSAES_OAEP_SHA_1')).toContain('rsa_oaep_md:sha1')
    expect(lines('RSAES_PKCS1_V1_5')).toContain('rsa_padding_mode:pkcs1')
    expect(lines('RSA_AES_KEY_WRAP_SHA_256')).toContain('openssl enc -id-aes256-wrap-pad -iv A65959A6')
    expect(lines('RSAES_OAEP_SHA_256')).toContain("head -c 32 /dev/zero | tr '\\0' '\\102' > material-B.bin")
    expect(lines('RSAES_OAEP_SHA_256')).toContain(`--expiration-model KEY_MATERIAL_EXPIRES --valid-to "$(date -u -d '+3600 seconds' +%Y-%m-%dT%H:%M:%SZ)"`)
    expect(lines('RSAES_OAEP_SHA_256')).not.toContain('--endpoint-url')
  })

  it('says which values the AWS CLI refuses itself (under a minimum of the AWS model), and only those', () => {
    const script = awsCliScript([
      { step: { op: 'CreateKey', origin: 'AWS_KMS' }, line: 'CreateKey(AWS_KMS)', request: {}, prologue: true, expected: 'ok', actual: 'ok' },
      { step: { op: 'EnableKeyRotation', key: 0, periodInDays: 89 }, line: 'EnableKeyRotation(key #0, 89 days)', request: { KeyId: 'key#0', RotationPeriodInDays: 89 }, prologue: false, expected: 'ValidationException', actual: 'ok' },
      { step: { op: 'EnableKeyRotation', key: 0, periodInDays: 2561 }, line: 'EnableKeyRotation(key #0, 2561 days)', request: { KeyId: 'key#0', RotationPeriodInDays: 2561 }, prologue: false, expected: 'ValidationException', actual: 'ok' },
      { step: { op: 'EnableKeyRotation', key: 0, periodInDays: 90 }, line: 'EnableKeyRotation(key #0, 90 days)', request: { KeyId: 'key#0', RotationPeriodInDays: 90 }, prologue: false, expected: 'ok', actual: 'ok' },
      { step: { op: 'GenerateRandom', bytes: 0 }, line: 'GenerateRandom(0 bytes)', request: { NumberOfBytes: 0 }, prologue: false, expected: 'ValidationException', actual: 'ok' },
      { step: { op: 'GenerateRandom', bytes: 1 }, line: 'GenerateRandom(1 bytes)', request: { NumberOfBytes: 1 }, prologue: false, expected: 'ok', actual: 'ok' },
    ], { region: 'us-east-1', profile: '2025-06-05', timing: 'real' })
    const notes = script.split('\n').filter((l) => l.startsWith('# The AWS CLI refuses'))
    // the maximums are the service's to check: 2561 goes out as it is
    expect(notes).toEqual([
      '# The AWS CLI refuses RotationPeriodInDays 89 itself, under the AWS model\'s minimum, before sending it; to send it, set parameter_validation = false in your AWS config profile.',
      '# The AWS CLI refuses NumberOfBytes 0 itself, under the AWS model\'s minimum, before sending it; to send it, set parameter_validation = false in your AWS config profile.',
    ])
    expect(script.indexOf(notes[0] ?? '')).toBeLessThan(script.indexOf('--rotation-period-in-days 89'))
    expect(script.indexOf(notes[1] ?? '')).toBeLessThan(script.indexOf('--number-of-bytes 0'))
  })

  it('writes AWS CLI lines that create, import into, sign, verify and MAC with RSA, ECC and HMAC keys', async () => {
    const profile = resolveProfile('2023-10-10') as Profile
    const records = await replaySteps({ profile, target: (t) => inProcessTarget(createEmulator({ profile, clock: t.clock, crypto: createDeterministicProvider({ seed: 2 }) })) }, [
      { op: 'CreateKey', origin: 'EXTERNAL', spec: 'ECC_NIST_P256' }, { op: 'CreateKey', origin: 'EXTERNAL', spec: 'HMAC_256' },
      { op: 'GetParametersForImport', key: 0, algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' },
      { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'A', validFor: undefined, importType: undefined },
      { op: 'GetParametersForImport', key: 1, algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' },
      { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'B', validFor: undefined, importType: undefined },
      { op: 'Sign', key: 0, message: 0, algorithm: undefined },
      { op: 'Verify', signature: 0, key: undefined, message: 1 },
      { op: 'GenerateMac', key: 1, message: 0, algorithm: undefined },
      { op: 'VerifyMac', mac: 0, key: undefined, message: undefined },
    ])
    const text = cliScriptOf(records, { region: 'us-east-1', profile: '2023-10-10', timing: 'manual' })
    expect(text).toContain('KEY0=$($KMS create-key --origin EXTERNAL --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text)')
    expect(text).toContain('KEY1=$($KMS create-key --origin EXTERNAL --key-spec HMAC_256 --key-usage GENERATE_VERIFY_MAC')
    expect(text).toMatch(/echo MIGHAgEA\S+ \| base64 -d > material-ECC_NIST_P256-A\.bin/)
    expect(text).toContain('-in material-HMAC_256-B.bin')
    expect(text).toContain("SIGNATURE0=$($KMS sign --key-id \"$KEY0\" --message fileb://<(printf %s 'message 0') --message-type RAW --signing-algorithm ECDSA_SHA_256 --query Signature --output text)")
    expect(text).toContain("$KMS verify --key-id \"$KEY0\" --message fileb://<(printf %s 'message 1') --message-type RAW --signature fileb://<(echo \"$SIGNATURE0\" | base64 -d) --signing-algorithm ECDSA_SHA_256")
    expect(text).toContain("MAC0=$($KMS generate-mac --key-id \"$KEY1\" --message fileb://<(printf %s 'message 0') --mac-algorithm HMAC_SHA_256 --query Mac --output text)")
    expect(text).toMatch(/\$KMS verify-mac --key-id "\$KEY1" --message fileb:\/\/<\(printf %s 'message 0'\) --mac fileb:\/\/<\(echo \S+ \| base64 -d\) --mac-algorithm HMAC_SHA_256/)
  })
})
