/**
 * What the preview and the report need of a pulled org: the fields of the
 * collector's OrgPull (scripts/orgs/pull/pull-orgs.ts, the issue-14
 * contract) and the views the preview's org filter offers.
 */
import type { OrgData } from '../../preview/data/org-data';
import type { OrgPull } from '../pull/pull-orgs';
import { ALL_ORGS_LABEL, mergeOrgData, type MergedOrgs } from './merge-orgs';

/** One org's pull: the collector's OrgPull itself. */
export type PulledOrg = OrgPull;

/** Progress of a pull, as the collector reports it (PullProgress). */
export interface PullProgressLine {
  org: string;
  phase: string;
  message: string;
}

/**
 * Pulls the given orgs; one org's failure never rejects (the collector's pullOrgs, bound).
 * `signal` interrupts the pull (Ctrl-C: see interrupt.ts and PullOptions.signal).
 */
export type PullTargets = (
  targetOrgs: string[],
  onProgress: (event: PullProgressLine) => void,
  signal?: AbortSignal
) => Promise<PulledOrg[]>;

/** Key of the merged view in the org filter (?org=all). */
export const ALL_ORGS_KEY = 'all';

/** One choice of the org filter. */
export interface OrgView {
  /** ?org=<key>: ALL_ORGS_KEY, or the org's position (1-based) among the orgs asked for. */
  key: string;
  label: string;
  status: PulledOrg['status'] | 'merged';
  data: OrgData;
}

/** What the org filter offers and what it must name as missing. */
export interface OrgViews {
  /** The merged view first (when two or more orgs have data), then each org with data. */
  views: OrgView[];
  /** Orgs that are failed or partial, with their failures: the page's banner names them. */
  incomplete: { org: string; status: PulledOrg['status']; failures: string[] }[];
  merged: MergedOrgs | null;
}

/** The views of the pulled orgs (see OrgViews); the orgs keep the order asked for. */
export function orgViews(pulls: readonly PulledOrg[]): OrgViews {
  const views: OrgView[] = [];
  const withData = pulls.flatMap((pull, index) =>
    pull.data ? [{ pull, data: pull.data, key: String(index + 1) }] : []
  );
  let merged: MergedOrgs | null = null;
  if (withData.length > 1) {
    merged = mergeOrgData(withData.map(({ pull, data }) => ({ org: pull.org, data })));
    views.push({ key: ALL_ORGS_KEY, label: ALL_ORGS_LABEL, status: 'merged', data: merged.data });
  }
  for (const { pull, data, key } of withData) {
    views.push({ key, label: pull.org, status: pull.status, data });
  }
  const incomplete = pulls
    .filter((pull) => pull.status !== 'complete')
    .map((pull) => ({
      org: pull.org,
      status: pull.status,
      failures: pull.failures.length ? pull.failures : ['no reason given']
    }));
  return { views, incomplete, merged };
}
