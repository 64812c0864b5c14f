/**
 * Turns any error the page can meet (Apex AuraHandledException, UI API, network,
 * plain JS) into readable messages, and names the permission to ask for when the
 * server says one is missing.
 */

type ErrorBody = {
  message?: unknown;
  output?: {
    errors?: { message?: unknown }[];
    fieldErrors?: Record<string, { message?: unknown }[]>;
  };
};
type ErrorLike =
  | { body?: ErrorBody | ErrorBody[]; message?: unknown; statusText?: unknown }
  | null
  | undefined;

function messagesOfBody(body: ErrorBody): string[] {
  const messages: string[] = [];
  if (typeof body.message === 'string') messages.push(body.message);
  for (const item of body.output?.errors ?? []) {
    if (typeof item.message === 'string') messages.push(item.message);
  }
  for (const fieldErrors of Object.values(body.output?.fieldErrors ?? {})) {
    for (const item of fieldErrors) {
      if (typeof item.message === 'string') messages.push(item.message);
    }
  }
  return messages;
}

function messagesOf(error: ErrorLike): string[] {
  if (!error) return [];
  if (Array.isArray(error.body)) return error.body.flatMap(messagesOfBody);
  if (error.body && typeof error.body === 'object') {
    const fromBody = messagesOfBody(error.body);
    if (fromBody.length) return fromBody;
  }
  if (typeof error.message === 'string') return [error.message];
  if (typeof error.statusText === 'string') return [error.statusText];
  return [];
}

/** Reduces one or many errors to a de-duplicated list of non-empty messages. */
export function reduceErrors(errors: unknown): string[] {
  const list = (Array.isArray(errors) ? errors : [errors]) as ErrorLike[];
  const seen = new Set<string>();
  for (const error of list) {
    for (const message of messagesOf(error)) {
      const trimmed = message.trim();
      if (trimmed) seen.add(trimmed);
    }
  }
  return [...seen];
}

/** System permissions the server names in its "missing permission" messages. */
export const KNOWN_PERMISSIONS = [
  'View Setup and Configuration',
  'Monitor Login History',
  'View All Users',
  'Manage Internal Users',
  'Freeze Users',
  'Assign Permission Sets',
  'Manage Users',
  'Collect License Lens History'
] as const;

/**
 * Which License Lens permission set grants each permission; null when none of
 * ours does (Assign Permission Sets, Freeze Users and Manage Users are
 * deliberately not granted: reclaim needs Manage Users from the admin's profile).
 */
const PERMISSION_SET_GRANTING: Readonly<Record<(typeof KNOWN_PERMISSIONS)[number], string | null>> =
  {
    'View Setup and Configuration': 'License Lens Viewer',
    'Monitor Login History': 'License Lens Viewer',
    'View All Users': 'License Lens Viewer',
    'Manage Internal Users': 'License Lens Reclaim Admin',
    'Freeze Users': null,
    'Assign Permission Sets': null,
    'Manage Users': null,
    'Collect License Lens History': 'License Lens History Admin'
  };

/** The License Lens permission set that grants a permission, or null. */
export function permissionSetGranting(permission: string | null): string | null {
  if (!permission || !(permission in PERMISSION_SET_GRANTING)) return null;
  return PERMISSION_SET_GRANTING[permission as (typeof KNOWN_PERMISSIONS)[number]];
}

/** The permission an error message says is missing, if it names a known one. */
export function missingPermission(messages: readonly string[]): string | null {
  for (const message of messages) {
    for (const permission of KNOWN_PERMISSIONS) {
      if (message.includes(permission)) return permission;
    }
  }
  return null;
}
