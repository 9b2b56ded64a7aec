// The gate desk (phone first, security and admin): today's visits with check-in and check-out, a
// walk-in form (registered and checked in at once), and today's vehicle log, all kept live; then
// the watch list (labels and reasons, never a document's number) with its form.
import { api, type Layout, session, type Vehicle, type Visit, type VisitForm, VisitStore, type WatchEntry, type WatchForm } from "./api";
import { clearFieldErrors, compact, connectionBanner, type FieldForm, h, langToggle, showFieldErrors, signOutButton } from "./dom";
import { connectHub } from "./hub";
import { type Key, lang, t, tc } from "./i18n";
import { atLocalTime, formatDate, formatTime, localDate, localTimeOfDay, now } from "./time";

const GATE_KEY = "campusops.gate";

/** The walk-in form's fields, in the order shown; their labels are `walkIn.<field>`. */
const fields = ["visitorName", "phone", "purpose", "hostId", "expectedDeparture", "companions", "plate", "documentNumber", "gateId"] as const;
type Field = typeof fields[number];
const optional = new Set<Field>(["plate", "documentNumber"]);

/** The watch-list form's fields, in the order shown, with the server's names for them and their labels. */
const watchFields = ["watchKind", "watchName", "watchDocument", "watchPlate", "watchReason"] as const;
type WatchField = typeof watchFields[number];
const watchServerFields: Record<string, WatchField> = {
  kind: "watchKind", name: "watchName", documentNumber: "watchDocument", plate: "watchPlate", reason: "watchReason",
};
const watchLabels: Record<WatchField, Key> = {
  watchKind: "watch.kind", watchName: "watch.name", watchDocument: "watch.documentNumber", watchPlate: "watch.plate", watchReason: "watch.reason",
};
/** The fields shown for each kind (the kind and the reason always). */
const watchKindFields: Record<string, readonly WatchField[]> = { document: ["watchName", "watchDocument"], plate: ["watchPlate"] };

/** Requested and expected visits first (by arrival), then who is on campus, then the rest. */
const statusOrder: Record<Visit["status"], number> = { requested: 0, expected: 0, "on-campus": 1, left: 2, declined: 2 };

export class GuardView {
  private readonly visits = new VisitStore();
  /** Visits heard live since the last fetch started (kept even if the fetch missed them). */
  private liveVisits = new Set<string>();
  /** Today's vehicle log by event id. */
  private readonly log = new Map<string, Vehicle>();
  private readonly names = new Map<string, string>();
  private readonly allowed = session.me?.role === "security" || session.me?.role === "admin";
  private gate: string | null;
  private root!: HTMLElement;
  private banner = connectionBanner();
  private connState = "reconnecting";
  private downSince: Date | null = null;
  private visitList = h("ol");
  private vehicleList = h("ol");
  private message = h("p");
  private form: HTMLFormElement | null = null;
  private formMessage = h("p");
  private inputs = new Map<Field, HTMLInputElement | HTMLSelectElement>();
  private errors = new Map<Field, HTMLElement>();
  /** The watch list as last fetched (null until the first fetch answers). */
  private watchEntries: WatchEntry[] | null = null;
  private watchSeq = 0;
  private watchList = h("ol");
  private watchMessage = h("p");
  private watchForm: HTMLFormElement | null = null;
  private watchFormMessage = h("p");
  private watchInputs = new Map<WatchField, HTMLInputElement | HTMLSelectElement>();
  private watchErrors = new Map<WatchField, HTMLElement>();

  constructor(private readonly campusId: string, private readonly layout: Layout, private readonly onLang: () => void) {
    for (const x of [...layout.gates, ...layout.dorms, ...layout.classrooms, ...layout.zones]) this.names.set(x.id, x.name);
    const stored = localStorage.getItem(GATE_KEY);
    this.gate = stored !== null && (stored === "" || layout.gates.some((g) => g.id === stored)) ? stored || null : layout.gates[0]?.id ?? null;
  }

