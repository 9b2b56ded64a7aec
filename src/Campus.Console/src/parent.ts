// The parent view (phone first): their own child's arrival, departure and dorm check-in today; for
// the child's guardian, a form to ask to visit the child and their visit requests of a chosen day,
// whose status (requested, approved or declined with the reason) follows the hub's `visit` live.
// Only the one student's data is ever rendered: live notices and visits for other students are dropped.
import { api, type Layout, type Notice, session, type Student, type Visit, type VisitRequestForm, VisitStore } from "./api";
import { clearFieldErrors, compact, connectionBanner, type FieldForm, h, langToggle, showFieldErrors, signOutButton } from "./dom";
import { connectHub } from "./hub";
import { type Key, t, tc } from "./i18n";
import { atLocalTime, formatDate, formatTime, localDate, now, timeZone } from "./time";

type Kind = Notice["kind"];
interface Entry { at: number; kind: Kind; locationId: string | null; }
const kinds: Kind[] = ["arrival", "departure", "dorm-check-in"];
const icons: Record<Kind, string> = { arrival: "→", departure: "←", "dorm-check-in": "⌂" };

/** The request form's fields, in the order shown (the date and the two times are the visit's stay). */
const fields = ["visitorName", "phone", "purpose", "date", "expectedArrival", "expectedDeparture", "companions", "plate"] as const;
type Field = typeof fields[number];
const labels: Record<Field, Key> = {
  visitorName: "walkIn.visitorName", phone: "walkIn.phone", purpose: "walkIn.purpose", date: "request.date",
  expectedArrival: "request.expectedArrival", expectedDeparture: "request.expectedDeparture", companions: "walkIn.companions", plate: "walkIn.plate",
};
const optional = new Set<Field>(["plate"]);

/** A request's status as a parent reads it (an approved request is one the gate expects). */
const statusText = (s: Visit["status"]): string => t(`request.status.${s}` as Key);

export class ParentView {
  private student: Student | null = null;
  /** The newest place learnt live (a notice may come before the profile is fetched). */
  private latest: { location: string; since: string } | null = null;
  private readonly entries = new Map<string, Entry>();
  private readonly names = new Map<string, string>();
  private root!: HTMLElement;
  private banner = connectionBanner();
  private connState = "reconnecting";
  private downSince: Date | null = null;
  private error = "";
  private errorBox = h("div");
  private childCard = h("section");
  private today = h("section");
  /** The guardian's own requests for this child, by code (highest version kept). */
  private readonly visits = new VisitStore();
  /** Only the child's guardian asks to visit them (the server refuses anyone else). */
  private readonly canRequest: boolean;
  /** The local day whose requests are listed ("yyyy-MM-dd", the campus's). */
  private requestDay: string;
  /** The code of the request this page sent last (shown with its status until the next one). */
  private lastCode: string | null = null;
  private requestList = h("ol");
  private requestsMessage = h("p");
  private result = h("p");
  private form: HTMLFormElement | null = null;
  private formMessage = h("p");
  private inputs = new Map<Field, HTMLInputElement>();
  private errors = new Map<Field, HTMLElement>();

  constructor(private readonly campusId: string, layout: Layout, private readonly studentId: string | null, private readonly onLang: () => void) {
    for (const x of [...layout.gates, ...layout.dorms, ...layout.classrooms, ...layout.zones]) this.names.set(x.id, x.name);
    const me = session.me;
    this.canRequest = !!studentId && me?.role === "guardian" && me.children.includes(studentId);
    this.requestDay = localDate(now());
  }

  mount(root: HTMLElement): void {
    this.root = root;
    document.body.classList.add("theme-phone");
    this.render();
    if (!this.studentId) return;
    const me = this.studentId;
    connectHub(this.campusId, {
      notice: (n) => {
        if (n.campusId !== this.campusId || n.studentId !== me) return;
        this.add({ at: Date.parse(n.at), kind: n.kind, locationId: n.locationId });
        this.moved(ParentView.placeAfter(n.kind, n.locationId), n.at);
        this.paint();
      },
      presence: (moves) => {
        const mine = moves.filter((m) => m.campusId === this.campusId && m.personId === me).pop();
        if (!mine || !this.student) return;
        const kind = ParentView.moveKind(mine.from, mine.to);
        if (kind) this.add({ at: Date.parse(mine.at), kind, locationId: mine.to });
        this.moved(mine.to, mine.at);
        this.paint();
      },
      visit: (v) => { if (this.isMine(v) && this.visits.merge(v)) this.renderRequests(); },
      connected: () => Promise.all([this.refetch(), this.canRequest ? this.refetchRequests() : null]).then(() => undefined),
      state: (state, since) => { this.connState = state; this.downSince = since; this.banner.update(state, since); },
    });
  }

