/**
 * Independent expectation list for GetParametersForImport, written by hand from
 * docs/evidence.md (§1, §3, §5, §6) BEFORE reading src/profiles/*.
 *
 * It is plain data: one literal grid per (profile, partition, key spec). Nothing here is
 * computed from the library; the matrix test compares it with the profile's own tables and
 * with the emulator, so a wrong table cannot pass its own test.
 *
 * Grid layout: rows are wrapping key specs, columns are wrapping algorithms in the order of
 * `ALGORITHMS` below:
 *
 *   [RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256,
 *    RSA_AES_KEY_WRAP_SHA_1, RSA_AES_KEY_WRAP_SHA_256, SM2PKE]
 *
 * Cell codes:
 *   'ok'                 accepted (docs/evidence.md §3.7: parameters returned)
 *   reasons joined by +  refused at GetParametersForImport with ValidationException (docs/evidence.md §3.6,
 *                        "a message naming the rule"); every rule that applies is listed, since
 *                        docs/evidence.md does not fix which one is named first:
 *       pkcs1     RSAES_PKCS1_V1_5 after 2023-10-10 (§1 "stays in the enum but is refused", §3.6)
 *       sm2-out   SM2 wrapping spec / SM2PKE outside China (§1, §3.6)
 *       aes-cn    RSA_AES_* inside China (§1 "RSA_AES_* is unavailable", §3.6)
 *       sm2-pair  SM2PKE without an SM2 wrapping key, or an SM2 wrapping key without SM2PKE (§3.6)
 *       rsa-oaep  an RSA private key under RSAES_OAEP_* (§3.6, §5 capacity)
 *       p521      P-521 under RSAES_OAEP_* with RSA_2048 (§3.6, §5 capacity: ≈241 B > 214/190 B)
 *   'enum:alg'           ValidationException from model validation (§3.1): wrappingAlgorithm not in
 *                        the profile's enum
 *   'enum:spec'          ValidationException (§3.1): wrappingKeySpec not in the profile's enum
 *   'enum:both'          ValidationException (§3.1, §7): both members, "2 validation errors detected"
 *   'no-key'             the key cannot be created: CreateKey refuses the key spec with
 *                        Origin=EXTERNAL (classic: only SYMMETRIC_DEFAULT may be EXTERNAL, §1),
 *                        or the key spec does not exist in the partition (SM2 outside China, §1).
 *
 * Notes on reading the rules:
 * - §1's table lists "wrapping specs RSA_2048/3072/4096 (+ SM2 in China); algorithms ...
 *   (+ SM2PKE in China)". §3.6 then says SM2/SM2PKE outside China are refused by the *wrapping
 *   rules* (ValidationException naming the rule). Both readings give ValidationException; this
 *   list follows §3.6 (reason `sm2-out`), i.e. SM2 and SM2PKE are in the 2023-10-10 enum in every
 *   partition.
 * - 2023-10-10 enums: WrappingKeySpec {RSA_2048, RSA_3072, RSA_4096, SM2}; WrappingAlgorithm
 *   {RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1,
 *   RSA_AES_KEY_WRAP_SHA_256, SM2PKE} — so no enum refusals in this profile.
 * - classic enums: WrappingKeySpec {RSA_2048}; WrappingAlgorithm {RSAES_PKCS1_V1_5,
 *   RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256}; RSAES_PKCS1_V1_5 is accepted (seed profile). The
 *   partition does not change the classic enums (SM2/SM2PKE exist "2023-10-10 profile and later").
 * - Capacity (§5): under RSA_2048 + OAEP-SHA-256 (190 B) everything but RSA and P-521 fits
 *   (HMAC ≤ 128 B, P-384 PKCS#8 ≈ 185 B, SM2/secp256k1/P-256 ≈ 138 B); RSA_3072/4096 hold P-521.
 *   docs/evidence.md names only `rsa-oaep` and `p521` as capacity refusals, so nothing else is refused.
 * - SM2PKE has no capacity limit, so an RSA key in China can be imported only via SM2 + SM2PKE.
 */

