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

export type VisitStatus = "requested" | "expected" | "declined" | "on-campus" | "left";
/** A visit (GET .../visits, the hub's `visit`): the document number is never sent, only its last four characters. */
export interface Visit {
  code: string; campusId: string; version: number; status: VisitStatus;
  visitorName: string; phone: string; purpose: string;
  hostKind: "staff" | "class"; hostId: string; hostName: string;
  expectedArrival: string; expectedDeparture: string; companions: number;
  plate: string | null; documentLast4: string | null; walkIn: boolean; registeredBy: string; studentId: string | null;
  checkedInAt: string | null; checkedOutAt: string | null; gateId: string | null; decidedBy: string | null; note: string | null; at: string;
}
/** A visitor has arrived (the hub's `visitorArrived`, sent to their host only). */
export interface VisitorArrival {
  code: string; campusId: string; visitorName: string; companions: number;
  hostKind: "staff" | "class"; hostId: string; hostName: string; gateId: string | null; at: string;
}
export type VehicleCategory = "staff" | "service" | "delivery" | "visitor" | "unknown" | "watched";
/** One passage of a vehicle (the vehicle log, the vehicles inside, the hub's `vehicle`). */
export interface Vehicle {
  campusId: string; eventId: string; deviceId: string; gateId: string; plate: string;
  direction: "in" | "out"; confidence: number; lowConfidence: boolean; category: VehicleCategory;
  owner: string | null; visitCode: string | null;
  /** Vehicles inside after this passage, by the server's count. */
  inside: number; at: string;
}
/** The body of a walk-in (or a registration): the host is a class or a staff member's user name. */
export interface VisitForm {
  visitorName: string; phone: string; purpose: string; hostKind: "staff" | "class"; hostId: string;
  expectedArrival?: string; expectedDeparture: string; companions: number;
  plate?: string; documentNumber?: string; gateId?: string;
}
/**
 * A guardian's visit request (POST .../visit-requests): the host is the child's class. A time left
 * out is sent as missing, so the server names it with the other fields.
 */
export interface VisitRequestForm {
  visitorName: string; phone: string; purpose: string; studentId: string;
  expectedArrival?: string; expectedDeparture?: string; companions: number; plate?: string;
}

/** A watch-list entry (GET .../watch-list): a document's label is the name with its last four characters, never the number. */
export interface WatchEntry { entryId: string; kind: "document" | "plate"; label: string; reason: string; by: string; at: string; }
/** The body of a watch-list entry: a document (its number and the person's name) or a plate, and why. */
export interface WatchForm { kind: string; documentNumber?: string; name?: string; plate?: string; reason: string; }

export class ApiError extends Error {
  /** `fields`: a validation problem's messages by field (`visitorName`, `phone`, ...). */
  constructor(public readonly status: number, message: string, public readonly fields: Record<string, string[]> = {}) { super(message); }
}

/** The signed-in account (GET /api/v1/auth/me); `campuses`: a county account's (it has no `campusId`). */
export interface Me {
  userName: string; role: "admin" | "security" | "supervisor" | "teacher" | "guardian" | "county"; campusId: string;
  dorms: string[]; classes: string[]; children: string[]; guardianId: string | null; campuses: string[];
}

/** How many are where they should be, of how many are expected there. */
export interface Headcount { count: number; expected: number; }
/** One campus on the county wall (GET /api/v1/county/overview, the hub's `countyTile`). */
export interface CampusTile {
  campusId: string; name: string; timeZone: string;
  alerts: Record<Severity, number>;
  /** Students not off campus, of the roster less those on leave. */
  onCampus: Headcount;
  /** While some dorm's boarders are due in it: in those dorms, of their boarders less those on leave; null otherwise. */
  inDorms: Headcount | null;
  missingAtNight: number; devicesOffline: number; devices: number;
  oldestUnacknowledgedCritical: { alertId: string; message: string; raisedAt: string } | null;
  at: string;
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
  return send("POST", path, body, signedIn);
}

/** A DELETE command, sent as `post` sends: the anti-forgery token and a fresh Idempotency-Key. */
async function del(path: string): Promise<Response> {
  return send("DELETE", path, undefined, true);
}

async function send(method: "POST" | "DELETE", path: string, body: unknown, signedIn: boolean): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", "Idempotency-Key": crypto.randomUUID() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (signedIn) headers["X-CSRF-TOKEN"] = await csrfToken();
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  if (res.status === 401 && signedIn) toSignIn();
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    let fields: Record<string, string[]> = {};
    try {
      const problem = (await res.json()) as { title?: string; detail?: string; errors?: Record<string, string[]> };
      detail = problem.errors ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ")
        : problem.detail ?? problem.title ?? detail;
      fields = problem.errors ?? {};
    } catch { /* not JSON */ }
    throw new ApiError(res.status, detail, fields);
  }
  return res;
}

