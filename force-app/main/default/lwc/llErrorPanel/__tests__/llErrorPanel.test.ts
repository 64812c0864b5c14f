import { createElement } from 'lwc';
import LlErrorPanel from 'c/llErrorPanel';

type Panel = HTMLElement & { errors: unknown; friendlyMessage: string };

function mount(errors: unknown): Panel {
  const element = createElement('c-ll-error-panel', { is: LlErrorPanel }) as Panel;
  element.errors = errors;
  document.body.appendChild(element);
  return element;
}

const byId = (element: HTMLElement, id: string) =>
  element.shadowRoot!.querySelector(`[data-id="${id}"]`);

describe('c-ll-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows the friendly message and the permission to ask for', () => {
    const element = mount({
      body: { message: 'Insufficient access: Monitor Login History is required.' }
    });
    expect(byId(element, 'friendly')!.textContent!.trim()).toBe(
      'Something went wrong while loading License Lens data.'
    );
    expect(byId(element, 'permission')!.textContent).toContain('Monitor Login History');
    expect(byId(element, 'permission')!.textContent).toContain(
      'License Lens Viewer permission set'
    );
  });

  it('names the Reclaim Admin permission set for reclaim permissions', () => {
    const element = mount({
      body: { message: 'Deactivating users needs "Manage Internal Users".' }
    });
    expect(byId(element, 'permission')!.textContent).toContain('License Lens Reclaim Admin');
  });

  it('says when no License Lens permission set grants the permission', () => {
    const element = mount({
      body: { message: 'Removing licenses needs "Assign Permission Sets".' }
    });
    const text = byId(element, 'permission')!.textContent!;
    expect(text).toContain('Assign Permission Sets');
    expect(text).toContain('leave it out on purpose');
    expect(text).not.toContain('permission set includes it');
  });

  it('reveals the raw messages on demand, and hides them again', async () => {
    const element = mount([{ body: { message: 'first' } }, new Error('second')]);
    const toggle = byId(element, 'toggle') as HTMLButtonElement;
    expect(byId(element, 'details')).toBeNull();
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    toggle.click();
    await Promise.resolve();
    const items = [...element.shadowRoot!.querySelectorAll('[data-id="details"] li')].map(
      (li) => li.textContent
    );
    expect(items).toEqual(['first', 'second']);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent!.trim()).toBe('Hide details');

    toggle.click();
    await Promise.resolve();
    expect(byId(element, 'details')).toBeNull();
  });

  it('has no toggle or permission line when nothing readable came back', () => {
    const element = mount(undefined);
    expect(byId(element, 'toggle')).toBeNull();
    expect(byId(element, 'permission')).toBeNull();
  });

  it('is accessible', async () => {
    const element = mount({ body: { message: 'View Setup and Configuration missing' } });
    await expect(element).toBeAccessible();
  });
});
