/**
 * A case is fully rated when it holds its full panel of (non-declined) assignments and every one
 * of them is completed. Callers pass the non-declined assignments.
 */
export function isCaseFullyRated(assignments: ReadonlyArray<{ status: string }>, ratersPerCase: number): boolean {
  return assignments.length >= ratersPerCase && assignments.every((a) => a.status === 'COMPLETED');
}

/** A case waits for physicians while its panel is not full. */
export function isCaseWaiting(assignments: ReadonlyArray<unknown>, ratersPerCase: number): boolean {
  return assignments.length < ratersPerCase;
}
