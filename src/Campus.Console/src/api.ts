// Typed access to the host's queries and operator commands (docs/api.md).

export type Severity = "info" | "warning" | "high" | "critical";
export type AlertStatus = "open" | "acknowledged" | "escalated" | "resolved";

export interface Campus { campusId: string; name: string; timeZone: string; }
export interface Gate { id: string; name: string; }
export interface Dorm { id: string; name: string; curfew: string; wakeUp: string; rollCall: string; expected: number; }
export interface Classroom { id: string; name: string; grade: string; students: number; }
export interface Zone { id: string; name: string; kind: string; openFrom: string | null; openTo: string | null; }
export interface Layout {
  campusId: string; name: string; timeZone: string;
  gates: Gate[]; dorms: Dorm[]; classrooms: Classroom[]; zones: Zone[];
  /** The number of students on the roster. */
  students: number;
}
export interface Step { at: string; action: string; by: string; level: number; role: string; note: string | null; }
export interface Alert {
  alertId: string; version: number; kind: string; severity: Severity; status: AlertStatus;
  level: number; role: string; campusId: string;
  subject: { kind: string; id: string; name: string };
  locationId: string; scope: string | null; raisedAt: string; updatedAt: string; message: string;
  nextEscalationAt: string | null; outcome: string | null; history: Step[];
}
export interface PresentStudent { studentId: string; name: string; since: string; }
export interface LocationPresence { locationId: string; count: number; students: PresentStudent[]; }
export interface PresenceMove { campusId: string; personId: string; from: string | null; to: string; at: string; }
export interface Notice {
  noticeId: string; campusId: string; studentId: string; studentName: string;
  kind: "arrival" | "departure" | "dorm-check-in"; at: string; locationId: string; guardianIds: string[];
}
export interface Device { deviceId: string; kind: string; locationId: string; online: boolean | null; lastHeard: string | null; }
/** A camera zone's count: people seen, not who (cameras do not identify anyone). */
export interface ZoneChange { campusId: string; zoneId: string; count: number; at: string; }
export interface DeviceChange { campusId: string; deviceId: string; locationId: string; online: boolean; lastHeard: string; at: string; }
export interface Student {
  studentId: string; name: string; grade: string; classId: string; boarding: boolean;
  dormId: string | null; location: string | null; since: string | null;
}
/**
 * A student's status in a roll call: in, on leave; while due there (a dorm's night, a class's
 * period) missing, otherwise where they are.
 */
export type RollCallStatus = "in" | "missing" | "on-leave" | "in-class" | "in-dorm" | "on-campus" | "off-campus";
export interface RollCallEntry {
  studentId: string; name: string; status: RollCallStatus;
  location: string | null; since: string | null; leaveReason: string | null;
}
export interface TimelineEntry { at: string; what: string; from: string | null; to: string | null; }

export class ApiError extends Error {
  constructor(public readonly status: number, message: string) { super(message); }
}

/** The signed-in account (GET /api/v1/auth/me). */
export interface Me {
  userName: string; role: "admin" | "security" | "supervisor" | "teacher" | "guardian"; campusId: string;
  dorms: string[]; classes: string[]; children: string[]; guardianId: string | null;
}

/** The signed-in account, set once at start-up by main.ts. */
export const session: { me: Me | null } = { me: null };

const base = "/api/v1";
const enc = encodeURIComponent;

