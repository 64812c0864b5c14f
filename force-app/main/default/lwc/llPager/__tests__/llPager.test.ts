import { createElement } from 'lwc';
import LlPager from 'c/llPager';

type Pager = HTMLElement & { summary: string; previousDisabled: boolean; nextDisabled: boolean };
type Button = HTMLElement & { disabled: boolean };

function mount(
  props: Partial<Pick<Pager, 'summary' | 'previousDisabled' | 'nextDisabled'>>
): Pager {
  const element = createElement('c-ll-pager', { is: LlPager }) as Pager;
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

const byId = <T extends Element = HTMLElement>(element: HTMLElement, id: string) =>
  element.shadowRoot!.querySelector(`[data-id="${id}"]`) as T;

describe('c-ll-pager', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows the summary in a polite live region and disables the buttons it is told to', () => {
    const element = mount({
      summary: 'Rows 1–50 of 105, page 1 of 3',
      previousDisabled: true,
      nextDisabled: false
    });
    const summary = byId(element, 'pager-summary');
    expect(summary.textContent).toBe('Rows 1–50 of 105, page 1 of 3');
    expect(summary.getAttribute('aria-live')).toBe('polite');
    expect(byId<Button>(element, 'previous').disabled).toBe(true);
    expect(byId<Button>(element, 'next').disabled).toBe(false);
  });

  it('raises previous and next, and follows new values', async () => {
    const element = mount({ summary: 'Rows 51–100 of 105, page 2 of 3' });
    const raised: string[] = [];
    element.addEventListener('previous', () => raised.push('previous'));
    element.addEventListener('next', () => raised.push('next'));
    byId(element, 'next').click();
    byId(element, 'previous').click();
    expect(raised).toEqual(['next', 'previous']);

    element.summary = 'Rows 101–105 of 105, page 3 of 3';
    element.nextDisabled = true;
    await Promise.resolve();
    expect(byId(element, 'pager-summary').textContent).toBe('Rows 101–105 of 105, page 3 of 3');
    expect(byId<Button>(element, 'next').disabled).toBe(true);
  });
});
