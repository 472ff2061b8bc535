/**
 * The key-lifecycle requests that the model tests draw first for a key (schedule and cancel
 * deletion, disable, enable, delete imported material), one table so the tests that compare two
 * ways of reaching a state send the same requests for the same draw.
 */

/** A request body. */
export type Body = Record<string, unknown>

/**
 * The lifecycle requests for key `KeyId`, varied by `n` (0–3).
 * @param KeyId - the key
 * @param n - the draw's variant: the deletion window's extra days, and which imported material
 *   DeleteImportedKeyMaterial names (0: none; i: the i-th of `materialIds`)
 * @param materialIds - the key's imported material ids, oldest first
 * @returns operation name and body, at indexes 0–4
 */
export const lifecycleRequests = (KeyId: string, n: number, materialIds: readonly string[] | undefined): readonly [string, Body][] => [
  ['ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 + n }],
  ['CancelKeyDeletion', { KeyId }],
  ['DisableKey', { KeyId }],
  ['EnableKey', { KeyId }],
  ['DeleteImportedKeyMaterial', n === 0 ? { KeyId } : { KeyId, KeyMaterialId: materialIds?.[n - 1] }],
]
