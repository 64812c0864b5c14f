/**
 * The preview's org filter, server side (`npm start -- --target-org A
 * --target-org B`): one set of local controllers per view ("All orgs" and
 * each org), chosen per request.
 *
 * The page at `/?org=<key>` shows one view. The LWC components stay as they
 * are in an org (an org's page only ever sees its own org), so their Apex
 * calls carry no org: the server reads the view from the page that made the
 * call, the Referer header. With the referrer policy the page sets,
 * `<meta name="referrer" content="same-origin">`, a browser sends "the origin,
 * path, and query string for same-origin requests" (MDN, Referrer-Policy:
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy).
 * The page is always served with its ?org= (a bare `/` is redirected to the
 * default view), so a call whose Referer is missing or lacks ?org= (a browser
 * set to trim referrers) is refused rather than answered from a guessed view.
 * The status endpoint takes the view as `/preview/status?org=<key>`.
 */
import type { ApexDispatcher } from './apex-dispatcher';
import type { DataProblem } from '../data/problems';

/** Query parameter naming the view: `/?org=<key>`. */
export const ORG_PARAM = 'org';

/** One choice of the filter. */
export interface OrgChoice {
  key: string;
  label: string;
  /** complete / partial pull, or merged ("All orgs"). */
  status: string;
}

/** An org that is missing from the views or only partly there. */
export interface IncompleteOrg {
  org: string;
  status: string;
  failures: string[];
}

/** What the status endpoint says about the views. */
export interface OrgFilterStatus {
  /** The view this page shows. */
  selected: string;
  choices: OrgChoice[];
  incomplete: IncompleteOrg[];
}

/** The views the server answers for. */
export interface OrgViewRouter {
  /** The view of a page without ?org= (the first choice). */
  defaultKey: string;
  choices: OrgChoice[];
  incomplete: IncompleteOrg[];
  /** The controllers of a view; null for an unknown key. */
  apex(key: string): ApexDispatcher | null;
  /** Source and problems of a view; null for an unknown key. */
  status(key: string): { source: string; problems: DataProblem[] } | null;
}

/** The ?org= value of a request target or page URL; null when absent or not a URL. */
export function orgKeyOf(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    return new URL(url, 'http://preview.invalid').searchParams.get(ORG_PARAM);
  } catch {
    return null;
  }
}

/** Why an Apex call cannot be routed to a view, or its dispatcher. */
export function routeApex(
  router: OrgViewRouter,
  referer: string | undefined
): { apex: ApexDispatcher } | { status: 400 | 404; message: string } {
  if (!referer) {
    return {
      status: 400,
      message:
        'The preview serves several orgs and cannot tell which one this call is for (the browser sent no Referer). Reload the page from the org filter.'
    };
  }
  const key = orgKeyOf(referer);
  if (key === null) {
    return {
      status: 400,
      message:
        'The preview serves several orgs and the calling page named none (its address reached the preview without ?org=, perhaps trimmed by a browser privacy setting). Reload the page from the org filter.'
    };
  }
  const apex = router.apex(key);
  return apex ? { apex } : { status: 404, message: `The preview has no org view "${key}".` };
}