export const PROFILES = ['2023-10-10', '2025-06-05', 'classic'] as const
export type Profile = (typeof PROFILES)[number]

export const REGIONS = { aws: 'us-east-1', 'aws-cn': 'cn-north-1' } as const
export type Partition = keyof typeof REGIONS

export const KEY_SPECS = [
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SM2',
] as const
export type KeySpecName = (typeof KEY_SPECS)[number]

export const WRAPPING_KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const
export type WrappingKeySpecName = (typeof WRAPPING_KEY_SPECS)[number]

export const ALGORITHMS = [
  'RSAES_PKCS1_V1_5',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_AES_KEY_WRAP_SHA_256',
  'SM2PKE',
] as const
export type AlgorithmName = (typeof ALGORITHMS)[number]

export type Reason = 'pkcs1' | 'sm2-out' | 'aes-cn' | 'sm2-pair' | 'rsa-oaep' | 'p521'
export type Cell = string
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell]
type Grid = { readonly [W in WrappingKeySpecName]: Row } | 'no-key'
type PartitionTable = { readonly [K in KeySpecName]: Grid }
type ProfileTable = { readonly [P in Partition]: PartitionTable }

// ---------------------------------------------------------------------------------------------
// 2023-10-10, partition aws (us-east-1)
// ---------------------------------------------------------------------------------------------
//                  PKCS1_V1_5        OAEP_SHA_1     OAEP_SHA_256   RSA_AES_SHA_1  RSA_AES_SHA_256  SM2PKE
const AWS_PLAIN = {
  RSA_2048: ['pkcs1', 'ok', 'ok', 'ok', 'ok', 'sm2-out+sm2-pair'],
  RSA_3072: ['pkcs1', 'ok', 'ok', 'ok', 'ok', 'sm2-out+sm2-pair'],
  RSA_4096: ['pkcs1', 'ok', 'ok', 'ok', 'ok', 'sm2-out+sm2-pair'],
  SM2: ['pkcs1+sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out'],
} as const

const AWS_RSA = {
  RSA_2048: ['pkcs1', 'rsa-oaep', 'rsa-oaep', 'ok', 'ok', 'sm2-out+sm2-pair'],
  RSA_3072: ['pkcs1', 'rsa-oaep', 'rsa-oaep', 'ok', 'ok', 'sm2-out+sm2-pair'],
  RSA_4096: ['pkcs1', 'rsa-oaep', 'rsa-oaep', 'ok', 'ok', 'sm2-out+sm2-pair'],
  SM2: ['pkcs1+sm2-out+sm2-pair', 'sm2-out+sm2-pair+rsa-oaep', 'sm2-out+sm2-pair+rsa-oaep', 'sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out'],
} as const

const AWS_P521 = {
  RSA_2048: ['pkcs1', 'p521', 'p521', 'ok', 'ok', 'sm2-out+sm2-pair'],
  RSA_3072: ['pkcs1', 'ok', 'ok', 'ok', 'ok', 'sm2-out+sm2-pair'],
  RSA_4096: ['pkcs1', 'ok', 'ok', 'ok', 'ok', 'sm2-out+sm2-pair'],
  SM2: ['pkcs1+sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out+sm2-pair', 'sm2-out'],
} as const

// ---------------------------------------------------------------------------------------------
// 2023-10-10, partition aws-cn (cn-north-1)
// ---------------------------------------------------------------------------------------------
//                  PKCS1_V1_5        OAEP_SHA_1     OAEP_SHA_256   RSA_AES_SHA_1  RSA_AES_SHA_256  SM2PKE
const CN_PLAIN = {
  RSA_2048: ['pkcs1', 'ok', 'ok', 'aes-cn', 'aes-cn', 'sm2-pair'],
  RSA_3072: ['pkcs1', 'ok', 'ok', 'aes-cn', 'aes-cn', 'sm2-pair'],
  RSA_4096: ['pkcs1', 'ok', 'ok', 'aes-cn', 'aes-cn', 'sm2-pair'],
  SM2: ['pkcs1+sm2-pair', 'sm2-pair', 'sm2-pair', 'aes-cn+sm2-pair', 'aes-cn+sm2-pair', 'ok'],
} as const

