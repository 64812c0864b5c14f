/**
 * The preview's `lightning/platformResourceLoader`: loadScript and loadStyle
 * add a <script> / <link> to the page once per URL, as the platform does, and
 * resolve when it has loaded.
 */

const loaded = new Map<string, Promise<void>>();

function loadOnce(url: string, create: () => HTMLElement): Promise<void> {
  let promise = loaded.get(url);
  if (!promise) {
    promise = new Promise<void>((resolve, reject) => {
      const element = create();
      element.addEventListener('load', () => resolve());
      element.addEventListener('error', () => {
        loaded.delete(url);
        reject(new Error(`Could not load ${url}.`));
      });
      document.head.appendChild(element);
    });
    loaded.set(url, promise);
  }
  return promise;
}

/** Loads a script resource once. @param _component the calling component (unused here) */
export function loadScript(_component: unknown, url: string): Promise<void> {
  return loadOnce(url, () => {
    const script = document.createElement('script');
    script.src = url;
    script.async = false;
    return script;
  });
}

/** Loads a stylesheet resource once. @param _component the calling component (unused here) */
export function loadStyle(_component: unknown, url: string): Promise<void> {
  return loadOnce(url, () => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = url;
    return link;
  });
}
