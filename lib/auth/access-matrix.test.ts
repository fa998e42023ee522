import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCESS_MATRIX, ALL_ROLES, pageAreaOf, roleAllowed, type AccessEntry, type PageEntry } from '@/lib/auth/access-matrix';
import { COORDINATING_ROLES, RATING_ROLES, REVIEWING_ROLES, type Role } from '@/lib/auth/roles';

const ROOT = path.resolve(__dirname, '../..');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'generated' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** `app/(coordinate)/projects/[slug]/page.tsx` -> `/projects/[slug]` (route groups leave the URL). */
export function urlOf(file: string): string {
  const segments = file.split('/').slice(1, -1).filter((s) => !(s.startsWith('(') && s.endsWith(')')));
  return `/${segments.join('/')}`;
}

const appFiles = walk(path.join(ROOT, 'app')).map(rel);
const pageFiles = appFiles.filter((f) => f.endsWith('/page.tsx') || f.endsWith('/page.ts'));
const routeFiles = appFiles.filter((f) => f.endsWith('/route.ts') || f.endsWith('/route.tsx'));
const sourceFiles = [...walk(path.join(ROOT, 'lib')), ...walk(path.join(ROOT, 'app')), ...walk(path.join(ROOT, 'components'))]
  .map(rel)
  .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
const useServerFiles = sourceFiles.filter((f) => /^\s*['"]use server['"]/.test(read(f)));

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export function routeMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\s*\(/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) for (const name of m[1].split(',')) found.add(name.trim().split(/\s*:\s*/).pop()!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const name of m[1].split(',')) found.add(name.trim().split(/\s+as\s+/).pop()!);
  return [...found].filter((name) => (METHODS as readonly string[]).includes(name)).sort();
}

/** The exported functions of a 'use server' module (types are not actions). */
export function exportedActions(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)/g)) names.add(m[1]);
  for (const m of source.matchAll(/export\s+const\s+(\w+)\s*=/g)) names.add(m[1]);
  return [...names].sort();
}

const NAMED_ROLES: Record<string, readonly Role[]> = { COORDINATING_ROLES, REVIEWING_ROLES, RATING_ROLES, ALL_ROLES };

/** A roles argument as written in the source: a named constant or an array of role strings. */
export function resolveRoles(expression: string): Role[] {
  const text = expression.trim();
  if (text in NAMED_ROLES) return [...NAMED_ROLES[text]].sort();
  const literal = /^\[([^\]]*)\]$/.exec(text);
  if (literal) return literal[1].split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean).sort() as Role[];
  throw new Error(`cannot read the roles expression "${text}"`);
}

/** Roles demanded by `requirePageUser(X)`, `requireProjectPage(slug[, X])` or `requireUser(X)` calls in a file (null: none). */
export function demandedRoles(source: string): Role[] | null {
  let roles: Role[] | null = null;
  const meet = (next: Role[]) => {
    roles = roles === null ? next : roles.filter((r) => next.includes(r));
  };
  for (const m of source.matchAll(/requirePageUser\(([^)]*)\)/g)) meet(resolveRoles(m[1]));
  for (const m of source.matchAll(/requireUser\(([^)]*)\)/g)) meet(resolveRoles(m[1]));
  for (const m of source.matchAll(/requireProjectPage\(\s*\w+\s*(?:,([^)]*))?\)/g)) meet(m[1] ? resolveRoles(m[1]) : [...REVIEWING_ROLES].sort());
  return roles;
}

/** The layouts above a page, root first. */
function layoutsAbove(pageFile: string): string[] {
  const parts = pageFile.split('/');
  const layouts: string[] = [];
  for (let i = 1; i < parts.length; i += 1) {
    const candidate = `${parts.slice(0, i).join('/')}/layout.tsx`;
    if (appFiles.includes(candidate)) layouts.push(candidate);
  }
  return layouts;
}

