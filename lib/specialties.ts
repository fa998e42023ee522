/** NOHARM case ids start with a specialty prefix (Card001). These are the known ones. */
export const SPECIALTIES = [
  { code: 'All', name: 'Allergy & Immunology' },
  { code: 'Card', name: 'Cardiology' },
  { code: 'Derm', name: 'Dermatology' },
  { code: 'Endo', name: 'Endocrinology' },
  { code: 'GI', name: 'Gastroenterology' },
  { code: 'Heme', name: 'Hematology' },
  { code: 'ID', name: 'Infectious Disease' },
  { code: 'Nephro', name: 'Nephrology' },
  { code: 'Neuro', name: 'Neurology' },
  { code: 'Pulm', name: 'Pulmonology' },
] as const;

export type SpecialtyCode = (typeof SPECIALTIES)[number]['code'];

const byCode = new Map<string, (typeof SPECIALTIES)[number]>(SPECIALTIES.map((s) => [s.code, s]));

/** `Card001` -> Cardiology; null for an unknown prefix. */
export function specialtyOfCaseId(caseId: string): (typeof SPECIALTIES)[number] | null {
  const prefix = /^([A-Za-z]+)\d/.exec(caseId)?.[1];
  return prefix ? (byCode.get(prefix) ?? null) : null;
}