export const api = {
  me: () => get<Me>("/auth/me"),
  signIn: async (userName: string, password: string) => (await post("/auth/signin", { userName, password }, false)).json() as Promise<Me>,
  guardianSignIn: async (code: string) => (await post("/auth/guardian", { code }, false)).json() as Promise<Me>,
  signOut: async () => { await post("/auth/signout", {}); csrf = null; },
  campuses: () => get<Campus[]>("/campuses"),
  /** The county wall: one tile per campus of the account, what needs attention first. */
  countyOverview: () => get<CampusTile[]>("/county/overview"),
  /** The open critical and high alerts of the account's campuses, newest first. */
  countyAlerts: () => get<Alert[]>("/county/alerts"),
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
  /**
   * The visits of a local day ("yyyy-MM-dd"; default today, the campus's day by the host's clock)
   * and everyone on campus now, as far as the account sees them (a guardian: their own requests).
   */
  visits: (c: string, date?: string) => get<Visit[]>(`/campuses/${enc(c)}/visits` + (date ? `?date=${enc(date)}` : "")),
  visit: (c: string, code: string) => get<Visit>(`/campuses/${enc(c)}/visits/${enc(code)}`),
  vehiclesInside: (c: string) => get<Vehicle[]>(`/campuses/${enc(c)}/vehicles/inside`),
  /** Today's vehicle log. */
  vehicleLog: (c: string) => get<Vehicle[]>(`/campuses/${enc(c)}/vehicles/log`),
  /** A walk-in: registered and checked in at once; answers the visit code. */
  walkIn: async (c: string, form: VisitForm) => ((await (await post(`/campuses/${enc(c)}/visits/walk-in`, form)).json()) as { id: string }).id,
  checkIn: async (c: string, code: string, gateId: string | null) => { await post(`/campuses/${enc(c)}/visits/${enc(code)}/check-in`, { gateId }); },
  checkOut: async (c: string, code: string, gateId: string | null) => { await post(`/campuses/${enc(c)}/visits/${enc(code)}/check-out`, { gateId }); },
  /** A guardian asks to visit their child (a fresh Idempotency-Key per call, so per submission); answers the visit code. */
  requestVisit: async (c: string, form: VisitRequestForm) =>
    ((await (await post(`/campuses/${enc(c)}/visit-requests`, form)).json()) as { id: string }).id,
  approveVisit: async (c: string, code: string) => { await post(`/campuses/${enc(c)}/visits/${enc(code)}/approve`, {}); },
  declineVisit: async (c: string, code: string, reason: string) => { await post(`/campuses/${enc(c)}/visits/${enc(code)}/decline`, { reason }); },
  /** The watch list (labels and reasons; security and admin). */
  watchList: (c: string) => get<WatchEntry[]>(`/campuses/${enc(c)}/watch-list`),
  /** Adds a watch-list entry; answers its id. */
  watch: async (c: string, form: WatchForm) => ((await (await post(`/campuses/${enc(c)}/watch-list`, form)).json()) as { id: string }).id,
  unwatch: async (c: string, entryId: string) => { await del(`/campuses/${enc(c)}/watch-list/${enc(entryId)}`); },
};

/** The printable daily report of a campus (no date: the latest closed day), opened in a new tab. */
export const dailyReportUrl = (c: string, language: string): string => `${base}/campuses/${enc(c)}/reports/daily.html?lang=${enc(language)}`;

/** The county daily report (yesterday) of the account's campuses, as CSV. */
export const countyReportCsvUrl = `${base}/county/reports/daily.csv`;

const severityRank: Record<Severity, number> = { critical: 0, high: 1, warning: 2, info: 3 };

/** Most severe first, then oldest first (the API's order). */
export function compareAlerts(a: Alert, b: Alert): number {
  return severityRank[a.severity] - severityRank[b.severity] || Date.parse(a.raisedAt) - Date.parse(b.raisedAt)
    || (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0);
}

/** Visits by code, keeping the highest version of each. */
export class VisitStore {
  private readonly byCode = new Map<string, Visit>();

  /** Merges one visit; true when it changed what is stored. */
  merge(visit: Visit): boolean {
    const old = this.byCode.get(visit.code);
    if (old && old.version >= visit.version) return false;
    this.byCode.set(visit.code, visit);
    return true;
  }

  /** Forgets the visits `keep` says no to (after a refetch: neither today's nor on campus any more). */
  retain(keep: (v: Visit) => boolean): void {
    for (const [code, v] of this.byCode) if (!keep(v)) this.byCode.delete(code);
  }

  all(): Visit[] { return [...this.byCode.values()]; }

  /** The visitors on campus now, who came first first. */
  onCampus(): Visit[] {
    return this.all().filter((v) => v.status === "on-campus")
      .sort((a, b) => Date.parse(a.checkedInAt ?? a.at) - Date.parse(b.checkedInAt ?? b.at) || (a.code < b.code ? -1 : 1));
  }
}

/**
 * The vehicles inside, from the log's passages: an "in" puts a plate inside (since that entry, as
 * the server's list has it), an "out" takes it out; a low-confidence read moves nothing. A passage older than what is
 * known of its plate changes nothing, so a late fetch never undoes a newer live message.
 */
export class VehiclesInside {
  private readonly latest = new Map<string, { at: number; inside: Vehicle | null; seq: number }>();
  private seq = 0;

  /** A mark to pass to `replace` (taken before the fetch starts). */
  mark(): number { return this.seq; }

  /** Applies one passage; true when it changed what is inside. */
  apply(v: Vehicle): boolean {
    if (v.lowConfidence) return false;
    const at = Date.parse(v.at), old = this.latest.get(v.plate);
    if (old && old.at > at) return false;
    const inside = v.direction === "in" ? v : null;
    this.latest.set(v.plate, { at, inside, seq: ++this.seq });
    return !!old?.inside || !!inside;
  }

  /** The vehicles inside as fetched; a plate not among them and not heard of since `mark` is outside. */
  replace(inside: Vehicle[], mark: number): void {
    const fetched = new Set(inside.map((v) => v.plate));
    for (const [plate, x] of this.latest) if (!fetched.has(plate) && x.seq <= mark && x.inside) this.latest.set(plate, { ...x, inside: null });
    for (const v of inside) {
      const old = this.latest.get(v.plate), at = Date.parse(v.at);
      if (old && (old.seq > mark || old.at > at)) continue;
      this.latest.set(v.plate, { at, inside: v, seq: old?.seq ?? 0 });
    }
  }

  /** The vehicles inside, who came first first. */
  list(): Vehicle[] {
    return [...this.latest.values()].flatMap((x) => (x.inside ? [x.inside] : [])).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }
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