  /** Language changed: rebuild, keeping what was typed in the request form. */
  rerender(): void { this.render(); }

  /**
   * Where a notice leaves the child: a guardian gets notices, not presence, so the "Now:" line
   * follows them (arrival: on campus; departure: off campus; dorm check-in: in that dorm).
   */
  private static placeAfter(kind: Kind, locationId: string): string {
    if (kind === "arrival") return "on-campus";
    if (kind === "departure") return "off-campus";
    return `dorm:${locationId}`;
  }

  /** The child is at `location` since `at`, unless what the page knows is newer. */
  private moved(location: string, at: string): void {
    const known = [this.latest?.since, this.student?.since].filter((x): x is string => !!x).map((x) => Date.parse(x));
    if (known.some((k) => k > Date.parse(at))) return;
    this.latest = { location, since: at };
    if (this.student) this.student = { ...this.student, location, since: at };
  }

  /** Adds an entry unless the same kind is already there within a minute (a notice and its move). */
  private add(e: Entry): void {
    for (const x of this.entries.values()) if (x.kind === e.kind && Math.abs(x.at - e.at) < 60_000) return;
    this.entries.set(`${e.kind}|${e.at}`, e);
  }

  /** The kind of a move that a parent sees: arriving at school, leaving it, checking into the dorm. */
  private static moveKind(from: string | null, to: string | null): Kind | null {
    if (!to) return null;
    if (to === "off-campus") return from && from !== "off-campus" ? "departure" : null;
    if (!from || from === "off-campus") return "arrival";
    if (to.startsWith("dorm:") && !from.startsWith("dorm:")) return "dorm-check-in";
    return null;
  }

  private async refetch(): Promise<void> {
    const me = this.studentId!;
    try {
      const [student, timeline] = await Promise.all([api.student(this.campusId, me), api.timeline(this.campusId, me)]);
      if (student.studentId !== me) return;
      // A live notice newer than the read model's presence wins (the read model may lag a moment).
      const newer = this.latest && (!student.since || Date.parse(this.latest.since) > Date.parse(student.since));
      this.student = newer && this.latest ? { ...student, location: this.latest.location, since: this.latest.since } : student;
      for (const e of timeline) {
        const kind = e.what.startsWith("notice:") ? e.what.slice("notice:".length) as Kind
          : e.what === "moved" ? ParentView.moveKind(e.from, e.to) : null;
        if (kind && kinds.includes(kind)) this.add({ at: Date.parse(e.at), kind, locationId: e.to });
      }
      this.error = "";
    } catch (e) {
      this.error = t("error.load", { error: e instanceof Error ? e.message : String(e) });
    }
    this.paint();
  }

  /** A visit this page may show: requested by the signed-in guardian, for this child, on this campus. */
  private isMine(v: Visit): boolean {
    return this.canRequest && v.campusId === this.campusId && v.studentId === this.studentId && v.registeredBy === session.me?.userName;
  }

  /** The guardian's requests of the chosen day (the server lists only their own). */
  private async refetchRequests(): Promise<void> {
    const day = this.requestDay;
    try {
      const list = await api.visits(this.campusId, day);
      for (const v of list) if (this.isMine(v)) this.visits.merge(v);
      this.requestsMessage.textContent = "";
    } catch (e) {
      this.requestsMessage.textContent = t("error.load", { error: e instanceof Error ? e.message : String(e) });
    }
    this.renderRequests();
  }

  private placeName(loc: string | null): string {
    if (!loc) return "";
    if (loc === "on-campus") return t("loc.on-campus");
    if (loc === "off-campus") return t("loc.off-campus");
    const id = loc.includes(":") ? loc.slice(loc.indexOf(":") + 1) : loc;
    return this.names.get(id) ?? id;
  }

  private render(): void {
    const typed = this.form ? new Map([...this.inputs].map(([f, el]) => [f, el.value])) : null;
    this.banner = connectionBanner();
    this.banner.update(this.connState, this.downSince);
    this.errorBox = h("div");
    this.childCard = h("section", { class: "child-card" });
    this.today = h("section", { class: "sup-section" });
    this.root.replaceChildren(...compact(
      this.banner.el,
      h("header", { class: "phone-header" }, h("h1", {}, t("parent.title")), langToggle(this.onLang), signOutButton(session.me?.userName)),
      !this.studentId ? h("p", { class: "hint" }, t("parent.missing")) : null,
      this.errorBox,
      this.childCard,
      this.today,
      this.canRequest ? this.requestForm(typed) : null,
      this.canRequest ? this.requestsSection() : null));
    this.paint();
    if (this.canRequest) this.renderRequests();
  }

