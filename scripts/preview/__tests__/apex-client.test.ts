import { createApexMethod, type ApexCallError } from '../client/apex-client';

type Answer = { status: number; body: unknown };

function respond({ status, body }: Answer): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createApexMethod', () => {
  const realFetch = global.fetch;
  let fetchMock: jest.Mock;

  beforeEach(() => {
    fetchMock = jest.fn();
    global.fetch = fetchMock as unknown as typeof fetch;
  });

  afterEach(() => {
    global.fetch = realFetch;
  });

  it('POSTs the params to /apex/<Class>.<method> and resolves the result', async () => {
    fetchMock.mockResolvedValue(respond({ status: 200, body: [{ id: 'x' }] }));
    const getSeats = createApexMethod('LL_LicenseController.getLicenseSeats');
    await expect(getSeats({ windowDays: 30 })).resolves.toEqual([{ id: 'x' }]);
    expect(fetchMock).toHaveBeenCalledWith('/apex/LL_LicenseController.getLicenseSeats', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"windowDays":30}'
    });
  });

  it('rejects with the platform error shape that reduceErrors reads', async () => {
    fetchMock.mockResolvedValue(
      respond({ status: 500, body: { message: 'UserLicense.json is missing' } })
    );
    const error = (await createApexMethod('C.m')().catch((e: unknown) => e)) as ApexCallError;
    expect(error).toMatchObject({
      status: 500,
      ok: false,
      body: { message: 'UserLicense.json is missing' }
    });
  });

  it('turns a network failure into a readable error', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const error = (await createApexMethod('C.m')().catch((e: unknown) => e)) as ApexCallError;
    expect(error.body.message).toBe(
      'C.m: the preview server could not be reached (Failed to fetch).'
    );
  });

  it('boxcars the calls of one task: sent one after the other, settled together', async () => {
    const answers: Array<(response: Response) => void> = [];
    fetchMock.mockImplementation(() => new Promise<Response>((resolve) => answers.push(resolve)));
    const settled: string[] = [];
    const first = createApexMethod('C.first')().then(() => settled.push('first'));
    const second = createApexMethod('C.second')().then(() => settled.push('second'));
    await flush();
    // Serially: the second action is sent only once the first has been answered.
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/apex/C.first']);
    answers[0](respond({ status: 200, body: 1 }));
    await flush();
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/apex/C.first', '/apex/C.second']);
    // The first call's answer is held until the whole boxcar has been processed.
    expect(settled).toEqual([]);
    answers[1](respond({ status: 200, body: 2 }));
    await Promise.all([first, second]);
    expect(settled).toEqual(['first', 'second']);
  });

  it('fails only the call that failed in a boxcar, and sends a later task in a boxcar of its own', async () => {
    fetchMock.mockImplementation((url: string) =>
      Promise.resolve(
        url.endsWith('C.bad')
          ? respond({ status: 500, body: { message: 'Too many query rows: 50001' } })
          : respond({ status: 200, body: url })
      )
    );
    const [good, bad] = await Promise.allSettled([
      createApexMethod('C.good')(),
      createApexMethod('C.bad')()
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: '/apex/C.good' });
    expect(bad).toMatchObject({
      status: 'rejected',
      reason: { status: 500, body: { message: 'Too many query rows: 50001' } }
    });
    await expect(createApexMethod('C.later')()).resolves.toBe('/apex/C.later');
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('works as a wire adapter: each config update provisions data or error', async () => {
    fetchMock
      .mockResolvedValueOnce(respond({ status: 200, body: { page: 1 } }))
      .mockResolvedValueOnce(respond({ status: 403, body: { message: 'no access' } }));
    const provisioned: unknown[] = [];
    const adapter = new (createApexMethod('C.m').adapter)((value) => provisioned.push(value));
    adapter.connect();
    adapter.update({ pageSize: 1 });
    await flush();
    adapter.update({ pageSize: 2 });
    await flush();
    expect(provisioned).toEqual([
      { data: { page: 1 }, error: undefined },
      {
        data: undefined,
        error: expect.objectContaining({ status: 403, body: { message: 'no access' } })
      }
    ]);
  });

  it('drops answers to outdated configs and after disconnect', async () => {
    let resolveFirst: (response: Response) => void = () => undefined;
    fetchMock
      .mockReturnValueOnce(new Promise<Response>((resolve) => (resolveFirst = resolve)))
      .mockResolvedValueOnce(respond({ status: 200, body: 'second' }))
      .mockResolvedValueOnce(respond({ status: 200, body: 'third' }));
    const provisioned: unknown[] = [];
    const adapter = new (createApexMethod('C.m').adapter)((value) => provisioned.push(value));
    adapter.connect();
    adapter.update({ n: 1 });
    adapter.update({ n: 2 });
    await flush();
    resolveFirst(respond({ status: 200, body: 'first' }));
    await flush();
    adapter.disconnect();
    adapter.update({ n: 3 });
    await flush();
    expect(provisioned).toEqual([{ data: 'second', error: undefined }]);
  });
});
