import { reduceErrors, missingPermission, permissionSetGranting } from 'c/llErrors';

describe('reduceErrors', () => {
  it('reads Apex AuraHandledException bodies', () => {
    expect(reduceErrors({ body: { message: 'Missing View Setup and Configuration' } })).toEqual([
      'Missing View Setup and Configuration'
    ]);
  });

  it('reads UI API arrays, page errors and field errors', () => {
    expect(reduceErrors({ body: [{ message: 'one' }, { message: 'two' }] })).toEqual([
      'one',
      'two'
    ]);
    expect(
      reduceErrors({
        body: {
          output: { errors: [{ message: 'page' }], fieldErrors: { Name: [{ message: 'field' }] } }
        }
      })
    ).toEqual(['page', 'field']);
  });

  it('reads JS errors and HTTP status text, skipping nulls, blanks and duplicates', () => {
    expect(
      reduceErrors([
        new Error('boom'),
        null,
        undefined,
        { statusText: 'Server Error' },
        new Error('boom'),
        new Error('  ')
      ])
    ).toEqual(['boom', 'Server Error']);
  });

  it('returns nothing for shapes it cannot read', () => {
    expect(reduceErrors({ body: { message: 42 } })).toEqual([]);
    expect(reduceErrors(undefined)).toEqual([]);
  });
});

describe('missingPermission', () => {
  it('names the permission mentioned by a server message', () => {
    expect(missingPermission(['You need the Monitor Login History permission.'])).toBe(
      'Monitor Login History'
    );
    expect(missingPermission(['Timeout'])).toBeNull();
  });

  it('names the permissions the reclaim actions need', () => {
    const needs = (labels: string) =>
      `License Lens needs the ${labels} to remove permission set licenses from users.`;
    expect(missingPermission([needs('"Assign Permission Sets" permission')])).toBe(
      'Assign Permission Sets'
    );
    expect(missingPermission([needs('"Manage Users" permission')])).toBe('Manage Users');
    expect(missingPermission([needs('"Freeze Users" permission')])).toBe('Freeze Users');
    expect(missingPermission([needs('"Manage Internal Users" permission')])).toBe(
      'Manage Internal Users'
    );
  });
});

describe('permissionSetGranting', () => {
  it('names the License Lens permission set that grants each permission', () => {
    expect(permissionSetGranting('View Setup and Configuration')).toBe('License Lens Viewer');
    expect(permissionSetGranting('Monitor Login History')).toBe('License Lens Viewer');
    expect(permissionSetGranting('View All Users')).toBe('License Lens Viewer');
    expect(permissionSetGranting('Manage Internal Users')).toBe('License Lens Reclaim Admin');
    expect(permissionSetGranting('Collect License Lens History')).toBe(
      'License Lens History Admin'
    );
    expect(
      missingPermission([
        'License Lens needs the "Collect License Lens History" permission to start the job.'
      ])
    ).toBe('Collect License Lens History');
  });

  it('returns null for permissions License Lens never grants, unknown ones and null', () => {
    expect(permissionSetGranting('Assign Permission Sets')).toBeNull();
    expect(permissionSetGranting('Freeze Users')).toBeNull();
    expect(permissionSetGranting('Manage Users')).toBeNull();
    expect(permissionSetGranting('Modify All Data')).toBeNull();
    expect(permissionSetGranting(null)).toBeNull();
  });
});
