/**
 * The report of a conformance run in its formats: Markdown for people, JSON for programs, JUnit
 * XML for CI, and each divergence's script as AWS CLI commands.
 *
 * @module
 */
import { resolveProfile } from '../profiles/index.js'
import { kmsModel } from '../protocol/generated/kms-model.js'
import type { CleanupReport, ConformanceReport, DivergenceReport, ScoreRow, ScriptLine } from './run.js'
import { materialBytes, materialFor, MATERIAL_NAMES, type MaterialName, type RunKeySpec } from './steps.js'

/** Options of {@link awsCliScript}. @since 0.2.0 */
export interface CliScriptOptions {
  /** The endpoint (`--endpoint-url`); omit for real AWS. */
  readonly endpoint?: string
  /** The region. */
  readonly region: string
  /** The profile's name (decides the material's length and whether imports return KeyMaterialId). */
  readonly profile: string
  /** Whether waits are real (`sleep`) or only possible on a shared manual clock. */
  readonly timing: 'manual' | 'real'
}

const asRecord = (v: unknown): Readonly<Record<string, unknown>> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

/**
 * Text an endpoint sent back, on one line and printable: control characters, U+FFFE, U+FFFF and lone
 * surrogates (none of which XML 1.0 allows, and a newline of which would end a shell comment or a
 * Markdown table row) written as `\uXXXX`.
 */
const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f\ufffe\uffff]|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

const q = (s: string): string => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)

const oaepOptions = (algorithm: string): string => {
  const md = algorithm.includes('SHA_1') ? 'sha1' : 'sha256'
  return `-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:${md} -pkeyopt rsa_mgf1_md:${md}`
}

/** The shell lines that wrap `material` with the public key of token `n` into wrapped.bin. */
const wrapLines = (algorithm: string, n: number, material: string): string[] => {
  const rsa = (input: string, output: string, options: string): string => `openssl pkeyutl -encrypt -pubin -keyform DER -inkey public-${n}.der -in ${input} -out ${output} ${options}`
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_1': case 'RSAES_OAEP_SHA_256': return [rsa(`material-${material}.bin`, 'wrapped.bin', oaepOptions(algorithm))]
    case 'RSAES_PKCS1_V1_5': return [rsa(`material-${material}.bin`, 'wrapped.bin', '-pkeyopt rsa_padding_mode:pkcs1')]
    case 'RSA_AES_KEY_WRAP_SHA_1': case 'RSA_AES_KEY_WRAP_SHA_256': return [
      'openssl rand -out aes.bin 32',
      rsa('aes.bin', 'wrapped-aes.bin', oaepOptions(algorithm)),
      `openssl enc -id-aes256-wrap-pad -iv A65959A6 -K "$(xxd -p -c 64 aes.bin)" -in material-${material}.bin -out wrapped-material.bin`,
      'cat wrapped-aes.bin wrapped-material.bin > wrapped.bin',
    ]
    default: return [`# ${algorithm}: encrypt material-${material}.bin with public-${n}.der into wrapped.bin using an SM2 tool (e.g. gmssl sm2encrypt)`]
  }
}

/**
 * The members of a request the AWS CLI refuses before sending it: botocore checks the AWS model's
 * minimums (an integer under its `min`, a string or a list shorter than its `min`) — not the
 * maximums, which the service checks — so such a value never reaches the endpoint
 * (`Parameter validation failed: … valid min value: 90`) unless the profile says
 * `parameter_validation = false`.
 * @param operation - the operation
 * @param request - its members
 * @returns `Member value` of each member refused
 */
const refusedByCli = (operation: string, request: Readonly<Record<string, unknown>> | undefined): string[] => {
  const input = kmsModel.operations[operation]?.input
  const shape = input === undefined ? undefined : kmsModel.shapes[input]
  if (request === undefined || shape?.type !== 'structure') return []
  return Object.entries(shape.members).flatMap(([member, name]) => {
    const m = kmsModel.shapes[name]
    const v = request[member]
    if (m === undefined || !('min' in m) || m.min === undefined) return []
    const size = (m.type === 'integer' || m.type === 'long') && typeof v === 'number' ? v
      : (m.type === 'string' && typeof v === 'string') || (m.type === 'list' && Array.isArray(v)) ? v.length
        : undefined
    return size !== undefined && size < m.min ? [`${member} ${JSON.stringify(v)}`] : []
  })
}