  /** The child and today's timeline (live notices repaint these only: what is being typed stays put). */
  private paint(): void {
    const s = this.student;
    const list = [...this.entries.values()].sort((a, b) => a.at - b.at);
    this.errorBox.replaceChildren(...(this.error ? [h("p", { class: "error", role: "alert" }, this.error)] : []));
    this.childCard.replaceChildren(...compact(
      h("h2", { class: "child-name", "data-testid": "parent-child" }, s?.name ?? ""),
      s ? h("p", { class: "child-where" }, s.location
        ? t("parent.where", { where: this.placeName(s.location), time: s.since ? formatTime(s.since) : "" })
        : t("parent.unknown")) : null));
    this.today.replaceChildren(
      h("h2", {}, `${t("parent.today")} · ${formatDate(now())}`),
      h("ol", { class: "timeline", "data-testid": "parent-timeline" },
        ...(list.length ? list.map((e) => h("li", { class: `timeline-item kind-${e.kind}`, "data-student-id": this.studentId!, "data-kind": e.kind },
          h("time", {}, formatTime(e.at)),
          h("span", { class: "timeline-icon", "aria-hidden": "true" }, icons[e.kind]),
          h("span", { class: "timeline-text" }, tc("notice", e.kind)),
          h("span", { class: "timeline-where" }, this.placeName(e.locationId)))) : [h("li", { class: "empty" }, t("parent.none"))])));
  }

  /** "Request a visit": who comes, why, the day and the times (campus time), companions, a plate. */
  private requestForm(typed: Map<Field, string> | null): HTMLElement {
    this.inputs = new Map();
    this.errors = new Map();
    const today = localDate(now());
    const input = (field: Field, attrs: Record<string, string | number | boolean>) =>
      h("input", { id: `request-${field}`, name: field, "data-field": field, ...attrs });
    const controls: Record<Field, HTMLInputElement> = {
      visitorName: input("visitorName", { type: "text", autocomplete: "name", maxlength: 100 }),
      phone: input("phone", { type: "tel", autocomplete: "tel", maxlength: 32 }),
      purpose: input("purpose", { type: "text", autocomplete: "off", maxlength: 500 }),
      date: input("date", { type: "date", value: today, min: today }),
      expectedArrival: input("expectedArrival", { type: "time" }),
      expectedDeparture: input("expectedDeparture", { type: "time" }),
      companions: input("companions", { type: "number", min: 0, max: 50, step: 1, value: 0, inputmode: "numeric" }),
      plate: input("plate", { type: "text", autocomplete: "off", maxlength: 16, autocapitalize: "characters" }),
    };
    for (const f of fields) {
      const el = controls[f];
      if (typed?.has(f)) el.value = typed.get(f)!;
      this.inputs.set(f, el);
      this.errors.set(f, h("span", { class: "field-error", id: `request-${f}-error`, "data-error-for": f }));
      el.setAttribute("aria-describedby", `request-${f}-error`);
    }
    const row = (f: Field) => h("div", { class: "form-row" },
      h("label", { for: `request-${f}` }, t(labels[f]), optional.has(f) ? h("span", { class: "optional" }, ` ${t("walkIn.optional")}`) : null),
      controls[f], this.errors.get(f));
    this.formMessage = h("p", { class: "action-message", "data-testid": "visit-request-message", role: "status" });
    this.result = h("p", { class: "request-result", "data-testid": "visit-request-result", role: "status", hidden: true });
    const submit = h("button", { type: "submit", "data-action": "request-visit" }, t("request.submit"));
    // The server validates (one set of rules): its messages are shown by each field.
    const form = h("form", { class: "walk-in-form request-form", "data-testid": "visit-request", novalidate: true },
      row("visitorName"), row("phone"), row("purpose"), row("date"),
      h("div", { class: "form-pair" }, row("expectedArrival"), row("expectedDeparture")),
      // A phone elsewhere (travelling): the times typed are still the school's.
      Intl.DateTimeFormat().resolvedOptions().timeZone !== timeZone() ? h("p", { class: "hint", "data-testid": "visit-request-zone" }, t("request.zone", { zone: timeZone() })) : null,
      row("companions"), row("plate"),
      h("div", { class: "action-row" }, submit),
      this.formMessage, this.result);
    form.addEventListener("submit", (e) => { e.preventDefault(); void this.submitRequest(submit); });
    this.form = form;
    return h("section", { class: "sup-section" }, h("h2", {}, t("request.title")), form);
  }

