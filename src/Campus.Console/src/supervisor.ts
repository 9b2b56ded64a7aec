// The supervisor view (phone first): only their dorm or class; acknowledge with a note, resolve
// with an outcome and a note; the roll call; a notice when a visitor arrives for them (their class).
import { type Alert, AlertStore, api, dailyReportUrl, type Layout, type RollCallEntry, type RollCallStatus, session, type VisitorArrival } from "./api";
import { alertSummary, compact, connectionBanner, h, langToggle, refreshClocks, signOutButton } from "./dom";
import { connectHub } from "./hub";
import { lang, t, tc } from "./i18n";
import { formatTime } from "./time";

export const outcomes = ["found", "late-return", "leave-added", "false-alarm", "device-fault", "other"] as const;

/** The order of the counts line: who is in, then who needs a look, then where the others are. */
const countOrder: RollCallStatus[] = ["in", "missing", "on-leave", "in-class", "in-dorm", "on-campus", "off-campus"];
const rollIcons: Record<RollCallStatus, string> = {
  in: "✓", missing: "✗", "on-leave": "‖", "in-class": "✎", "in-dorm": "⌂", "on-campus": "◉", "off-campus": "↗",
};

export class SupervisorView {
  private readonly alerts = new AlertStore();
  private readonly names = new Map<string, string>();
  private roll: RollCallEntry[] = [];
  private rollIds = new Set<string>();
  /** Who acts: the signed-in account (the server records it from the session). */
  private readonly operator = session.me?.userName ?? "";
  private root!: HTMLElement;
  private list = h("ol");
  private rollList = h("ol");
  private rollCounts = h("p");
  private banner = connectionBanner();
  private connState = "reconnecting";
  private downSince: Date | null = null;
  /** Alert items by id, kept across updates so a note being typed is never lost. */
  private items = new Map<string, { li: HTMLElement; version: number; summary: HTMLElement; message: HTMLElement }>();
  private rollTimer: number | undefined;
  /** Visitors who arrived for this account or its class, newest first, until dismissed. */
  private arrivals: VisitorArrival[] = [];
  private arrivalList = h("ol");

  constructor(private readonly campusId: string, layout: Layout,
    private readonly scope: { dorm?: string; class?: string }, private readonly onLang: () => void) {
    for (const x of [...layout.gates, ...layout.dorms, ...layout.classrooms, ...layout.zones]) this.names.set(x.id, x.name);
  }

  private get scoped(): boolean { return !!(this.scope.dorm || this.scope.class); }

  /** Only alerts of this dorm or class. */
  private mine = (a: Alert): boolean => {
    if (this.scope.dorm) return a.scope === `dorm:${this.scope.dorm}` || a.locationId === this.scope.dorm;
    if (this.scope.class) return a.scope === `class:${this.scope.class}` || a.locationId === this.scope.class;
    return false;
  };

  mount(root: HTMLElement): void {
    this.root = root;
    document.body.classList.add("theme-phone");
    this.render();
    if (!this.scoped) return;
    connectHub(this.campusId, {
      alert: (a) => { if (a.campusId === this.campusId && this.mine(a) && this.alerts.merge(a)) this.updateAlerts(); },
      presence: (moves) => { if (moves.some((m) => this.rollIds.has(m.personId))) this.scheduleRoll(); },
      visitorArrived: (a) => {
        if (a.campusId !== this.campusId || this.arrivals.some((x) => x.code === a.code && x.at === a.at)) return;
        this.arrivals = [a, ...this.arrivals].slice(0, 10);
        this.renderArrivals();
      },
      connected: () => this.refetch(),
      state: (state, since) => { this.connState = state; this.downSince = since; this.banner.update(state, since); },
    });
    setInterval(() => refreshClocks(this.root), 1000);
    setInterval(() => this.scheduleRoll(), 60_000);
  }

  rerender(): void { this.items.clear(); this.render(); }

  private async refetch(): Promise<void> {
    const open = await api.alerts(this.campusId);
    const openIds = new Set(open.map((a) => a.alertId));
    const stale = this.alerts.open(this.mine).filter((a) => !openIds.has(a.alertId));
    const refreshed = await Promise.all(stale.map((a) => api.alert(this.campusId, a.alertId).catch(() => null)));
    for (const a of [...open, ...refreshed]) if (a && this.mine(a)) this.alerts.merge(a);
    this.updateAlerts();
    await this.loadRoll();
  }