const CN_RSA = {
  RSA_2048: ['pkcs1', 'rsa-oaep', 'rsa-oaep', 'aes-cn', 'aes-cn', 'sm2-pair'],
  RSA_3072: ['pkcs1', 'rsa-oaep', 'rsa-oaep', 'aes-cn', 'aes-cn', 'sm2-pair'],
  RSA_4096: ['pkcs1', 'rsa-oaep', 'rsa-oaep', 'aes-cn', 'aes-cn', 'sm2-pair'],
  SM2: ['pkcs1+sm2-pair', 'sm2-pair+rsa-oaep', 'sm2-pair+rsa-oaep', 'aes-cn+sm2-pair', 'aes-cn+sm2-pair', 'ok'],
} as const

const CN_P521 = {
  RSA_2048: ['pkcs1', 'p521', 'p521', 'aes-cn', 'aes-cn', 'sm2-pair'],
  RSA_3072: ['pkcs1', 'ok', 'ok', 'aes-cn', 'aes-cn', 'sm2-pair'],
  RSA_4096: ['pkcs1', 'ok', 'ok', 'aes-cn', 'aes-cn', 'sm2-pair'],
  SM2: ['pkcs1+sm2-pair', 'sm2-pair', 'sm2-pair', 'aes-cn+sm2-pair', 'aes-cn+sm2-pair', 'ok'],
} as const

// ---------------------------------------------------------------------------------------------
// classic (both partitions): only SYMMETRIC_DEFAULT may be EXTERNAL
// ---------------------------------------------------------------------------------------------
//                  PKCS1_V1_5   OAEP_SHA_1   OAEP_SHA_256  RSA_AES_SHA_1  RSA_AES_SHA_256  SM2PKE
const CLASSIC_SYMMETRIC = {
  RSA_2048: ['ok', 'ok', 'ok', 'enum:alg', 'enum:alg', 'enum:alg'],
  RSA_3072: ['enum:spec', 'enum:spec', 'enum:spec', 'enum:both', 'enum:both', 'enum:both'],
  RSA_4096: ['enum:spec', 'enum:spec', 'enum:spec', 'enum:both', 'enum:both', 'enum:both'],
  SM2: ['enum:spec', 'enum:spec', 'enum:spec', 'enum:both', 'enum:both', 'enum:both'],
} as const

const TABLE_2023: ProfileTable = {
    aws: {
      SYMMETRIC_DEFAULT: AWS_PLAIN,
      HMAC_224: AWS_PLAIN,
      HMAC_256: AWS_PLAIN,
      HMAC_384: AWS_PLAIN,
      HMAC_512: AWS_PLAIN,
      RSA_2048: AWS_RSA,
      RSA_3072: AWS_RSA,
      RSA_4096: AWS_RSA,
      ECC_NIST_P256: AWS_PLAIN,
      ECC_NIST_P384: AWS_PLAIN,
      ECC_NIST_P521: AWS_P521,
      ECC_SECG_P256K1: AWS_PLAIN,
      SM2: 'no-key',
    },
    'aws-cn': {
      SYMMETRIC_DEFAULT: CN_PLAIN,
      HMAC_224: CN_PLAIN,
      HMAC_256: CN_PLAIN,
      HMAC_384: CN_PLAIN,
      HMAC_512: CN_PLAIN,
      RSA_2048: CN_RSA,
      RSA_3072: CN_RSA,
      RSA_4096: CN_RSA,
      ECC_NIST_P256: CN_PLAIN,
      ECC_NIST_P384: CN_PLAIN,
      ECC_NIST_P521: CN_P521,
      ECC_SECG_P256K1: CN_PLAIN,
      SM2: CN_PLAIN,
    },
}