  mount(root: HTMLElement): void {
    this.root = root;
    document.body.classList.add("theme-phone");
    this.render();
    if (!this.allowed) return;
    void this.loadWatch();
    connectHub(this.campusId, {
      visit: (v) => {
        if (v.campusId !== this.campusId) return;
        this.liveVisits.add(v.code);
        if (this.visits.merge(v)) this.renderVisits();
      },
      vehicle: (v) => {
        if (v.campusId !== this.campusId || this.log.has(v.eventId)) return;
        this.log.set(v.eventId, v);
        this.renderVehicles();
      },
      connected: () => this.refetch(),
      state: (state, since) => { this.connState = state; this.downSince = since; this.banner.update(state, since); },
    });
  }

  /** Language changed: rebuild, keeping what was typed in the walk-in form. */
  rerender(): void { this.render(); }

  private async refetch(): Promise<void> {
    const live = new Set<string>();
    this.liveVisits = live;
    const [visits, log] = await Promise.all([api.visits(this.campusId), api.vehicleLog(this.campusId)]);
    const fetched = new Set(visits.map((v) => v.code));
    for (const v of visits) this.visits.merge(v);
    this.visits.retain((v) => fetched.has(v.code) || live.has(v.code));
    for (const v of log) this.log.set(v.eventId, v);
    this.renderVisits();
    this.renderVehicles();
  }

  private render(): void {
    const typed = this.form ? new Map([...this.inputs].map(([f, el]) => [f, el.value])) : null;
    const typedWatch = this.watchForm ? new Map([...this.watchInputs].map(([f, el]) => [f, el.value])) : null;
    this.banner = connectionBanner();
    this.banner.update(this.connState, this.downSince);
    this.visitList = h("ol", { class: "visit-list", "data-testid": "guard-visits", "aria-live": "polite", "aria-label": t("guard.today") });
    this.vehicleList = h("ol", { class: "vehicle-log", "data-testid": "vehicle-log", "aria-label": t("guard.vehicles") });
    this.message = h("p", { class: "action-message", "data-testid": "guard-message", role: "status" });
    const gate = h("select", { id: "guard-gate", "data-field": "gate" },
      h("option", { value: "" }, t("guard.noGate")),
      ...this.layout.gates.map((g) => h("option", { value: g.id, selected: g.id === this.gate }, g.name)));
    gate.addEventListener("change", () => {
      this.gate = gate.value || null;
      localStorage.setItem(GATE_KEY, gate.value);
      const formGate = this.inputs.get("gateId");
      if (formGate) formGate.value = gate.value;
    });
    const wall = h("a", { class: "nav-link", "data-testid": "nav-wall", href: `#/wall?campus=${encodeURIComponent(this.campusId)}&lang=${lang()}` }, t("nav.wall"));
    this.root.replaceChildren(...compact(
      this.banner.el,
      h("header", { class: "phone-header" }, h("h1", {}, t("guard.title")), wall, langToggle(this.onLang)),
      h("div", { class: "operator-row" }, h("label", { for: "operator" }, t("sup.operator")),
        h("output", { id: "operator", "data-field": "operator" }, session.me?.userName ?? ""), signOutButton(session.me?.userName)),
      this.allowed ? null : h("p", { class: "hint" }, t("guard.notSecurity")),
      this.allowed ? h("div", { class: "operator-row" }, h("label", { for: "guard-gate" }, t("guard.gate")), gate) : null,
      this.allowed ? h("section", { class: "sup-section" }, h("h2", {}, t("guard.today")), this.message, this.visitList) : null,
      this.allowed ? this.walkInForm(typed) : null,
      this.allowed ? h("section", { class: "sup-section" }, h("h2", {}, t("guard.vehicles")), this.vehicleList) : null,
      this.allowed ? this.watchSection(typedWatch) : null));
    this.renderVisits();
    this.renderVehicles();
    this.renderWatch();
  }

