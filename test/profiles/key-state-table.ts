/**
 * The key-state table, written by hand from docs/evidence.md §2.1 (and §8 for the 2025-06-05
 * operations), with a profile column: every row says which profiles it holds for, so an era that
 * changes a cell adds a row for itself, and an operation a later round adds is one more row.
 * Nothing here is read from src/; `key-state-table.test.ts` drives every cell through the emulator.
 *
 * Columns are the (origin, state) situations a symmetric key can reach; a cell is the answer:
 * `ok(State)` (success, and the key's state afterwards) or a refusal with its exact message
 * (`<arn>` stands for the key ARN). `NA` marks a cell the situation cannot exercise (Decrypt needs
 * a ciphertext, which a key that never held material cannot have made).
 */
import type { ProfileName } from 'kms-key-import'

/** The situations, in the order of the columns. */
export const SITUATIONS = [
  'EXTERNAL PendingImport (new)',
  'EXTERNAL PendingImport (material deleted)',
  'EXTERNAL Enabled',
  'EXTERNAL Disabled',
  'EXTERNAL PendingDeletion (new)',
  'EXTERNAL PendingDeletion (with material)',
  'AWS_KMS Enabled',
  'AWS_KMS Disabled',
  'AWS_KMS PendingDeletion',
] as const
export type Situation = (typeof SITUATIONS)[number]

/** What a cell expects. */
export type Cell =
  | { readonly ok: string }
  | { readonly error: string; readonly message: string; readonly label: string }
  | 'NA'

const ok = (state: string): Cell => ({ ok: state })
const refusal = (error: string, label: string, message: string): Cell => ({ error, message, label })
const PENDING_IMPORT = refusal('KMSInvalidStateException', 'pending import', '<arn> is pending import.')
const PENDING_DELETION = refusal('KMSInvalidStateException', 'pending deletion', '<arn> is pending deletion.')
const NOT_PENDING_DELETION = refusal('KMSInvalidStateException', 'not pending deletion', '<arn> is not pending deletion.')
const DISABLED = refusal('DisabledException', 'disabled', '<arn> is disabled.')
const ORIGIN = refusal('UnsupportedOperationException', 'origin', '<arn> origin is AWS_KMS which is not valid for this operation.')
/** RotateKeyOnDemand past the state gate on an EXTERNAL key with nothing pending (docs/evidence.md §8, OBS). */
const NOTHING_PENDING = refusal('KMSInvalidStateException', 'nothing pending', 'No available key material pending rotation for the key: <arn>.')
const NA = 'NA' as const
/** EnableKeyRotation/DisableKeyRotation of an imported key, in every state (key-state.html: imported keys do not rotate automatically). */
const EXTERNAL_ORIGIN = refusal('UnsupportedOperationException', 'origin', '<arn> origin is EXTERNAL which is not valid for this operation.')

/** Every profile. */
const ALL: readonly ProfileName[] = ['classic', '2023-10-10', '2025-06-05']

/** One row: an operation under some profiles, one cell per situation (in {@link SITUATIONS} order). */
export interface Row {
  readonly operation: string
  readonly profiles: readonly ProfileName[]
  readonly cells: readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell]
}