export const EXPECTATIONS: { readonly [P in Profile]: ProfileTable } = {
  '2023-10-10': TABLE_2023,
  // 2025-06-05 changes nothing about wrapping (docs/evidence.md §8, §9 are about multi-material import)
  '2025-06-05': TABLE_2023,
  classic: {
    aws: {
      SYMMETRIC_DEFAULT: CLASSIC_SYMMETRIC,
      HMAC_224: 'no-key',
      HMAC_256: 'no-key',
      HMAC_384: 'no-key',
      HMAC_512: 'no-key',
      RSA_2048: 'no-key',
      RSA_3072: 'no-key',
      RSA_4096: 'no-key',
      ECC_NIST_P256: 'no-key',
      ECC_NIST_P384: 'no-key',
      ECC_NIST_P521: 'no-key',
      ECC_SECG_P256K1: 'no-key',
      SM2: 'no-key',
    },
    'aws-cn': {
      SYMMETRIC_DEFAULT: CLASSIC_SYMMETRIC,
      HMAC_224: 'no-key',
      HMAC_256: 'no-key',
      HMAC_384: 'no-key',
      HMAC_512: 'no-key',
      RSA_2048: 'no-key',
      RSA_3072: 'no-key',
      RSA_4096: 'no-key',
      ECC_NIST_P256: 'no-key',
      ECC_NIST_P384: 'no-key',
      ECC_NIST_P521: 'no-key',
      ECC_SECG_P256K1: 'no-key',
      SM2: 'no-key',
    },
  },
}

/** The expectation, decoded from the grids above. */
export type Expectation =
  | { readonly kind: 'no-key' }
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rule'; readonly exception: 'ValidationException'; readonly reasons: readonly Reason[] }
  | {
      readonly kind: 'enum'
      readonly exception: 'ValidationException'
      readonly members: readonly ('wrappingKeySpec' | 'wrappingAlgorithm')[]
    }

const REASONS: readonly Reason[] = ['pkcs1', 'sm2-out', 'aes-cn', 'sm2-pair', 'rsa-oaep', 'p521']

export function expectation(
  profile: Profile,
  partition: Partition,
  keySpec: KeySpecName,
  wrappingKeySpec: WrappingKeySpecName,
  algorithm: AlgorithmName,
): Expectation {
  const grid = EXPECTATIONS[profile][partition][keySpec]
  if (grid === 'no-key') return { kind: 'no-key' }
  const cell = grid[wrappingKeySpec][ALGORITHMS.indexOf(algorithm)]
  if (cell === undefined) throw new Error(`no cell for ${algorithm}`)
  if (cell === 'ok') return { kind: 'accepted' }
  if (cell === 'enum:alg') return { kind: 'enum', exception: 'ValidationException', members: ['wrappingAlgorithm'] }
  if (cell === 'enum:spec') return { kind: 'enum', exception: 'ValidationException', members: ['wrappingKeySpec'] }
  if (cell === 'enum:both') {
    return { kind: 'enum', exception: 'ValidationException', members: ['wrappingAlgorithm', 'wrappingKeySpec'] }
  }
  const reasons = cell.split('+')
  for (const r of reasons) {
    if (!(REASONS as readonly string[]).includes(r)) throw new Error(`unknown reason '${r}' in expectation list`)
  }
  return { kind: 'rule', exception: 'ValidationException', reasons: reasons as Reason[] }
}

// ---------------------------------------------------------------------------------------------
// The exact messages, by hand
// ---------------------------------------------------------------------------------------------
//
// docs/evidence.md §3.6 says a refusal is a ValidationException "naming the rule" and does not fix
// the wording or which rule is named when several refuse: both are the project's choice
// (docs/decisions.md, wrapping-rules-at-parameters). They are written out here, literally, so a
// changed message or a changed precedence in the profile's data fails the matrix; nothing below
// reads the library.

/**
 * When several rules refuse a combination, the one named is the first of this list
 * (most general first: the retired algorithm, then the partition, then the pairing of wrapping
 * key and algorithm, then the capacity of OAEP).
 */
