import type { LoginTable } from '../data/login-store';
import { MemoryLoginTable } from '../data/login-table';

/** The table as the MemoryLoginTable it is (an export or the demo org), for tests that read its columns. */
export function inMemory(table: LoginTable): MemoryLoginTable {
  if (!(table instanceof MemoryLoginTable)) throw new Error('expected a MemoryLoginTable');
  return table;
}