  private scheduleRoll(): void {
    if (this.rollTimer !== undefined) return;
    this.rollTimer = window.setTimeout(() => { this.rollTimer = undefined; void this.loadRoll(); }, 1000);
  }

  private async loadRoll(): Promise<void> {
    try {
      this.roll = await api.rollcall(this.campusId, this.scope);
      this.rollIds = new Set(this.roll.map((r) => r.studentId));
    } catch (e) { console.warn("roll call failed", e); }
    this.renderRoll();
  }

  private render(): void {
    this.banner = connectionBanner();
    this.banner.update(this.connState, this.downSince);
    const operator = h("output", { id: "operator", "data-field": "operator" }, this.operator);
    const where = this.scope.dorm ? t("sup.dorm", { name: this.names.get(this.scope.dorm) ?? this.scope.dorm })
      : this.scope.class ? t("sup.class", { name: this.names.get(this.scope.class) ?? this.scope.class }) : t("sup.title");
    this.list = h("ol", { class: "alert-list sup-alerts", "aria-live": "polite", "aria-label": t("alerts.title") });
    this.rollList = h("ol", { class: "rollcall-list" });
    this.rollCounts = h("p", { class: "roll-counts" });
    this.arrivalList = h("ol", { class: "arrival-list", "data-testid": "visitor-arrivals", "aria-live": "assertive" });
    this.root.replaceChildren(...compact(
      this.banner.el,
      h("header", { class: "phone-header" },
        h("h1", {}, where),
        // The latest closed day's report: the server gives a teacher their classes' attendance and a supervisor their dorms' night.
        this.scoped ? h("a", { class: "nav-link", "data-testid": "nav-report", href: dailyReportUrl(this.campusId, lang()), target: "_blank", rel: "noopener" }, t("nav.report")) : null,
        langToggle(this.onLang)),
      // Sign-out sits by the account it ends (in the page's flow: it covers no row).
      h("div", { class: "operator-row" }, h("label", { for: "operator" }, t("sup.operator")), operator, signOutButton(session.me?.userName)),
      this.scoped ? null : h("p", { class: "hint" }, t("sup.none")),
      this.arrivalList,
      h("section", { class: "sup-section" }, h("h2", {}, t("alerts.title")), this.list),
      h("section", { class: "sup-section", "data-testid": "rollcall", "aria-label": t("roll.title") },
        h("div", { class: "roll-head" }, h("h2", {}, t("roll.title")),
          h("button", { type: "button", class: "secondary", onclick: () => void this.loadRoll() }, "⟳ ", t("roll.refresh"))),
        this.rollCounts, this.rollList)));
    this.updateAlerts();
    this.renderRoll();
    this.renderArrivals();
  }

  /** "Visitor X (+N) has arrived for <host>", each with its time and a dismiss button. */
  private renderArrivals(): void {
    this.arrivalList.replaceChildren(...this.arrivals.map((a) => {
      const dismiss = h("button", { type: "button", class: "secondary", "data-action": "dismiss", "aria-label": t("arrival.dismiss") }, "✕");
      dismiss.addEventListener("click", () => { this.arrivals = this.arrivals.filter((x) => x !== a); this.renderArrivals(); });
      return h("li", { class: "arrival", role: "status", "data-visit-code": a.code },
        h("time", {}, formatTime(a.at)),
        h("span", { class: "arrival-text" }, t("arrival.notice", { name: a.visitorName, companions: a.companions ? t("arrival.companions", { n: a.companions }) : "", host: a.hostName })),
        dismiss);
    }));
  }

  private locationName = (id: string) => this.names.get(id) ?? id;

  /** Adds, updates and removes alert items in place (inputs keep what was typed). */
  private updateAlerts(): void {
    const open = this.alerts.open(this.mine);
    const ids = new Set(open.map((a) => a.alertId));
    for (const [id, item] of this.items) if (!ids.has(id)) { item.li.remove(); this.items.delete(id); }
    this.list.querySelector(".empty")?.remove();
    if (!open.length) this.list.append(h("li", { class: "empty" }, t("alerts.none")));
    open.forEach((a, index) => {
      let item = this.items.get(a.alertId);
      if (!item) item = this.createItem(a);
      else if (item.version !== a.version) {
        const summary = alertSummary(a, this.locationName);
        item.summary.replaceWith(summary);
        item.summary = summary;
        item.version = a.version;
      }
      item.li.dataset.status = a.status;
      item.li.dataset.severity = a.severity;
      item.li.className = `alert sev-${a.severity} status-${a.status}`;
      const ack = item.li.querySelector<HTMLButtonElement>("[data-action=acknowledge]");
      if (ack) ack.disabled = a.status === "acknowledged";
      if (this.list.children[index] !== item.li) this.list.insertBefore(item.li, this.list.children[index] ?? null);
    });
    refreshClocks(this.list);
  }