/** Where the console goes when the session is missing or over: the sign-in view, coming back here afterwards. */
export function toSignIn(): void {
  const here = location.hash.replace(/^#\/?/, "");
  if (here.startsWith("signin")) return;
  history.replaceState(null, "", "#/signin" + (here ? `?next=${enc(here)}` : ""));
  location.reload();
}

/** The anti-forgery token for unsafe requests (sent in X-CSRF-TOKEN), fetched once per session. */
let csrf: Promise<string> | null = null;
function csrfToken(): Promise<string> {
  csrf ??= fetch(base + "/auth/antiforgery", { cache: "no-store", credentials: "same-origin" })
    .then(async (r) => { if (!r.ok) throw new ApiError(r.status, "no anti-forgery token"); return ((await r.json()) as { token: string }).token; })
    .catch((e) => { csrf = null; throw e; });
  return csrf;
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(base + path, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" });
  if (res.status === 401) toSignIn();
  if (!res.ok) throw new ApiError(res.status, `${res.status} ${res.statusText}: GET ${path}`);
  return (await res.json()) as T;
}

async function post(path: string, body: unknown, signedIn = true): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": crypto.randomUUID() };
  if (signedIn) headers["X-CSRF-TOKEN"] = await csrfToken();
  const res = await fetch(base + path, { method: "POST", headers, body: JSON.stringify(body), credentials: "same-origin" });
  if (res.status === 401 && signedIn) toSignIn();
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const problem = (await res.json()) as { title?: string; detail?: string; errors?: Record<string, string[]> };
      detail = problem.errors ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ")
        : problem.detail ?? problem.title ?? detail;
    } catch { /* not JSON */ }
    throw new ApiError(res.status, detail);
  }
  return res;
}

export const api = {
  me: () => get<Me>("/auth/me"),
  signIn: async (userName: string, password: string) => (await post("/auth/signin", { userName, password }, false)).json() as Promise<Me>,
  guardianSignIn: async (code: string) => (await post("/auth/guardian", { code }, false)).json() as Promise<Me>,
  signOut: async () => { await post("/auth/signout", {}); csrf = null; },
  campuses: () => get<Campus[]>("/campuses"),
  layout: (c: string) => get<Layout>(`/campuses/${enc(c)}`),
  alerts: (c: string, status = "open") => get<Alert[]>(`/campuses/${enc(c)}/alerts?status=${enc(status)}`),
  alert: (c: string, id: string) => get<Alert>(`/campuses/${enc(c)}/alerts/${enc(id)}`),
  presence: (c: string) => get<LocationPresence[]>(`/campuses/${enc(c)}/presence`),
  devices: (c: string) => get<Device[]>(`/campuses/${enc(c)}/devices`),
  student: (c: string, s: string) => get<Student>(`/campuses/${enc(c)}/students/${enc(s)}`),
  timeline: (c: string, s: string) => get<TimelineEntry[]>(`/campuses/${enc(c)}/students/${enc(s)}/timeline`),
  rollcall: (c: string, by: { dorm?: string; class?: string }) =>
    get<RollCallEntry[]>(`/campuses/${enc(c)}/rollcall?` + (by.dorm ? `dorm=${enc(by.dorm)}` : `class=${enc(by.class ?? "")}`)),
  // Who acts is the signed-in account: the server takes it from the session.
  acknowledge: async (c: string, alertId: string, note: string) => { await post(`/campuses/${enc(c)}/alerts/${enc(alertId)}/acknowledge`, { note }); },
  resolve: async (c: string, alertId: string, outcome: string, note: string) => {
    await post(`/campuses/${enc(c)}/alerts/${enc(alertId)}/resolve`, { outcome, note });
  },
};

const severityRank: Record<Severity, number> = { critical: 0, high: 1, warning: 2, info: 3 };

/** Most severe first, then oldest first (the API's order). */
export function compareAlerts(a: Alert, b: Alert): number {
  return severityRank[a.severity] - severityRank[b.severity] || Date.parse(a.raisedAt) - Date.parse(b.raisedAt)
    || (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0);
}

/** Alerts by id, keeping the highest version of each. */
export class AlertStore {
  private readonly byId = new Map<string, Alert>();

  /** Merges one alert; true when it changed what is stored. */
  merge(alert: Alert): boolean {
    const old = this.byId.get(alert.alertId);
    if (old && old.version >= alert.version) return false;
    this.byId.set(alert.alertId, alert);
    return true;
  }

  get(id: string): Alert | undefined { return this.byId.get(id); }

  /** Unresolved alerts, most severe first then oldest. */
  open(filter: (a: Alert) => boolean = () => true): Alert[] {
    return [...this.byId.values()].filter((a) => a.status !== "resolved" && filter(a)).sort(compareAlerts);
  }

  /** Removes resolved alerts older than the given ms, so a days-long wall display stays small. */
  prune(olderThanMs: number, now: number): void {
    for (const [id, a] of this.byId) if (a.status === "resolved" && now - Date.parse(a.updatedAt) > olderThanMs) this.byId.delete(id);
  }
}
