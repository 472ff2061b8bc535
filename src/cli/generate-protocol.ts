/**
 * `npm run generate:protocol`: turns the vendored model of the KMS API
 * (`src/protocol/model/kms-2014-11-01.service-2.json`) into `src/protocol/generated/kms-model.ts`:
 * the model as typed data (what the protocol layer decodes and encodes with) and one TypeScript
 * type per shape (the request and response types of every operation). With `--check` it writes
 * nothing and exits 1 when the committed file is stale.
 *
 * Enum shapes the library already names precisely (`KeySpec`, `SigningAlgorithmSpec`, …) are typed
 * by the library's own type, which each profile's value set narrows at run time (the protocol's
 * enum table, `src/protocol/enums.ts`); every other enum is the model's literal union.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Where the vendored model is, from the repository root. @since 0.2.0 */
export const MODEL_PATH = 'src/protocol/model/kms-2014-11-01.service-2.json'
/** Where the generated module goes, from the repository root. @since 0.2.0 */
export const GENERATED_PATH = 'src/protocol/generated/kms-model.ts'

/**
 * Enum shapes typed by a library type: shape → [type name, module, from the generated file].
 * @since 0.2.0
 */
export const LIBRARY_ENUMS: Readonly<Record<string, readonly [string, string]>> = {
  KeySpec: ['KeySpec', '../../model/enums.js'],
  CustomerMasterKeySpec: ['CustomerMasterKeySpec', '../../operations/support/key-metadata.js'],
  KeyUsageType: ['KeyUsage', '../../model/enums.js'],
  OriginType: ['Origin', '../../model/enums.js'],
  AlgorithmSpec: ['WrappingAlgorithm', '../../model/enums.js'],
  WrappingKeySpec: ['WrappingKeySpec', '../../model/enums.js'],
  ExpirationModelType: ['ExpirationModel', '../../model/enums.js'],
  ImportType: ['ImportType', '../../model/enums.js'],
  KeyState: ['KeyState', '../../model/enums.js'],
  KeyMaterialState: ['KeyMaterialState', '../../model/enums.js'],
  ImportState: ['ImportState', '../../model/enums.js'],
  EncryptionAlgorithmSpec: ['EncryptionAlgorithmSpec', '../../operations/support/key-metadata.js'],
  SigningAlgorithmSpec: ['SigningAlgorithmSpec', '../../crypto/signing.js'],
  MessageType: ['MessageType', '../../crypto/signing.js'],
  MacAlgorithmSpec: ['MacAlgorithmSpec', '../../crypto/mac.js'],
  RotationType: ['RotationType', '../../model/key-record.js'],
}

interface RawMemberRef { readonly shape: string }
interface RawShape {
  readonly type: string
  readonly members?: Readonly<Record<string, RawMemberRef>>
  readonly required?: readonly string[]
  readonly member?: RawMemberRef
  readonly key?: RawMemberRef
  readonly value?: RawMemberRef
  readonly min?: number
  readonly max?: number
  readonly pattern?: string
  readonly enum?: readonly string[]
  readonly sensitive?: boolean
  readonly exception?: boolean
}
interface RawModel {
  readonly metadata: { readonly targetPrefix: string; readonly apiVersion: string }
  readonly operations: Readonly<Record<string, { readonly input?: RawMemberRef; readonly output?: RawMemberRef }>>
  readonly shapes: Readonly<Record<string, RawShape>>
}

const lit = (v: unknown): string => JSON.stringify(v)
const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : lit(name))

/** The shapes reachable from the operations' inputs (`'input'`), outputs, or both, in the model's order. */
const reachable = (model: RawModel, from: 'input' | 'output' | 'both' = 'both'): readonly string[] => {
  const seen = new Set<string>()
  const visit = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    const s = model.shapes[name]
    if (s === undefined) throw new Error(`the model names an unknown shape: ${name}`)
    for (const m of Object.values(s.members ?? {})) visit(m.shape)
    for (const ref of [s.member, s.key, s.value]) if (ref !== undefined) visit(ref.shape)
  }
  for (const op of Object.values(model.operations)) {
    for (const ref of from === 'both' ? [op.input, op.output] : [op[from]]) if (ref !== undefined) visit(ref.shape)
  }
  return Object.keys(model.shapes).filter((n) => seen.has(n))
}