//                                      PendingImport new   PendingImport deleted  Enabled              Disabled              PendingDeletion new   PendingDeletion mat.   AWS_KMS Enabled       AWS_KMS Disabled      AWS_KMS PendingDeletion
export const KEY_STATE_TABLE: readonly Row[] = [
  { operation: 'GetParametersForImport', profiles: ALL, cells: [ok('PendingImport'), ok('PendingImport'), ok('Enabled'), ok('Disabled'), PENDING_DELETION, PENDING_DELETION, ORIGIN, ORIGIN, ORIGIN] },
  { operation: 'ImportKeyMaterial', profiles: ALL, cells: [ok('Enabled'), ok('Enabled'), ok('Enabled'), ok('Disabled'), PENDING_DELETION, PENDING_DELETION, ORIGIN, ORIGIN, ORIGIN] },
  { operation: 'DeleteImportedKeyMaterial', profiles: ALL, cells: [ok('PendingImport'), ok('PendingImport'), ok('PendingImport'), ok('PendingImport'), ok('PendingDeletion'), ok('PendingDeletion'), ORIGIN, ORIGIN, ORIGIN] },
  { operation: 'EnableKey', profiles: ALL, cells: [PENDING_IMPORT, PENDING_IMPORT, ok('Enabled'), ok('Enabled'), PENDING_DELETION, PENDING_DELETION, ok('Enabled'), ok('Enabled'), PENDING_DELETION] },
  { operation: 'DisableKey', profiles: ALL, cells: [PENDING_IMPORT, PENDING_IMPORT, ok('Disabled'), ok('Disabled'), PENDING_DELETION, PENDING_DELETION, ok('Disabled'), ok('Disabled'), PENDING_DELETION] },
  { operation: 'ScheduleKeyDeletion', profiles: ALL, cells: [ok('PendingDeletion'), ok('PendingDeletion'), ok('PendingDeletion'), ok('PendingDeletion'), PENDING_DELETION, PENDING_DELETION, ok('PendingDeletion'), ok('PendingDeletion'), PENDING_DELETION] },
  { operation: 'CancelKeyDeletion', profiles: ALL, cells: [NOT_PENDING_DELETION, NOT_PENDING_DELETION, NOT_PENDING_DELETION, NOT_PENDING_DELETION, ok('PendingImport'), ok('Disabled'), NOT_PENDING_DELETION, NOT_PENDING_DELETION, ok('Disabled')] },
  { operation: 'Encrypt', profiles: ALL, cells: [PENDING_IMPORT, PENDING_IMPORT, ok('Enabled'), DISABLED, PENDING_DELETION, PENDING_DELETION, ok('Enabled'), DISABLED, PENDING_DELETION] },
  { operation: 'Decrypt', profiles: ALL, cells: [NA, PENDING_IMPORT, ok('Enabled'), DISABLED, NA, PENDING_DELETION, ok('Enabled'), DISABLED, PENDING_DELETION] },
  { operation: 'DescribeKey', profiles: ALL, cells: [ok('PendingImport'), ok('PendingImport'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion'), ok('PendingDeletion'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion')] },
  { operation: 'RotateKeyOnDemand', profiles: ['2025-06-05'], cells: [PENDING_IMPORT, PENDING_IMPORT, NOTHING_PENDING, DISABLED, PENDING_DELETION, PENDING_DELETION, ok('Enabled'), DISABLED, PENDING_DELETION] },
  { operation: 'ListKeyRotations', profiles: ['2025-06-05'], cells: [ok('PendingImport'), ok('PendingImport'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion'), ok('PendingDeletion'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion')] },
  // The operations around a key (issue #14), from AWS's key-state page: changing a key's description,
  // aliases or tags is refused while it is pending deletion; reading them, its policy, and deleting
  // an alias never are; data keys and ReEncrypt use the key as Encrypt and Decrypt do.
  ...['UpdateKeyDescription', 'CreateAlias', 'UpdateAlias', 'TagResource', 'UntagResource'].map((operation): Row => (
    { operation, profiles: ALL, cells: [ok('PendingImport'), ok('PendingImport'), ok('Enabled'), ok('Disabled'), PENDING_DELETION, PENDING_DELETION, ok('Enabled'), ok('Disabled'), PENDING_DELETION] })),
  ...['DeleteAlias', 'ListAliases', 'ListResourceTags', 'GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies'].map((operation): Row => (
    { operation, profiles: ALL, cells: [ok('PendingImport'), ok('PendingImport'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion'), ok('PendingDeletion'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion')] })),
  // GetKeyRotationStatus of an imported key: the origin refusal in every state (key-state.html [6], [7]; OBS) until
  // imported material rotates on demand (2025-06-05: answered, CHOSEN)
  { operation: 'GetKeyRotationStatus', profiles: ['classic', '2023-10-10'], cells: [EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, ok('Enabled'), ok('Disabled'), ok('PendingDeletion')] },
  { operation: 'GetKeyRotationStatus', profiles: ['2025-06-05'], cells: [ok('PendingImport'), ok('PendingImport'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion'), ok('PendingDeletion'), ok('Enabled'), ok('Disabled'), ok('PendingDeletion')] },
  ...['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext'].map((operation): Row => (
    { operation, profiles: ALL, cells: [PENDING_IMPORT, PENDING_IMPORT, ok('Enabled'), DISABLED, PENDING_DELETION, PENDING_DELETION, ok('Enabled'), DISABLED, PENDING_DELETION] })),
  // ReEncrypt of the key's own ciphertext to itself: the source's answer is Decrypt's
  { operation: 'ReEncrypt', profiles: ALL, cells: [NA, PENDING_IMPORT, ok('Enabled'), DISABLED, NA, PENDING_DELETION, ok('Enabled'), DISABLED, PENDING_DELETION] },
  ...['EnableKeyRotation', 'DisableKeyRotation'].map((operation): Row => (
    { operation, profiles: ALL, cells: [EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, EXTERNAL_ORIGIN, ok('Enabled'), DISABLED, PENDING_DELETION] })),
]
