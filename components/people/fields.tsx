import type { Role } from '@/lib/auth/roles';
import { SPECIALTIES } from '@/lib/specialties';

export const inputClass = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm';

export const ROLE_LABEL: Record<Role, string> = { PHYSICIAN: 'Physician', ADJUDICATOR: 'Adjudicator', COORDINATOR: 'Coordinator', ADMIN: 'Admin' };

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? <p id={id} className="mt-1 text-sm text-rose-800">{errors[0]}</p> : null;
}

export function RoleSelect({ id, roles, defaultValue }: { id: string; roles: Role[]; defaultValue: Role }) {
  return (
    <select id={id} name="role" defaultValue={defaultValue} className={inputClass}>
      {roles.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
    </select>
  );
}

/** Specialty checkboxes in a fieldset (the codes are the NOHARM case prefixes). */
export function SpecialtyChoices({ legend, errors, idPrefix, selected = [] }: { legend: string; errors?: string[]; idPrefix: string; selected?: string[] }) {
  return (
    <fieldset aria-describedby={`${idPrefix}-specialties-error`}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="mt-1 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        {SPECIALTIES.map((s) => (
          <label key={s.code} className="flex items-center gap-2">
            <input type="checkbox" name="specialties" value={s.code} defaultChecked={selected.includes(s.code)} />
            <span>{s.name} <span className="text-slate-500">({s.code})</span></span>
          </label>
        ))}
      </div>
      <FieldError id={`${idPrefix}-specialties-error`} errors={errors} />
    </fieldset>
  );
}