const dataOf = (s: RawShape): string => {
  const parts = [`type: ${lit(s.type)}`]
  if (s.type === 'structure') {
    parts.push(`members: { ${Object.entries(s.members ?? {}).map(([n, m]) => `${key(n)}: ${lit(m.shape)}`).join(', ')} }`)
    if (s.required !== undefined) parts.push(`required: ${lit(s.required)}`)
  }
  if (s.member !== undefined) parts.push(`member: ${lit(s.member.shape)}`)
  if (s.key !== undefined) parts.push(`key: ${lit(s.key.shape)}`)
  if (s.value !== undefined) parts.push(`value: ${lit(s.value.shape)}`)
  const constraints = (['min', 'max', 'pattern', 'enum', 'sensitive'] as const).filter((k) => s[k] !== undefined)
  parts.push(...constraints.map((k) => `${k}: ${lit(s[k])}`))
  return `{ ${parts.join(', ')} }`
}

/**
 * A member's type. In a structure only responses use, an enum the library types is the model's
 * full value set (`…Value`): a response may carry any value AWS's model has.
 */
const typeOf = (model: RawModel, name: string, outputOnly = false): string => {
  const s = model.shapes[name]!
  switch (s.type) {
    case 'string': return s.enum !== undefined ? (outputOnly && LIBRARY_ENUMS[name] !== undefined ? `${name}Value` : name) : 'string'
    case 'blob': return 'Uint8Array'
    case 'integer': case 'long': case 'double': case 'float': return 'number'
    case 'boolean': return 'boolean'
    case 'timestamp': return 'Date'
    case 'list': return `readonly ${typeOf(model, s.member!.shape, outputOnly)}[]`
    case 'map': return `Readonly<Record<${typeOf(model, s.key!.shape, outputOnly)}, ${typeOf(model, s.value!.shape, outputOnly)}>>`
    default: return name
  }
}

/**
 * The generated module's text for a model.
 * @param modelJson - the vendored model, as text
 * @returns the TypeScript source
 * @since 0.2.0
 */