  /** Today's visits: the local day's, and anyone still on campus from another. */
  private today(): Visit[] {
    const day = localDate(now());
    const on = (v: string | null) => v !== null && localDate(v) === day;
    return this.visits.all()
      .filter((v) => v.status === "on-campus" || on(v.checkedInAt) || on(v.checkedOutAt)
        || (localDate(v.expectedArrival) <= day && day <= localDate(v.expectedDeparture)))
      .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || Date.parse(a.expectedArrival) - Date.parse(b.expectedArrival)
        || (a.code < b.code ? -1 : 1));
  }

  private renderVisits(): void {
    const list = this.today();
    this.visitList.replaceChildren(...(list.length ? list.map((v) => this.visitItem(v)) : [h("li", { class: "empty" }, t("guard.noVisits"))]));
  }

  private visitItem(v: Visit): HTMLElement {
    const canCheckIn = v.status === "expected" || v.status === "declined";
    const button = (action: "check-in" | "check-out") => {
      const b = h("button", { type: "button", "data-action": action }, action === "check-in" ? `→ ${t("guard.checkIn")}` : `← ${t("guard.checkOut")}`);
      b.addEventListener("click", () => void this.pass(b, v, action === "check-in"));
      return b;
    };
    const passed = [
      v.checkedInAt ? `${t("direction.in")} ${formatTime(v.checkedInAt)}` : null,
      v.checkedOutAt ? `${t("direction.out")} ${formatTime(v.checkedOutAt)}` : null,
    ].filter((x) => x !== null).join(" · ");
    return h("li", { class: `visit visit-${v.status}`, "data-visit-code": v.code, "data-status": v.status },
      h("div", { class: "visit-line1" },
        h("time", { class: "visit-time" }, `${formatTime(v.expectedArrival)}–${formatTime(v.expectedDeparture)}`),
        h("span", { class: "visit-status" }, tc("visit", v.status))),
      h("div", { class: "visit-line2" },
        h("span", { class: "visit-name" }, v.visitorName),
        v.companions ? h("span", { class: "visit-companions" }, `+${v.companions}`) : null,
        h("span", { class: "visit-host" }, t("visit.for", { host: v.hostName }))),
      h("div", { class: "visit-line3" },
        v.plate ? h("span", { class: "visit-plate" }, v.plate) : null,
        h("span", { class: "visit-purpose" }, v.purpose),
        passed ? h("span", { class: "visit-passed" }, passed) : null),
      v.status === "requested"
        ? h("div", { class: "action-row" }, this.decideButton(v, true), this.decideButton(v, false))
        : canCheckIn || v.status === "on-campus"
          ? h("div", { class: "action-row" }, canCheckIn ? button("check-in") : button("check-out"))
          : null);
  }

  /** A guardian's request: approve it, or decline it with a reason (asked for). */
  private decideButton(v: Visit, approve: boolean): HTMLButtonElement {
    const b = h("button", { type: "button", "data-action": approve ? "approve" : "decline" }, t(approve ? "guard.approve" : "guard.decline"));
    b.addEventListener("click", () => void (async () => {
      const reason = approve ? "" : window.prompt(t("guard.declineReason"))?.trim() ?? "";
      if (!approve && !reason) return;
      b.disabled = true;
      this.message.textContent = "";
      try {
        await (approve ? api.approveVisit(this.campusId, v.code) : api.declineVisit(this.campusId, v.code, reason));
        this.message.textContent = t(approve ? "guard.approved" : "guard.declined", { name: v.visitorName });
        const fresh = await api.visit(this.campusId, v.code).catch(() => null);
        if (fresh && this.visits.merge(fresh)) this.renderVisits();
      } catch (e) {
        this.message.textContent = t("guard.failed", { error: e instanceof Error ? e.message : String(e) });
        b.disabled = false;
      }
    })());
    return b;
  }

  /** Checks a visitor in or out at the guard's gate; a refusal (409) says why. */
  private async pass(button: HTMLButtonElement, v: Visit, checkIn: boolean): Promise<void> {
    button.disabled = true;
    this.message.textContent = "";
    try {
      await (checkIn ? api.checkIn : api.checkOut)(this.campusId, v.code, this.gate);
      this.message.textContent = t(checkIn ? "guard.checkedIn" : "guard.checkedOut", { name: v.visitorName });
      // The hub pushes the change; fetch it too so the item updates even if the push is late.
      const fresh = await api.visit(this.campusId, v.code).catch(() => null);
      if (fresh && this.visits.merge(fresh)) this.renderVisits();
    } catch (e) {
      this.message.textContent = t("guard.failed", { error: e instanceof Error ? e.message : String(e) });
      button.disabled = false;
    }
  }

  private walkInForm(typed: Map<Field, string> | null): HTMLElement {
    this.inputs = new Map();
    this.errors = new Map();
    const input = (field: Field, attrs: Record<string, string | number | boolean>) =>
      h("input", { id: `walkin-${field}`, name: field, "data-field": field, ...attrs });
    const controls: Record<Field, HTMLInputElement | HTMLSelectElement> = {
      visitorName: input("visitorName", { type: "text", autocomplete: "off", maxlength: 100 }),
      phone: input("phone", { type: "tel", autocomplete: "off", maxlength: 32 }),
      purpose: input("purpose", { type: "text", autocomplete: "off", maxlength: 500 }),
      hostId: h("select", { id: "walkin-hostId", name: "hostId", "data-field": "hostId" },
        h("option", { value: "" }, t("walkIn.choose")),
        ...this.layout.classrooms.map((c) => h("option", { value: c.id }, c.name))),
      expectedDeparture: input("expectedDeparture", { type: "time", value: defaultDeparture() }),
      companions: input("companions", { type: "number", min: 0, max: 50, step: 1, value: 0, inputmode: "numeric" }),
      plate: input("plate", { type: "text", autocomplete: "off", maxlength: 16 }),
      documentNumber: input("documentNumber", { type: "text", autocomplete: "off", maxlength: 32 }),
      gateId: h("select", { id: "walkin-gateId", name: "gateId", "data-field": "gateId" },
        h("option", { value: "" }, t("guard.noGate")),
        ...this.layout.gates.map((g) => h("option", { value: g.id, selected: g.id === this.gate }, g.name))),
    };
    for (const f of fields) {
      const el = controls[f];
      if (typed?.has(f)) el.value = typed.get(f)!;
      this.inputs.set(f, el);
      this.errors.set(f, h("span", { class: "field-error", id: `walkin-${f}-error`, "data-error-for": f }));
      el.setAttribute("aria-describedby", `walkin-${f}-error`);
    }
    this.formMessage = h("p", { class: "action-message", "data-testid": "walk-in-message", role: "status" });
    const submit = h("button", { type: "submit", "data-action": "walk-in" }, t("walkIn.submit"));
    // The server validates (one set of rules): its messages are shown by each field.
    const form = h("form", { class: "walk-in-form", "data-testid": "walk-in", novalidate: true },
      ...fields.map((f) => h("div", { class: "form-row" },
        h("label", { for: `walkin-${f}` }, t(`walkIn.${f}` as Key), optional.has(f) ? h("span", { class: "optional" }, ` ${t("walkIn.optional")}`) : null),
        controls[f], this.errors.get(f))),
      h("div", { class: "action-row" }, submit),
      this.formMessage);
    form.addEventListener("submit", (e) => { e.preventDefault(); void this.submitWalkIn(submit); });
    this.form = form;
    return h("section", { class: "sup-section" }, h("h2", {}, t("walkIn.title")), form);
  }

  private async submitWalkIn(submit: HTMLButtonElement): Promise<void> {
    const value = (f: Field) => this.inputs.get(f)!.value.trim();
    clearFieldErrors(this.fieldForm());
    const departure = value("expectedDeparture");
    const body: VisitForm = {
      visitorName: value("visitorName"), phone: value("phone"), purpose: value("purpose"),
      hostKind: "class", hostId: value("hostId"),
      expectedDeparture: departure ? atLocalTime(localDate(now()), departure) : "",
      companions: value("companions") === "" ? 0 : Number(value("companions")),
      plate: value("plate") || undefined, documentNumber: value("documentNumber") || undefined, gateId: value("gateId") || undefined,
    };
    submit.disabled = true;
    try {
      const code = await api.walkIn(this.campusId, body);
      this.formMessage.textContent = t("walkIn.done", { name: body.visitorName, code });
      for (const f of ["visitorName", "phone", "purpose", "plate", "documentNumber"] as const) this.inputs.get(f)!.value = "";
      this.inputs.get("companions")!.value = "0";
      this.inputs.get("expectedDeparture")!.value = defaultDeparture();
      const fresh = await api.visit(this.campusId, code).catch(() => null);
      if (fresh && this.visits.merge(fresh)) this.renderVisits();
    } catch (e) {
      showFieldErrors(this.fieldForm(), e);
    } finally {
      submit.disabled = false;
    }
  }

  /** The walk-in form for its messages (the server's arrival and host kind are the departure's and the host's fields here). */
  private fieldForm(): FieldForm<Field> {
    return {
      fields, inputs: this.inputs, errors: this.errors, message: this.formMessage,
      fieldOf: (key) => fields.find((x) => x === key) ?? (key === "expectedArrival" ? "expectedDeparture" : key === "hostKind" ? "hostId" : undefined),
      label: (f) => t(`walkIn.${f}` as Key),
    };
  }

  private renderVehicles(): void {
    const day = localDate(now());
    const list = [...this.log.values()].filter((v) => localDate(v.at) === day)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.eventId < b.eventId ? 1 : -1));
    this.vehicleList.replaceChildren(...(list.length ? list.map((v) => h("li", {
      class: `vehicle-entry category-${v.category}${v.lowConfidence ? " low-confidence" : ""}`,
      "data-event-id": v.eventId, "data-plate": v.plate, "data-direction": v.direction, "data-category": v.category,
    },
      h("time", {}, formatTime(v.at)),
      h("span", { class: "vehicle-direction" }, h("span", { "aria-hidden": "true" }, v.direction === "in" ? "→" : "←"), " ", tc("direction", v.direction)),
      h("span", { class: "vehicle-plate" }, v.plate),
      h("span", { class: "vehicle-category" }, tc("category", v.category)),
      h("span", { class: "vehicle-where" }, [this.names.get(v.gateId) ?? v.gateId, v.owner, v.visitCode].filter((x) => x).join(" · ")),
      v.lowConfidence ? h("span", { class: "vehicle-low" }, t("vehicle.lowConfidence")) : null))
      : [h("li", { class: "empty" }, t("guard.noVehicles"))]));
  }

  /** The watch list and its form; what was typed is kept across a rebuild (the language). */
  private watchSection(typed: Map<WatchField, string> | null): HTMLElement {
    this.watchList = h("ol", { class: "watch-list", "aria-label": t("watch.title") });
    this.watchMessage = h("p", { class: "action-message", "data-testid": "watch-message", role: "status" });
    this.watchFormMessage = h("p", { class: "action-message", "data-testid": "watch-form-message", role: "status" });
    this.watchInputs = new Map();
    this.watchErrors = new Map();
    const input = (field: WatchField, maxlength: number) =>
      h("input", { id: `watch-${field}`, name: field, "data-field": field, type: "text", autocomplete: "off", maxlength });
    const controls: Record<WatchField, HTMLInputElement | HTMLSelectElement> = {
      watchKind: h("select", { id: "watch-watchKind", name: "watchKind", "data-field": "watchKind" },
        h("option", { value: "document" }, t("watch.kind.document")),
        h("option", { value: "plate" }, t("watch.kind.plate"))),
      watchName: input("watchName", 100),
      watchDocument: input("watchDocument", 32),
      watchPlate: input("watchPlate", 16),
      watchReason: input("watchReason", 500),
    };
    const rows = new Map<WatchField, HTMLElement>();
    for (const f of watchFields) {
      const el = controls[f];
      if (typed?.has(f)) el.value = typed.get(f)!;
      this.watchInputs.set(f, el);
      this.watchErrors.set(f, h("span", { class: "field-error", id: `watch-${f}-error`, "data-error-for": f }));
      el.setAttribute("aria-describedby", `watch-${f}-error`);
      rows.set(f, h("div", { class: "form-row" }, h("label", { for: `watch-${f}` }, t(watchLabels[f])), el, this.watchErrors.get(f)));
    }
    // A document names the person and the number; a plate is just the plate.
    const showKind = () => {
      const kind = controls.watchKind.value;
      for (const [k, list] of Object.entries(watchKindFields)) for (const f of list) rows.get(f)!.hidden = k !== kind;
    };
    controls.watchKind.addEventListener("change", showKind);
    showKind();
    const submit = h("button", { type: "submit", "data-action": "watch-add" }, t("watch.add"));
    // The server validates (one set of rules): its messages are shown by each field.
    const form = h("form", { class: "walk-in-form watch-form", "data-testid": "watch-form", novalidate: true },
      ...watchFields.map((f) => rows.get(f)!),
      h("div", { class: "action-row" }, submit),
      this.watchFormMessage);
    form.addEventListener("submit", (e) => { e.preventDefault(); void this.submitWatch(submit); });
    this.watchForm = form;
    return h("section", { class: "sup-section", "data-testid": "watch-list" },
      h("h2", {}, t("watch.title")), this.watchMessage, this.watchList, form);
  }

  private renderWatch(): void {
    const list = this.watchEntries;
    if (list === null) { this.watchList.replaceChildren(); return; }
    this.watchList.replaceChildren(...(list.length ? list.map((e) => this.watchItem(e)) : [h("li", { class: "empty" }, t("watch.empty"))]));
  }

  private watchItem(e: WatchEntry): HTMLElement {
    const remove = h("button", { type: "button", "data-action": "watch-remove", "aria-label": `${t("watch.remove")}: ${e.label}` }, t("watch.remove"));
    remove.addEventListener("click", () => void this.removeWatch(remove, e));
    return h("li", { class: `watch-entry watch-${e.kind}`, "data-watch-id": e.entryId, "data-kind": e.kind },
      h("div", { class: "watch-line1" },
        h("span", { class: "watch-label" }, e.label),
        h("span", { class: "watch-kind" }, e.kind === "document" || e.kind === "plate" ? t(`watch.kind.${e.kind}`) : e.kind)),
      h("div", { class: "watch-reason" }, e.reason),
      h("div", { class: "watch-line3" },
        h("span", { class: "watch-by" }, t("watch.by", { by: e.by, time: `${formatDate(e.at)} ${formatTime(e.at)}` })),
        remove));
  }

  /** Fetches the watch list (the server answers it with every add and remove made before, so one fetch follows a change); the newest fetch wins. */
  private async loadWatch(): Promise<void> {
    const seq = ++this.watchSeq;
    try {
      const list = await api.watchList(this.campusId);
      if (seq !== this.watchSeq) return;
      this.watchEntries = list;
      this.renderWatch();
    } catch (e) {
      if (seq === this.watchSeq) this.watchMessage.textContent = t("guard.failed", { error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** The watch-list form for its messages. */
  private watchFieldForm(): FieldForm<WatchField> {
    return {
      fields: watchFields, inputs: this.watchInputs, errors: this.watchErrors, message: this.watchFormMessage,
      fieldOf: (key) => watchServerFields[key],
      label: (f) => t(watchLabels[f]),
    };
  }

  /**
   * Adds an entry. On success the form clears (the document number is never kept on the page) and
   * the list is fetched again; on failure what was typed stays, to be corrected.
   */
  private async submitWatch(submit: HTMLButtonElement): Promise<void> {
    const value = (f: WatchField) => this.watchInputs.get(f)!.value.trim();
    clearFieldErrors(this.watchFieldForm());
    const kind = value("watchKind");
    const body: WatchForm = kind === "plate"
      ? { kind, plate: value("watchPlate"), reason: value("watchReason") }
      : { kind, name: value("watchName"), documentNumber: value("watchDocument"), reason: value("watchReason") };
    submit.disabled = true;
    let id: string;
    try {
      id = await api.watch(this.campusId, body);
    } catch (e) {
      showFieldErrors(this.watchFieldForm(), e);
      return;
    } finally {
      submit.disabled = false;
    }
    for (const f of ["watchName", "watchDocument", "watchPlate", "watchReason"] as const) this.watchInputs.get(f)!.value = "";
    this.watchFormMessage.textContent = t("watch.addedPending");
    await this.loadWatch();
    const added = this.watchEntries?.find((e) => e.entryId === id);
    if (added) this.watchFormMessage.textContent = t("watch.added", { label: added.label });
  }

  /** Removes an entry, once the guard confirms. */
  private async removeWatch(button: HTMLButtonElement, entry: WatchEntry): Promise<void> {
    if (!window.confirm(t("watch.confirmRemove", { label: entry.label }))) return;
    button.disabled = true;
    this.watchMessage.textContent = "";
    try {
      await api.unwatch(this.campusId, entry.entryId);
    } catch (e) {
      this.watchMessage.textContent = t("guard.failed", { error: e instanceof Error ? e.message : String(e) });
      button.disabled = false;
      return;
    }
    this.watchMessage.textContent = t("watch.removed", { label: entry.label });
    await this.loadWatch();
  }
}

/** Two hours from now, as "HH:mm" on the campus's clock (no later than 23:59: a visit ends on its day). */
function defaultDeparture(): string {
  const n = now();
  return localDate(n + 2 * 3600_000) === localDate(n) ? localTimeOfDay(n + 2 * 3600_000).slice(0, 5) : "23:59";
}