  private createItem(a: Alert) {
    const id = a.alertId.replace(/[^a-zA-Z0-9_-]/g, "_");
    const summary = alertSummary(a, this.locationName);
    const message = h("p", { class: "action-message", role: "status" });
    const note = h("textarea", { id: `note-${id}`, "data-field": "note", rows: 2 }) as HTMLTextAreaElement;
    const outcome = h("select", { id: `outcome-${id}`, "data-field": "outcome" },
      ...outcomes.map((o) => h("option", { value: o }, tc("outcome", o)))) as HTMLSelectElement;
    const act = async (button: HTMLButtonElement, run: () => Promise<void>) => {
      button.disabled = true;
      message.textContent = "";
      try {
        await run();
        message.textContent = t("sup.sent");
        note.value = "";
        // The hub pushes the change; fetch it too so the item updates even if the push is late.
        const fresh = await api.alert(this.campusId, a.alertId).catch(() => null);
        if (fresh && this.alerts.merge(fresh)) this.updateAlerts();
      } catch (e) {
        message.textContent = t("sup.failed", { error: e instanceof Error ? e.message : String(e) });
      } finally {
        button.disabled = this.alerts.get(a.alertId)?.status === "acknowledged" && button.dataset.action === "acknowledge";
      }
    };
    const ack = h("button", { type: "button", "data-action": "acknowledge" }, "✓ ", t("sup.ack")) as HTMLButtonElement;
    ack.addEventListener("click", () => void act(ack, () => api.acknowledge(this.campusId, a.alertId, note.value.trim())));
    const resolve = h("button", { type: "button", "data-action": "resolve" }, "✔ ", t("sup.resolve")) as HTMLButtonElement;
    resolve.addEventListener("click", () => {
      if (!note.value.trim()) { message.textContent = t("sup.noteRequired"); note.focus(); return; }
      void act(resolve, () => api.resolve(this.campusId, a.alertId, outcome.value, note.value.trim()));
    });
    const li = h("li", { class: `alert sev-${a.severity}`, "data-alert-id": a.alertId, "data-status": a.status, "data-severity": a.severity },
      summary,
      h("div", { class: "alert-actions" },
        h("label", { for: `note-${id}` }, t("sup.note")), note,
        h("div", { class: "action-row" }, ack),
        h("label", { for: `outcome-${id}` }, t("sup.outcome")),
        h("div", { class: "action-row" }, outcome, resolve),
        message));
    const item = { li, version: a.version, summary, message };
    this.items.set(a.alertId, item);
    return item;
  }

  /**
   * The roll call as the server judges it for now: at night (a class: during a period) in, missing
   * or on leave; at other times where each student is. The counts name every status present, "in" always.
   */
  private renderRoll(): void {
    const counts = new Map<RollCallStatus, number>();
    for (const r of this.roll) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    this.rollCounts.textContent = countOrder.filter((st) => st === "in" || counts.has(st))
      .map((st) => t(`roll.n.${st}`, { n: counts.get(st) ?? 0 })).join(" · ");
    this.rollList.replaceChildren(...this.roll.map((r) => h("li", { class: `roll roll-${r.status}`, "data-student-id": r.studentId, "data-rollcall": r.status },
      h("span", { class: "roll-status" }, h("span", { "aria-hidden": "true" }, rollIcons[r.status] ?? "·"), " ", tc("roll", r.status)),
      h("span", { class: "roll-name" }, r.name),
      h("span", { class: "roll-where" },
        r.status === "on-leave" && r.leaveReason ? r.leaveReason
          : r.location ? `${this.placeName(r.location)}${r.since ? " · " + formatTime(r.since) : ""}` : ""))));
  }

  private placeName(loc: string): string {
    if (loc === "on-campus") return t("loc.on-campus");
    if (loc === "off-campus") return t("loc.off-campus");
    const id = loc.includes(":") ? loc.slice(loc.indexOf(":") + 1) : loc;
    return this.names.get(id) ?? loc;
  }
}