/**
 * A divergence's script as AWS CLI commands (bash, AWS CLI v2, OpenSSL 3): create the keys, fetch
 * parameters, wrap the same material with each public key, import, and so on; each command is
 * preceded by what the reference and the target answered. A value the AWS CLI would refuse itself
 * (under a minimum of the AWS model: `--rotation-period-in-days 89`, `--number-of-bytes 0`) gets a
 * comment saying so, and how to send it anyway (`parameter_validation = false` in the profile).
 * Each value reaches the CLI as the target got it: quoted for bash, a message or plaintext through
 * `printf %s`, tags in the CLI's JSON form.
 * @param script - the script's lines
 * @param options - endpoint, region, profile, timing
 * @returns the shell script
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { awsCliScript } from 'kms-key-import/conformance'
 * const text = awsCliScript(
 *   [{ step: { op: 'CreateKey', origin: 'EXTERNAL' }, line: 'CreateKey(EXTERNAL)', request: { Origin: 'EXTERNAL' }, prologue: true, expected: 'ok', actual: 'ok' }],
 *   { endpoint: 'http://localhost:4566', region: 'us-east-1', profile: 'classic', timing: 'real' })
 * assert.match(text, /KEY0=\$\(\$KMS create-key --origin EXTERNAL --query KeyMetadata.KeyId --output text\)/)
 * ```
 * @since 0.2.0
 */
