/**
 * bulkQuery over a scripted client (no HTTP): how it treats the rows of a
 * results page.
 */
import type { OrgClient } from '../org-client';
import { QueryJobError } from '../pull-errors';
import { bulkQuery } from '../queries';

/** A client whose job completes at once and whose one results page is `rows` (header first). */
function scriptedClient(rows: string[][]): OrgClient {
  const client = {
    createQueryJob: async () => ({ id: '750000000000001', state: 'JobComplete' }),
    csvPage: async (_path: string, onRow: (cells: string[], columns: string[]) => void) => {
      const [columns, ...data] = rows;
      for (const cells of data) onRow(cells, columns);
      return { columns, rows: data.length, nextLocator: null };
    }
  };
  return client as unknown as OrgClient;
}

describe('bulkQuery', () => {
  it('hands over each row once, as { column: text }', async () => {
    const seen: Record<string, string>[] = [];
    const rows = await bulkQuery(
      scriptedClient([
        ['Id', 'Name'],
        ['005A', 'Smith, Jo'],
        ['005B', '']
      ]),
      'SELECT Id, Name FROM User',
      { onRow: (row) => seen.push({ ...row }) }
    );
    expect(rows).toBe(2);
    expect(seen).toEqual([
      { Id: '005A', Name: 'Smith, Jo' },
      { Id: '005B', Name: '' }
    ]);
  });

  it('refuses a row whose values do not match the header instead of dropping it silently', async () => {
    const seen: string[] = [];
    const run = bulkQuery(
      scriptedClient([
        ['Id', 'Name'],
        ['005A', 'Jo'],
        ['005B', 'Smith', 'extra']
      ]),
      'SELECT Id, Name FROM User',
      { onRow: (row) => seen.push(row.Id) }
    );
    await expect(run).rejects.toThrow(QueryJobError);
    await expect(run).rejects.toThrow(
      /results page 1 of Bulk API 2.0 query job 750000000000001 has a row of 3 values, not 2/
    );
    expect(seen).toEqual(['005A']);
  });
});