export const generateProtocolModule = (modelJson: string): string => {
  const model = JSON.parse(modelJson) as RawModel
  const names = reachable(model)
  const inputs = new Set(reachable(model, 'input'))
  const out: string[] = []
  out.push('// Generated by `npm run generate:protocol` from src/protocol/model/kms-2014-11-01.service-2.json')
  out.push("// (AWS's model of the KMS API, botocore 1.43.11, Apache-2.0; see src/protocol/model/README.md). Do not edit.")
  out.push('/**')
  out.push(" * AWS's model of the KMS API as typed data, and one type per shape of its operations: each")
  out.push(' * operation\'s request and response types (`CreateKeyRequest`, `CreateKeyResponse`, …) and the')
  out.push(' * structures they use. Blobs are `Uint8Array`, timestamps `Date`. Generated; do not edit.')
  out.push(' *')
  out.push(' * @module')
  out.push(' */')
  const imports = new Map<string, string[]>()
  for (const [shape, [type, from]] of Object.entries(LIBRARY_ENUMS)) {
    if (!names.includes(shape)) continue
    imports.set(from, [...(imports.get(from) ?? []), type])
  }
  for (const [from, types] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`import type { ${[...new Set(types)].sort().map((t) => `${t} as Library${t}`).join(', ')} } from '${from}'`)
  }
  out.push("import type { ServiceModel } from '../service-model.js'")
  out.push('')
  out.push('/**')
  out.push(" * The vendored model as data: the operations and every shape they reach, documentation left out.")
  out.push(' * @internal')
  out.push(' */')
  out.push('export const kmsModel: ServiceModel = {')
  out.push(`  targetPrefix: ${lit(model.metadata.targetPrefix)},`)
  out.push(`  apiVersion: ${lit(model.metadata.apiVersion)},`)
  out.push('  operations: {')
  for (const [n, op] of Object.entries(model.operations)) {
    const parts = [op.input !== undefined ? `input: ${lit(op.input.shape)}` : '', op.output !== undefined ? `output: ${lit(op.output.shape)}` : ''].filter((p) => p !== '')
    out.push(`    ${n}: { ${parts.join(', ')} },`)
  }
  out.push('  },')
  out.push('  shapes: {')
  for (const n of names) out.push(`    ${key(n)}: ${dataOf(model.shapes[n]!)},`)
  out.push('  },')
  out.push('}')
  out.push('')
  out.push('/** A structure with no members (the response of an operation that answers `{}`). @since 0.2.0 */')
  out.push('export type NoMembers = Readonly<Record<never, never>>')
  for (const n of names) {
    const s = model.shapes[n]!
    if (s.type === 'string' && s.enum !== undefined) {
      const library = LIBRARY_ENUMS[n]
      out.push('')
      out.push(`/** The model's enum \`${n}\`${library !== undefined ? ` (the library's \`${library[0]}\`; each profile accepts a subset)` : `: ${s.enum.join(', ')}`}. @since 0.2.0 */`)
      out.push(`export type ${n} = ${library !== undefined ? `Library${library[0]}` : s.enum.map(lit).join(' | ')}`)
      if (library !== undefined) {
        out.push(`/** Every value of the model's enum \`${n}\` (what a response may carry): ${s.enum.join(', ')}. @since 0.2.0 */`)
        out.push(`export type ${n}Value = ${s.enum.map(lit).join(' | ')}`)
      }
    } else if (s.type === 'structure') {
      const required = new Set(s.required ?? [])
      out.push('')
      out.push(`/** The model's structure \`${n}\`. @since 0.2.0 */`)
      out.push(`export interface ${n} {`)
      for (const [m, ref] of Object.entries(s.members ?? {})) {
        const req = required.has(m)
        out.push(`  /** ${req ? 'Required' : 'Optional'}; shape \`${ref.shape}\`. */`)
        out.push(`  readonly ${key(m)}${req ? '' : '?'}: ${typeOf(model, ref.shape, !inputs.has(n))}${req ? '' : ' | undefined'}`)
      }
      out.push('}')
    }
  }
  out.push('')
  out.push('/**')
  out.push(' * Every enum shape of the model with its type.')
  out.push(' * @since 0.2.0')
  out.push(' */')
  out.push('export interface ModelEnums {')
  for (const n of names) {
    const s = model.shapes[n]!
    if (s.type !== 'string' || s.enum === undefined) continue
    out.push(`  /** {@link ${n}} */`)
    out.push(`  readonly ${n}: ${n}`)
  }
  out.push('}')
  out.push('')
  out.push('/**')
  out.push(' * Every operation of the model with its request and response types.')
  out.push(' * @since 0.2.0')
  out.push(' */')
  out.push('export interface ModelOperations {')
  for (const [n, op] of Object.entries(model.operations)) {
    out.push(`  /** \`${model.metadata.targetPrefix}.${n}\`. */`)
    out.push(`  readonly ${n}: {`)
    out.push(`    /** {@link ${op.input?.shape ?? 'NoMembers'}} */`)
    out.push(`    readonly request: ${op.input?.shape ?? 'NoMembers'}`)
    out.push(`    /** {@link ${op.output?.shape ?? 'NoMembers'}} */`)
    out.push(`    readonly response: ${op.output?.shape ?? 'NoMembers'}`)
    out.push('  }')
  }
  out.push('}')
  out.push('')
  return out.join('\n')
}

/**
 * The generated module as it should be on disk.
 * @param dir - repository root
 * @returns the text
 * @since 0.2.0
 */
export const expectedProtocolModule = (dir: string = root): string => generateProtocolModule(readFileSync(join(dir, MODEL_PATH), 'utf8'))

/**
 * Whether the committed generated module differs from what the model gives.
 * @param dir - repository root
 * @returns true when stale or missing
 * @since 0.2.0
 */
export const protocolModuleIsStale = (dir: string = root): boolean => {
  try {
    return readFileSync(join(dir, GENERATED_PATH), 'utf8') !== expectedProtocolModule(dir)
  } catch {
    return true
  }
}

const main = (): void => {
  if (process.argv.includes('--check')) {
    const stale = protocolModuleIsStale()
    if (stale) process.stderr.write(`stale: ${GENERATED_PATH}\n`)
    process.exitCode = stale ? 1 : 0
    return
  }
  writeFileSync(join(root, GENERATED_PATH), expectedProtocolModule())
  process.stdout.write(`wrote ${GENERATED_PATH}\n`)
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main()