/** Roles a page actually demands: its own checks met with those of every layout above it. */
function pageRoles(pageFile: string): Role[] | null {
  let roles: Role[] | null = null;
  for (const file of [...layoutsAbove(pageFile), pageFile]) {
    const demanded = demandedRoles(read(file));
    if (demanded) roles = roles === null ? demanded : roles.filter((r) => demanded.includes(r));
  }
  return roles;
}

const sorted = (roles: readonly Role[] | 'public') => (roles === 'public' ? 'public' : [...roles].sort());
const keyOf = (e: AccessEntry) => (e.kind === 'page' ? `page ${e.path}` : e.kind === 'route' ? `route ${e.method} ${e.path}` : `action ${e.module}#${e.name}`);

describe('the authorization matrix', () => {
  it('has one entry per page, route method and action, none twice', () => {
    const keys = ACCESS_MATRIX.map(keyOf);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('lists every page under app/ and names no page that does not exist', () => {
    const onDisk = pageFiles.map(urlOf).sort();
    const inTable = ACCESS_MATRIX.filter((e) => e.kind === 'page').map((e) => e.path).sort();
    expect(onDisk.filter((p) => !inTable.includes(p)), 'pages without an entry in lib/auth/access-matrix.ts').toEqual([]);
    expect(inTable.filter((p) => !onDisk.includes(p)), 'entries for pages that no longer exist').toEqual([]);
  });

  it('lists every route handler method and names none that does not exist', () => {
    const onDisk = routeFiles.flatMap((f) => routeMethods(read(f)).map((m) => `${m} ${urlOf(f)}`)).sort();
    const inTable = ACCESS_MATRIX.flatMap((e) => (e.kind === 'route' ? [`${e.method} ${e.path}`] : [])).sort();
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.filter((r) => !inTable.includes(r)), 'route handlers without an entry').toEqual([]);
    expect(inTable.filter((r) => !onDisk.includes(r)), 'entries for route handlers that no longer exist').toEqual([]);
  });

  it('lists every exported server action of every \'use server\' module and names none that does not exist', () => {
    expect(useServerFiles.length).toBeGreaterThan(0);
    const onDisk = useServerFiles.flatMap((f) => exportedActions(read(f)).map((n) => `${f}#${n}`)).sort();
    const inTable = ACCESS_MATRIX.flatMap((e) => (e.kind === 'action' ? [`${e.module}#${e.name}`] : [])).sort();
    expect(onDisk.filter((a) => !inTable.includes(a)), 'server actions without an entry').toEqual([]);
    expect(inTable.filter((a) => !onDisk.includes(a)), 'entries for server actions that no longer exist').toEqual([]);
  });

  it('gives each action exactly the roles of the safeAction call it goes through (public actions call none)', () => {
    for (const entry of ACCESS_MATRIX) {
      if (entry.kind !== 'action') continue;
      const source = read(entry.module);
      // Local safeAction wrappers: `const lock = safeAction(ROLES, ...)` (type arguments allowed).
      const wrappers = new Map<string, Role[]>();
      for (const m of source.matchAll(/(?:export\s+)?const\s+(\w+)\s*=\s*safeAction(?:<[^(]*>)?\(\s*([A-Z_]+|\[[^\]]*\])\s*,/g)) wrappers.set(m[1], resolveRoles(m[2]));
      let roles: Role[] | 'public';
      if (wrappers.has(entry.name)) {
        roles = wrappers.get(entry.name)!;
      } else {
        const start = source.search(new RegExp(`export\\s+(?:async\\s+)?function\\s+${entry.name}\\b`));
        expect(start, `${entry.module}#${entry.name} not found`).toBeGreaterThanOrEqual(0);
        const next = source.slice(start + 1).search(/\nexport\s/);
        const body = next < 0 ? source.slice(start) : source.slice(start, start + 1 + next);
        const used = [...wrappers.keys()].filter((w) => new RegExp(`\\b${w}\\(`).test(body));
        expect(used.length, `${entry.module}#${entry.name} goes through ${used.join(', ') || 'no'} safeAction wrapper(s)`).toBeLessThanOrEqual(1);
        const direct = demandedRoles(body);
        roles = used.length === 1 ? wrappers.get(used[0])! : direct ?? 'public';
      }
      expect(roles, `${entry.module}#${entry.name}`).toEqual(sorted(entry.roles));
    }
  });

  it('gives each page the roles its requirePageUser/requireProjectPage calls (and its layouts\') demand', () => {
    for (const file of pageFiles) {
      const entry = ACCESS_MATRIX.find((e): e is PageEntry => e.kind === 'page' && e.path === urlOf(file))!;
      const roles = pageRoles(file);
      if (entry.enforcedBy) continue;
      expect(roles ?? 'public', `${file} (${entry.path})`).toEqual(sorted(entry.roles));
    }
  });

  it('gives each route the roles its requireUser call demands, or says where the check lives', () => {
    for (const file of routeFiles) {
      const roles = demandedRoles(read(file));
      for (const entry of ACCESS_MATRIX.filter((e) => e.kind === 'route' && e.path === urlOf(file))) {
        if (entry.enforcedBy) {
          expect(roles, `${file}: enforcedBy says the check is elsewhere, but the file calls requireUser`).toBeNull();
          expect(entry.roles).not.toBe('public');
          continue;
        }
        expect(roles ?? 'public', `${file} ${entry.kind === 'route' ? entry.method : ''}`).toEqual(sorted(entry.roles));
      }
    }
  });

  it('answers role questions as the table says', () => {
    const audit = ACCESS_MATRIX.find((e) => e.kind === 'page' && e.path === '/projects/[slug]/audit')!;
    expect(roleAllowed(audit, 'COORDINATOR')).toBe(true);
    expect(roleAllowed(audit, 'ADJUDICATOR')).toBe(false);
    expect(roleAllowed(audit, null)).toBe(false);
    const health = ACCESS_MATRIX.find((e) => e.kind === 'route' && e.path === '/api/health')!;
    expect(roleAllowed(health, null)).toBe(true);
    expect(pageAreaOf(['PHYSICIAN'])).toBe('physicians');
    expect(pageAreaOf(['COORDINATOR', 'ADMIN'])).toBe('coordinators');
    expect(pageAreaOf(['ADJUDICATOR', 'COORDINATOR', 'ADMIN'])).toBe('reviewers');
    expect(pageAreaOf(['ADMIN'])).toBe('admins');
  });
});

describe('the scanners', () => {
  it('read URLs, methods, actions and roles the way the files write them', () => {
    expect(urlOf('app/(coordinate)/projects/[slug]/page.tsx')).toBe('/projects/[slug]');
    expect(urlOf('app/page.tsx')).toBe('/');
    expect(routeMethods('export const { GET, POST } = handlers;')).toEqual(['GET', 'POST']);
    expect(routeMethods('export async function GET(request: Request) {}\nexport function helper() {}')).toEqual(['GET']);
    expect(exportedActions("'use server';\nexport async function a() {}\nexport const b = safeAction(X, s, h);\nexport type T = {};")).toEqual(['a', 'b']);
    expect(resolveRoles("['ADMIN']")).toEqual(['ADMIN']);
    expect(resolveRoles('COORDINATING_ROLES')).toEqual(['ADMIN', 'COORDINATOR']);
    expect(demandedRoles('await requireProjectPage(slug);')).toEqual(['ADJUDICATOR', 'ADMIN', 'COORDINATOR']);
    expect(demandedRoles('await requireProjectPage(slug, COORDINATING_ROLES);')).toEqual(['ADMIN', 'COORDINATOR']);
    expect(demandedRoles('const x = 1;')).toBeNull();
  });
});