export const awsCliScript = (script: readonly ScriptLine[], options: CliScriptOptions): string => {
  const profile = resolveProfile(options.profile)
  const length = profile === undefined ? 32 : materialBytes(profile, options.region, 'A').length
  const multi = profile?.features.multipleKeyMaterials ?? false
  const used = new Set(script.flatMap((l) => (l.step.op === 'ImportKeyMaterial' ? [l.step.material] : [])))
  const out: string[] = [
    '#!/usr/bin/env bash',
    '# Replays a conformance counterexample (AWS CLI v2, OpenSSL 3, GNU date).',
    `KMS="aws kms --region ${options.region}${options.endpoint === undefined ? '' : ` --endpoint-url ${options.endpoint}`}"`,
  ]
  for (const name of MATERIAL_NAMES.filter((n) => used.has(n))) out.push(`head -c ${length} /dev/zero | tr '\\0' '\\${(0x41 + MATERIAL_NAMES.indexOf(name)).toString(8)}' > material-${name}.bin`)
  let keys = 0
  let tokens = 0
  let ciphertexts = 0
  let signatures = 0
  let macs = 0
  let accountRead = false
  const specs: RunKeySpec[] = [] // the spec of each key the script created
  const written = new Set<string>()
  /** The material file of a key spec (symmetric material is written at the top); written once. */
  const materialFile = (spec: RunKeySpec, name: MaterialName): string => {
    if (spec === 'SYMMETRIC_DEFAULT') return name
    const file = `${spec}-${name}`
    if (!written.has(file) && profile !== undefined) {
      written.add(file)
      out.push(`echo ${Buffer.from(materialFor(profile, options.region, spec, name)).toString('base64')} | base64 -d > material-${file}.bin`)
    }
    return file
  }
  const message = (request: Readonly<Record<string, unknown>> | undefined): string => `fileb://<(printf %s ${q(Buffer.from(String(request?.Message ?? ''), 'base64').toString())})`
  /** A key named by its index (`"$KEY0"`), or by one of the run's alias names (`"${ALIAS}a"`). */
  const keyOrAlias = (id: unknown): string => {
    const text = String(id ?? '')
    return text.startsWith('alias/conform-') ? `"\${ALIAS}${text.slice('alias/conform-'.length)}"` : `"$KEY${text.replace(/^key#/, '')}"`
  }
  const key = (request: Readonly<Record<string, unknown>> | undefined): string => keyOrAlias(request?.KeyId)
  // the run's alias names, made this script's own (as each session makes them its own)
  if (script.some((l) => l.step.op.endsWith('Alias') || 'viaAlias' in l.step || 'everyKey' in l.step)) out.push(`ALIAS="alias/conform-$(date +%s)-"`)
  // a request sent in another Region (a replica's, a Decrypt in the other Region): its own client
  const regions = new Map<string, string>()
  for (const l of script) {
    const r = l.request
    const ok = l.actual === 'ok'
    out.push('', `# ${l.line}${l.region === undefined ? '' : ` in ${l.region}`} — reference: ${printable(l.expected)}, target: ${printable(l.actual)}`)
    const refused = refusedByCli(l.step.op, r)
    if (refused.length > 0) out.push(`# The AWS CLI refuses ${refused.join(', ')} itself, under the AWS model's minimum, before sending it; to send it, set parameter_validation = false in your AWS config profile.`)
    const step = l.step
    const first = out.length
    switch (step.op) {
      case 'CreateKey': {
        const spec = `${step.spec === undefined ? '' : ` --key-spec ${step.spec} --key-usage ${String(r?.KeyUsage ?? '')}`}${step.multiRegion === true ? ' --multi-region' : ''}`
        if (ok) specs[keys] = step.spec ?? 'SYMMETRIC_DEFAULT'
        out.push(`${ok ? `KEY${keys++}=$(` : ''}$KMS create-key --origin ${step.origin}${spec}${ok ? ' --query KeyMetadata.KeyId --output text)' : ''}`)
        break
      }
      case 'ReplicateKey': {
        // a replica has the id of its primary: the script names it as a key of its own
        const keyIndex = Number(String(r?.KeyId ?? '').replace(/^key#/, ''))
        if (ok) specs[keys] = specs[keyIndex] ?? 'SYMMETRIC_DEFAULT'
        out.push(`$KMS replicate-key --key-id ${key(r)} --replica-region ${String(r?.ReplicaRegion ?? '')}`)
        if (ok) out.push(`KEY${keys++}=${key(r)}`)
        break
      }
      case 'UpdatePrimaryRegion':
        out.push(`$KMS update-primary-region --key-id ${key(r)} --primary-region ${String(r?.PrimaryRegion ?? '')}`)
        break
      case 'Sign': {
        const command = `$KMS sign --key-id ${key(r)} --message ${message(r)} --message-type RAW --signing-algorithm ${String(r?.SigningAlgorithm ?? '')}`
        out.push(ok ? `SIGNATURE${signatures++}=$(${command} --query Signature --output text)` : command)
        break
      }
      case 'Verify': {
        const n = /^<signature #(\d+)/.exec(String(r?.Signature ?? ''))?.[1] ?? '0'
        out.push(`$KMS verify --key-id ${key(r)} --message ${message(r)} --message-type RAW --signature fileb://<(echo "$SIGNATURE${n}" | base64 -d) --signing-algorithm ${String(r?.SigningAlgorithm ?? '')}`)
        break
      }
      case 'GenerateMac': {
        const command = `$KMS generate-mac --key-id ${key(r)} --message ${message(r)} --mac-algorithm ${String(r?.MacAlgorithm ?? '')}`
        out.push(ok ? `MAC${macs++}=$(${command} --query Mac --output text)` : command)
        break
      }
      case 'VerifyMac':
        // the MAC is the same on every side: it is replayed as the reference made it
        out.push(`$KMS verify-mac --key-id ${key(r)} --message ${message(r)} --mac fileb://<(echo ${String(r?.Mac ?? '')} | base64 -d) --mac-algorithm ${String(r?.MacAlgorithm ?? '')}`)
        break
      case 'GetParametersForImport':
        if (ok) {
          const n = tokens++
          out.push(
            `read -r TOKEN PUBLIC < <($KMS get-parameters-for-import --key-id ${key(r)} --wrapping-algorithm ${step.algorithm} --wrapping-key-spec ${step.spec} --query '[ImportToken,PublicKey]' --output text)`,
            `echo "$TOKEN" | base64 -d > token-${n}.bin; echo "$PUBLIC" | base64 -d > public-${n}.der`,
          )
        } else {
          out.push(`$KMS get-parameters-for-import --key-id ${key(r)} --wrapping-algorithm ${step.algorithm} --wrapping-key-spec ${step.spec}`)
        }
        break
      case 'ImportKeyMaterial': {
        const m = /^<import token #(\d+) of key#\d+>$/.exec(String(r?.ImportToken ?? ''))
        const n = m === null ? 0 : Number(m[1])
        const algorithm = /wrapped with (\S+) /.exec(String(r?.EncryptedKeyMaterial ?? ''))?.[1] ?? 'RSAES_OAEP_SHA_256'
        out.push(...wrapLines(algorithm, n, materialFile(specs[Number(String(r?.KeyId ?? '').replace(/^key#/, ''))] ?? 'SYMMETRIC_DEFAULT', step.material)))
        const expiry = step.validFor === undefined
          ? '--expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE'
          : `--expiration-model KEY_MATERIAL_EXPIRES --valid-to "$(date -u -d '${step.validFor >= 0 ? '+' : '-'}${Math.abs(step.validFor) / 1000} seconds' +%Y-%m-%dT%H:%M:%SZ)"`
        const importType = step.importType === undefined ? '' : ` --import-type ${step.importType}`
        const keyIndex = String(r?.KeyId ?? '').replace(/^key#/, '')
        const command = `$KMS import-key-material --key-id ${key(r)} --import-token fileb://token-${n}.bin --encrypted-key-material fileb://wrapped.bin ${expiry}${importType}`
        out.push(multi && ok ? `MATERIAL_${keyIndex}_${step.material}=$(${command} --query KeyMaterialId --output text)` : command)
        break
      }
      case 'DeleteImportedKeyMaterial': {
        const keyIndex = String(r?.KeyId ?? '').replace(/^key#/, '')
        const material = step.material === undefined ? '' : ` --key-material-id "\${MATERIAL_${keyIndex}_${step.material}:-${'f'.repeat(64)}}"`
        out.push(`$KMS delete-imported-key-material --key-id ${key(r)}${material}`)
        break
      }
      case 'ScheduleKeyDeletion':
        out.push(`$KMS schedule-key-deletion --key-id ${key(r)} --pending-window-in-days ${step.days}`)
        break
      case 'Encrypt': {
        const plaintext = Buffer.from(String(r?.Plaintext ?? ''), 'base64').toString()
        out.push(ok
          ? `CIPHERTEXT${ciphertexts++}=$($KMS encrypt --key-id ${key(r)} --plaintext fileb://<(printf %s ${q(plaintext)}) --query CiphertextBlob --output text)`
          : `$KMS encrypt --key-id ${key(r)} --plaintext fileb://<(printf %s ${q(plaintext)})`)
        break
      }
      case 'Decrypt': {
        const c = /#(\d+)>$/.exec(String(r?.CiphertextBlob ?? ''))?.[1] ?? '0'
        out.push(`$KMS decrypt --ciphertext-blob fileb://<(echo "$CIPHERTEXT${c}" | base64 -d)`)
        break
      }
      case 'CreateAlias': case 'UpdateAlias':
        out.push(`$KMS ${step.op === 'CreateAlias' ? 'create' : 'update'}-alias --alias-name ${keyOrAlias(r?.AliasName)} --target-key-id ${keyOrAlias(r?.TargetKeyId)}`)
        break
      case 'DeleteAlias':
        out.push(`$KMS delete-alias --alias-name ${keyOrAlias(r?.AliasName)}`)
        break
      case 'TagResource': {
        const tag = asRecord((r?.Tags as unknown[] | undefined)?.[0])
        out.push(`$KMS tag-resource --key-id ${key(r)} --tags ${q(JSON.stringify([{ TagKey: String(tag.TagKey ?? ''), TagValue: String(tag.TagValue ?? '') }]))}`)
        break
      }
      case 'UntagResource':
        out.push(`$KMS untag-resource --key-id ${key(r)} --tag-keys ${q(String((r?.TagKeys as unknown[] | undefined)?.[0] ?? ''))}`)
        break
      case 'GenerateDataKey': case 'GenerateDataKeyWithoutPlaintext': {
        const size = `${r?.KeySpec === undefined ? '' : ` --key-spec ${String(r.KeySpec)}`}${r?.NumberOfBytes === undefined ? '' : ` --number-of-bytes ${String(r.NumberOfBytes)}`}`
        const command = `$KMS ${step.op === 'GenerateDataKey' ? 'generate-data-key' : 'generate-data-key-without-plaintext'} --key-id ${key(r)}${size}`
        out.push(ok ? `CIPHERTEXT${ciphertexts++}=$(${command} --query CiphertextBlob --output text)` : command)
        break
      }
      case 'ReEncrypt': {
        const c = /#(\d+)>$/.exec(String(r?.CiphertextBlob ?? ''))?.[1] ?? '0'
        const command = `$KMS re-encrypt --ciphertext-blob fileb://<(echo "$CIPHERTEXT${c}" | base64 -d) --destination-key-id ${keyOrAlias(r?.DestinationKeyId)}`
        out.push(ok ? `CIPHERTEXT${ciphertexts++}=$(${command} --query CiphertextBlob --output text)` : command)
        break
      }
      case 'GenerateRandom':
        out.push(`$KMS generate-random --number-of-bytes ${String(r?.NumberOfBytes ?? '')}`)
        break
      case 'GetKeyPolicy':
        out.push(`$KMS get-key-policy --key-id ${key(r)}${r?.PolicyName === undefined ? '' : ` --policy-name ${String(r.PolicyName)}`}`)
        break
      case 'PutKeyPolicy': {
        const policy = String(r?.Policy ?? '')
        if (!policy.includes('<account>')) {
          // a malformed document names no account
          out.push(`$KMS put-key-policy --key-id ${key(r)} --policy-name ${String(r?.PolicyName ?? 'default')} --policy ${q(policy)}`)
          break
        }
        // the document names the account of the key: the script reads it from the key
        if (!accountRead) out.push(`ACCOUNT=$($KMS describe-key --key-id ${key(r)} --query KeyMetadata.AWSAccountId --output text)`)
        accountRead = true
        const document = `'${policy.split('<account>').join(`'"$ACCOUNT"'`)}'`
        out.push(`$KMS put-key-policy --key-id ${key(r)} --policy-name ${String(r?.PolicyName ?? 'default')} --policy ${document}`)
        break
      }
      case 'UpdateKeyDescription':
        out.push(`$KMS update-key-description --key-id ${key(r)} --description ${q(String(r?.Description ?? ''))}`)
        break
      case 'EnableKeyRotation':
        out.push(`$KMS enable-key-rotation --key-id ${key(r)}${r?.RotationPeriodInDays === undefined ? '' : ` --rotation-period-in-days ${String(r.RotationPeriodInDays)}`}`)
        break
      case 'ListAliases':
        // without a key: every alias of the account and Region, of which the script's own are shown
        out.push(r?.KeyId === undefined ? `$KMS list-aliases --query "Aliases[?starts_with(AliasName, '\${ALIAS}')]"` : `$KMS list-aliases --key-id ${key(r)}`)
        break
      case 'ListKeyRotations':
        out.push(`$KMS list-key-rotations --key-id ${key(r)} --include-key-material ALL_KEY_MATERIAL`)
        break
      case 'Wait':
        out.push(options.timing === 'real' ? `sleep ${step.ms / 1000}` : `# (${step.ms / 1000} s pass on the reference's manual clock; against a live endpoint, wait that long)`)
        break
      default: {
        const command = step.op.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()
        out.push(`$KMS ${command} --key-id ${key(r)}`)
      }
    }
    if (l.region !== undefined && l.region !== options.region) {
      const name = `KMS_${l.region.toUpperCase().replace(/-/g, '_')}`
      regions.set(name, l.region)
      for (let n = first; n < out.length; n++) out[n] = (out[n] ?? '').split('$KMS ').join(`$${name} `)
    }
  }
  // the clients of the other Regions, after the run's own
  out.splice(3, 0, ...[...regions].map(([name, region]) => `${name}="aws kms --region ${region}${options.endpoint === undefined ? '' : ` --endpoint-url ${options.endpoint}`}"`))
  return `${out.join('\n')}\n`
}

const table = (title: string, rows: readonly ScoreRow[]): string[] => [
  `| ${title} | Agree | Diverge |`,
  '|---|---:|---:|',
  ...rows.map((r) => `| ${r.name} | ${r.agree} | ${r.diverge === 0 ? '0' : `**${r.diverge}**`} |`),
]

/** A code span of `s`: its fence one backtick longer than the longest run of backticks in it. */
const code = (s: string): string => {
  const fence = '`'.repeat(Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length)) + 1)
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${s}${pad}${fence}`
}

const cell = (v: unknown): string => (v === undefined ? '(absent)' : code(printable(JSON.stringify(v) ?? String(v)))).replace(/\|/g, '\\|')

/** Options of {@link renderMarkdown}. @since 0.2.0 */
export interface MarkdownOptions {
  /** The endpoint for the AWS CLI scripts (omit for real AWS). */
  readonly endpoint?: string
}

/** What the run removed from the endpoint, and a table of what it left there. */
const cleanupSection = (cleanup: CleanupReport): string[] => [
  '## Cleanup',
  '',
  `${cleanup.keysScheduled} key(s) the run created scheduled for deletion (7 days), ${cleanup.keysAlreadyPending} already pending deletion or gone; ${cleanup.aliasesDeleted} alias(es) deleted.`,
  '',
  ...(cleanup.left.length === 0 ? [] : [
    `**Left on the endpoint: ${cleanup.left.length}.** Remove them yourself:`,
    '',
    '| Resource | Region | Why |',
    '|---|---|---|',
    ...cleanup.left.map((l) => `| ${l.resource} | ${l.region} | ${printable(l.reason).replace(/\|/g, '\\|')} |`),
    '',
  ]),
]

/**
 * Whether a divergence is the target saying it does not serve the operation at all: its diverging
 * step answered `UnknownOperationException` (AWS's answer for an operation it does not know),
 * `NotImplemented…`, or HTTP 501 naming no exception.
 * @param d - a divergence
 * @returns true where the target does not serve the diverging step's operation
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { notServed } from 'kms-key-import/conformance'
 * const step = { op: 'EnableKey', key: 0 } as const
 * const line = { step, line: 'EnableKey(key #0)', request: { KeyId: 'key#0' }, prologue: false, expected: 'ok', actual: 'UnknownOperationException' }
 * assert.equal(notServed({ signature: 'EnableKey: answer', operation: 'EnableKey', area: 'key states', step: line.line, differences: [], script: [line], seed: 1 }), true)
 * ```
 * @since 0.2.0
 */
export const notServed = (d: DivergenceReport): boolean => /^(UnknownOperationException|NotImplemented\w*|HTTP 501)$/.test(d.script.at(-1)?.actual ?? '')

const divergenceSection = (d: DivergenceReport, n: number, report: ConformanceReport, options: MarkdownOptions): string[] => {
  const prologue = d.script.filter((l) => l.prologue).length
  return [
    `### ${n}. ${d.signature}${notServed(d) ? ' (not served)' : ''}`,
    '',
    `Rule area: ${d.area}. Found in the sequence of seed ${d.seed}; shrunk to ${d.script.length - prologue} step(s) after ${prologue} starting key(s). Diverging step: \`${d.step}\`.`,
    '',
    ...(notServed(d) ? [`The target does not serve ${d.operation} (it answered ${printable(d.script.at(-1)?.actual ?? '')}): leave it out with \`--operations\` (the operations and groups it serves) to compare the rest.`, ''] : []),
    '| Where | Reference | Target |',
    '|---|---|---|',
    ...d.differences.map((x) => `| ${x.path} | ${cell(x.expected)} | ${cell(x.actual)} |`),
    '',
    'Script (reference → target):',
    '',
    ...d.script.map((l, i) => `${i + 1}. \`${l.line}\` — ${printable(l.expected)} → ${printable(l.actual)}${l.prologue ? ' (starting key)' : ''}`),
    '',
    'The requests (JSON, as the target got them; ids, tokens and blobs named):',
    '',
    '```json',
    JSON.stringify(d.script.map((l) => ({ operation: l.step.op, request: l.request })), null, 2),
    '```',
    '',
    'The same as AWS CLI commands:',
    '',
    '```bash',
    awsCliScript(d.script, { region: report.region, profile: report.profile, timing: report.timing, ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}) }).trimEnd(),
    '```',
    '',
  ]
}

/**
 * The report as Markdown: the run, the scorecards, and each divergence with its table of
 * differences and its script (steps, JSON requests, AWS CLI commands).
 * @param report - the report
 * @param options - the endpoint for the CLI scripts
 * @returns the Markdown text
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { renderMarkdown } from 'kms-key-import/conformance'
 * const text = renderMarkdown({ target: 'in-process', profile: 'classic', region: 'us-east-1', timing: 'manual', seed: 1, runs: 0, steps: 5,
 *   stepsCompared: 0, scorecard: { operations: [], areas: [] }, divergences: [] })
 * assert.match(text, /Result: no divergence/)
 * ```
 * @since 0.2.0
 */
export const renderMarkdown = (report: ConformanceReport, options: MarkdownOptions = {}): string => [
  '# KMS conformance report',
  '',
  `Target \`${report.target}\` against the reference (profile \`${report.profile}\`, region \`${report.region}\`${report.replicaRegion === undefined ? '' : `, second Region \`${report.replicaRegion}\``}, ${report.timing === 'manual' ? 'shared manual clock' : 'real time'}): ${report.runs} sequence(s) of up to ${report.steps} steps, seeds ${report.seed}–${report.seed + Math.max(report.runs - 1, 0)}, ${report.stepsCompared} steps compared.`,
  '',
  report.divergences.length === 0 ? '**Result: no divergence.**' : `**Result: ${report.divergences.length} distinct divergence(s).**`,
  '',
  '## Scorecard by operation',
  '',
  ...table('Operation', report.scorecard.operations),
  '',
  '## Scorecard by rule area',
  '',
  ...table('Rule area', report.scorecard.areas),
  '',
  ...(report.cleanup === undefined ? [] : cleanupSection(report.cleanup)),
  ...(report.divergences.length === 0 ? [] : ['## Divergences', '', ...report.divergences.flatMap((d, i) => divergenceSection(d, i + 1, report, options))]),
].join('\n').trimEnd() + '\n'

/**
 * The report as JSON (the {@link ConformanceReport} itself, steps included, so a script can be
 * replayed with `replaySteps`).
 * @param report - the report
 * @returns the JSON text
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { renderJson } from 'kms-key-import/conformance'
 * const report = { target: 't', profile: 'classic', region: 'us-east-1', timing: 'manual' as const, seed: 1, runs: 0, steps: 5,
 *   stepsCompared: 0, scorecard: { operations: [], areas: [] }, divergences: [] }
 * assert.deepEqual(JSON.parse(renderJson(report)), report)
 * ```
 * @since 0.2.0
 */
export const renderJson = (report: ConformanceReport): string => `${JSON.stringify(report, null, 2)}\n`

const xml = (s: string): string => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu, (c) => printable(c)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * The report as JUnit XML: a test suite per scorecard (operations, rule areas), a test case per
 * row, failing with the divergences found there and their scripts.
 * @param report - the report
 * @returns the XML text
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { renderJUnit } from 'kms-key-import/conformance'
 * const text = renderJUnit({ target: 't', profile: 'classic', region: 'us-east-1', timing: 'manual', seed: 1, runs: 1, steps: 5,
 *   stepsCompared: 1, scorecard: { operations: [{ name: 'CreateKey', agree: 1, diverge: 0 }], areas: [] }, divergences: [] })
 * assert.match(text, /<testcase classname="conformance.operations" name="CreateKey"\/>/)
 * ```
 * @since 0.2.0
 */
export const renderJUnit = (report: ConformanceReport): string => {
  const suite = (name: string, rows: readonly ScoreRow[], divergencesOf: (row: ScoreRow) => readonly DivergenceReport[]): string[] => [
    `  <testsuite name="${xml(name)}" tests="${rows.length}" failures="${rows.filter((r) => r.diverge > 0).length}">`,
    ...rows.map((r) => {
      if (r.diverge === 0) return `    <testcase classname="conformance.${name}" name="${xml(r.name)}"/>`
      const text = divergencesOf(r).map((d) => `${d.signature}\n${d.differences.map((x) => `  ${x.path}: reference ${JSON.stringify(x.expected)}, target ${JSON.stringify(x.actual)}`).join('\n')}\n${d.script.map((l, i) => `  ${i + 1}. ${l.line} (${printable(l.expected)} -> ${printable(l.actual)})`).join('\n')}`).join('\n\n')
      return [
        `    <testcase classname="conformance.${name}" name="${xml(r.name)}">`,
        `      <failure type="divergence" message="${r.diverge} of ${r.agree + r.diverge} step(s) diverge">${xml(text)}</failure>`,
        '    </testcase>',
      ].join('\n')
    }),
    '  </testsuite>',
  ]
  const operations = report.scorecard.operations
  const areas = report.scorecard.areas
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kms-key-import conform" tests="${operations.length + areas.length}" failures="${[...operations, ...areas].filter((r) => r.diverge > 0).length}">`,
    ...suite('operations', operations, (r) => report.divergences.filter((d) => d.operation === r.name)),
    ...suite('areas', areas, (r) => report.divergences.filter((d) => d.area === r.name)),
    '</testsuites>',
    '',
  ].join('\n')
}