  private async submitRequest(submit: HTMLButtonElement): Promise<void> {
    const value = (f: Field) => this.inputs.get(f)!.value.trim();
    clearFieldErrors(this.fieldForm(""));
    const date = value("date"), from = value("expectedArrival"), to = value("expectedDeparture");
    const body: VisitRequestForm = {
      visitorName: value("visitorName"), phone: value("phone"), purpose: value("purpose"), studentId: this.studentId!,
      expectedArrival: date && from ? atLocalTime(date, from) : undefined,
      expectedDeparture: date && to ? atLocalTime(date, to) : undefined,
      companions: value("companions") === "" ? 0 : Number(value("companions")),
      plate: value("plate") || undefined,
    };
    submit.disabled = true;
    try {
      const code = await api.requestVisit(this.campusId, body);
      this.lastCode = code;
      for (const f of ["visitorName", "phone", "purpose", "expectedArrival", "expectedDeparture", "plate"] as const) this.inputs.get(f)!.value = "";
      this.inputs.get("companions")!.value = "0";
      // The list shows the day of the request just sent.
      if (date !== this.requestDay) {
        this.requestDay = date;
        const day = this.root.querySelector<HTMLInputElement>("[data-field=requestDay]");
        if (day) day.value = date;
        void this.refetchRequests();
      }
      this.renderRequests();
      // The hub pushes the visit to its registrant; fetch it too in case the push is late.
      const fresh = await api.visit(this.campusId, code).catch(() => null);
      if (fresh && this.isMine(fresh) && this.visits.merge(fresh)) this.renderRequests();
    } catch (e) {
      showFieldErrors(this.fieldForm(date), e);
    } finally {
      submit.disabled = false;
    }
  }

  /** The request form for its messages: without a date neither time is an instant, so the server's "required" belongs to the date. */
  private fieldForm(date: string): FieldForm<Field> {
    return {
      fields, inputs: this.inputs, errors: this.errors, message: this.formMessage,
      fieldOf: (key) => key === "expectedArrival" || key === "expectedDeparture" ? (date ? key : "date") : fields.find((x) => x === key),
      label: (f) => t(labels[f]),
    };
  }

  /** "My visit requests" of the chosen day. */
  private requestsSection(): HTMLElement {
    const day = h("input", { type: "date", id: "request-day", "data-field": "requestDay", "data-testid": "visit-requests-day", "aria-label": t("request.day"), value: this.requestDay });
    day.addEventListener("change", () => {
      this.requestDay = day.value || localDate(now());
      this.renderRequests();
      void this.refetchRequests();
    });
    this.requestList = h("ol", { class: "visit-list request-list", "data-testid": "visit-requests", "aria-live": "polite", "aria-label": t("request.mine") });
    this.requestsMessage = h("p", { class: "action-message", role: "status" });
    return h("section", { class: "sup-section" },
      h("div", { class: "requests-head" }, h("h2", {}, t("request.mine")), day),
      this.requestsMessage, this.requestList);
  }

  private renderRequests(): void {
    const day = this.requestDay;
    const list = this.visits.all()
      .filter((v) => this.isMine(v) && localDate(v.expectedArrival) <= day && day <= localDate(v.expectedDeparture))
      .sort((a, b) => Date.parse(a.expectedArrival) - Date.parse(b.expectedArrival) || (a.code < b.code ? -1 : 1));
    this.requestList.replaceChildren(...(list.length ? list.map((v) => this.requestItem(v)) : [h("li", { class: "empty" }, t("request.none"))]));
    this.paintResult();
  }

  private requestItem(v: Visit): HTMLElement {
    return h("li", { class: `visit visit-${v.status}`, "data-visit-code": v.code, "data-status": v.status },
      h("div", { class: "visit-line1" },
        h("time", { class: "visit-time" }, `${formatTime(v.expectedArrival)}–${formatTime(v.expectedDeparture)}`),
        h("span", { class: "visit-status" }, statusText(v.status))),
      h("div", { class: "visit-line2" },
        h("span", { class: "visit-name" }, v.visitorName),
        v.companions ? h("span", { class: "visit-companions" }, `+${v.companions}`) : null,
        h("span", { class: "visit-code" }, t("request.code", { code: v.code }))),
      h("div", { class: "visit-line3" },
        v.plate ? h("span", { class: "visit-plate" }, v.plate) : null,
        h("span", { class: "visit-purpose" }, v.purpose)),
      v.status === "declined" && v.note ? h("p", { class: "visit-reason" }, t("request.reason", { reason: v.note })) : null);
  }

  /** The request sent last: its code and its status, live (a request the server took is requested). */
  private paintResult(): void {
    const code = this.lastCode;
    this.result.hidden = !code;
    if (!code) { this.result.replaceChildren(); return; }
    const status = this.visits.all().find((v) => v.code === code)?.status ?? "requested";
    this.result.dataset.visitCode = code;
    this.result.dataset.status = status;
    this.result.replaceChildren(`${t("request.sent")} `, h("strong", { class: "visit-code" }, code), " · ",
      h("span", { class: `visit-status status-${status}` }, statusText(status)));
  }
}
