import { afterAll, beforeAll, inject } from 'vitest';
import { disconnectDb } from '@/lib/db';
import { createDatabase, dropDatabase, uniqueName } from '@/test/database';

const adminUrl = inject('adminUrl');
const name = uniqueName('primum_it');

beforeAll(async () => {
  process.env.DATABASE_URL = await createDatabase(adminUrl, name, inject('templateDb'));
});

afterAll(async () => {
  await disconnectDb();
  await dropDatabase(adminUrl, name);
});