export const PRECEDENCE: readonly Reason[] = ['pkcs1', 'sm2-out', 'aes-cn', 'sm2-pair', 'rsa-oaep', 'p521']

/**
 * The exact message of the rule a refused combination names.
 * @param reasons - every reason of the cell
 * @param keySpec - the key's spec
 * @param w - the wrapping key spec
 * @param a - the wrapping algorithm
 * @returns the message AWS's wording would carry
 */
export const ruleMessage = (reasons: readonly Reason[], keySpec: KeySpecName, w: WrappingKeySpecName, a: AlgorithmName): string => {
  const named = PRECEDENCE.find((r) => reasons.includes(r))
  switch (named) {
    case 'pkcs1':
      return 'The wrapping algorithm RSAES_PKCS1_V1_5 is no longer supported for importing key material. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.'
    case 'sm2-out':
      // the wrapping key spec is judged before the algorithm
      return w === 'SM2'
        ? 'The wrapping key spec SM2 is supported only in the China Regions.'
        : 'The wrapping algorithm SM2PKE is supported only in the China Regions.'
    case 'aes-cn':
      return `The wrapping algorithm ${a} is not supported in the China Regions.`
    case 'sm2-pair':
      return a === 'SM2PKE'
        ? 'The wrapping algorithm SM2PKE requires the wrapping key spec SM2.'
        : 'The wrapping key spec SM2 requires the wrapping algorithm SM2PKE.'
    case 'rsa-oaep':
      return `RSA private key material of key spec ${keySpec} is too large for ${a}. Use RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.`
    case 'p521':
      return `ECC_NIST_P521 key material is too large for ${a} with an RSA_2048 wrapping key. Use RSA_3072 or RSA_4096, or RSA_AES_KEY_WRAP_SHA_1 or RSA_AES_KEY_WRAP_SHA_256.`
    case undefined:
      throw new Error(`no reason among ${reasons.join('+')}`)
  }
}

/** The profiles' enums as AWS's model-format message prints them (docs/evidence.md §3.1, §7). */
export const ENUM_SETS: { readonly [P in Profile]: { readonly wrappingAlgorithm: string; readonly wrappingKeySpec: string } } = {
  classic: {
    wrappingAlgorithm: '[RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]',
    wrappingKeySpec: '[RSA_2048]',
  },
  '2023-10-10': {
    wrappingAlgorithm: '[RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1, RSA_AES_KEY_WRAP_SHA_256, SM2PKE]',
    wrappingKeySpec: '[RSA_2048, RSA_3072, RSA_4096, SM2]',
  },
  '2025-06-05': {
    wrappingAlgorithm: '[RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_1, RSA_AES_KEY_WRAP_SHA_256, SM2PKE]',
    wrappingKeySpec: '[RSA_2048, RSA_3072, RSA_4096, SM2]',
  },
}

/**
 * The exact ValidationException message of a model-layer enum refusal (wrappingAlgorithm first,
 * as AWS lists members in the model's order).
 */
export const enumMessage = (profile: Profile, members: readonly ('wrappingKeySpec' | 'wrappingAlgorithm')[], w: WrappingKeySpecName, a: AlgorithmName): string => {
  const violations = [
    ...(members.includes('wrappingAlgorithm') ? [`Value '${a}' at 'wrappingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: ${ENUM_SETS[profile].wrappingAlgorithm}`] : []),
    ...(members.includes('wrappingKeySpec') ? [`Value '${w}' at 'wrappingKeySpec' failed to satisfy constraint: Member must satisfy enum value set: ${ENUM_SETS[profile].wrappingKeySpec}`] : []),
  ]
  return `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`
}

/**
 * The exact ValidationException message of CreateKey refusing an EXTERNAL key of a spec: the spec
 * does not exist in the partition, or exists but cannot be imported in this profile.
 */
export const noKeyMessage = (partition: Partition, keySpec: KeySpecName): string =>
  keySpec === 'SM2' && partition === 'aws'
    ? 'KeySpec SM2 is not supported in this region.'
    : `KeySpec ${keySpec} is not supported for Origin EXTERNAL`
