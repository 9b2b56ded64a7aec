// The wall display: map, tiles, live alert list, visitors and vehicles on campus, ticker, sound and
// flash, clock, connection banner. For a county account it is read-only (it follows the campus with
// Watch, has no gate desk, visitors or vehicles, and links back to the county wall); the wall has no
// commands for anyone (acknowledging and resolving are the supervisor view's). Its header links to
// the daily report's printable page (admin, security and a county account).
import { type Alert, AlertStore, api, dailyReportUrl, type Device, type Layout, session, type Severity, type Vehicle, VehiclesInside, type Visit, VisitStore } from "./api";
import { alertSummary, connectionBanner, h, isAlarming, langToggle, refreshClocks, severityIcon, shortPlace, signOutButton } from "./dom";
import { connectHub } from "./hub";
import { lang, t, tc } from "./i18n";
import { CampusMap, type LocationState } from "./map";
import { formatClock, formatDate, formatTime, inNight, localTimeOfDay, now } from "./time";

const severities: Severity[] = ["critical", "high", "warning", "info"];
const rank: Record<Severity, number> = { critical: 0, high: 1, warning: 2, info: 3 };
const MUTE_KEY = "campusops.muted";

interface TickerItem { at: number; text: () => string; severity?: Severity; }

export class WallView {
  private readonly alerts = new AlertStore();
  private readonly whereIs = new Map<string, string>();
  /** People each camera zone sees now, with the time of the count (newest wins). */
  private readonly zoneCounts = new Map<string, { count: number; at: number }>();
  private readonly devices = new Map<string, Device>();
  private readonly visits = new VisitStore();
  /** Visits heard live since the last fetch started (kept even if the fetch missed them). */
  private liveVisits = new Set<string>();
  private readonly vehicles = new VehiclesInside();
  private readonly ticker: TickerItem[] = [];
  private readonly names = new Map<string, string>();
  private readonly known = new Set<string>();
  private loaded = false;
  private muted = localStorage.getItem(MUTE_KEY) === "1";
  private audio: AudioContext | null = null;
  private lastBeep = 0;
  private renderQueued = false;
  private connState = "reconnecting";
  private downSince: Date | null = null;
  private root!: HTMLElement;
  private map!: CampusMap;

  constructor(private readonly campusId: string, private readonly layout: Layout, private readonly onLang: () => void) {
    for (const x of [...layout.gates, ...layout.dorms, ...layout.classrooms, ...layout.zones]) this.names.set(x.id, x.name);
  }

  /** A county account: reads the campus, acts on nothing, and sees no visitors or vehicles. */
  private readonly readOnly = session.me?.role === "county";

  mount(root: HTMLElement): void {
    this.root = root;
    document.body.classList.add("theme-wall");
    if (this.readOnly) document.body.dataset.readOnly = "true";
    this.render();
    connectHub(this.campusId, {
      alert: (a) => { if (a.campusId === this.campusId) this.mergeAlerts([a], true); },
      presence: (moves) => {
        for (const m of moves) if (m.campusId === this.campusId) this.whereIs.set(m.personId, m.to);
        this.queue();
      },
      notice: (n) => {
        if (n.campusId !== this.campusId) return;
        this.addTicker({ at: Date.parse(n.at), text: () => t("ticker.notice", { student: n.studentName, kind: tc("notice", n.kind) }) });
      },
      zone: (z) => {
        if (z.campusId !== this.campusId) return;
        const at = Date.parse(z.at);
        if ((this.zoneCounts.get(z.zoneId)?.at ?? -Infinity) > at) return;
        this.zoneCounts.set(z.zoneId, { count: z.count, at });
        this.queue();
      },
      device: (d) => {
        if (d.campusId !== this.campusId) return;
        const old = this.devices.get(d.deviceId);
        this.devices.set(d.deviceId, { deviceId: d.deviceId, kind: old?.kind ?? "", locationId: d.locationId, online: d.online, lastHeard: d.lastHeard });
        this.addTicker({ at: Date.parse(d.at), text: () => t(d.online ? "ticker.device.online" : "ticker.device.offline", { device: this.deviceName(d.deviceId) ?? d.deviceId }), severity: d.online ? undefined : "warning" });
      },
      visit: (v) => {
        if (v.campusId !== this.campusId) return;
        this.liveVisits.add(v.code);
        if (this.visits.merge(v)) this.queue();
      },
      vehicle: (v) => { if (v.campusId === this.campusId && this.vehicles.apply(v)) this.queue(); },
      connected: () => Promise.all([this.refetch(), this.readOnly ? null : this.refetchGate()]).then(() => undefined),
      state: (state, since) => { this.connState = state; this.downSince = since; this.banner.update(state, since); },
    });
    setInterval(() => this.tick(), 1000);
    // A wall has no scroll bar: how many alerts fit depends on the screen (and on the fonts, once loaded).
    window.addEventListener("resize", () => this.queue());
    void document.fonts?.ready.then(() => this.queue());
  }

  /** Language changed: rebuild every element from the state held. */
  rerender(): void { this.render(); }

  private banner = connectionBanner();

  private async refetch(): Promise<void> {
    const [open, presence, devices] = await Promise.all([api.alerts(this.campusId), api.presence(this.campusId), api.devices(this.campusId)]);
    // Alerts resolved while we were away are not in the open list: ask for each one still open here.
    const openIds = new Set(open.map((a) => a.alertId));
    const stale = this.alerts.open().filter((a) => !openIds.has(a.alertId));
    const refreshed = await Promise.all(stale.map((a) => api.alert(this.campusId, a.alertId).catch(() => null)));
    this.mergeAlerts([...open, ...refreshed.filter((a): a is Alert => a !== null)], this.loaded);
    if (!this.loaded) {
      // Start the ticker with the latest alert changes so a fresh wall is not blank.
      for (const a of [...open].sort((x, y) => Date.parse(x.updatedAt) - Date.parse(y.updatedAt)).slice(-10)) this.addTicker(this.alertTicker(a), false);
    }
    this.whereIs.clear();
    for (const loc of presence) for (const st of loc.students) this.whereIs.set(st.studentId, loc.locationId);
    this.zoneCounts.clear();
    for (const loc of presence) {
      if (loc.locationId.startsWith("zone:")) this.zoneCounts.set(loc.locationId.slice(5), { count: loc.count, at: -Infinity });
    }
    this.devices.clear();
    for (const d of devices) this.devices.set(d.deviceId, d);
    this.loaded = true;
    this.queue();
  }

  /**
   * The visits of the day with everyone on campus now, and the vehicles inside. A visit the page
   * still holds that is in neither (it left on another day) is dropped; so is a vehicle no longer
   * inside. Security's lists: for other accounts the vehicles are not shown.
   */
  private async refetchGate(): Promise<void> {
    const live = new Set<string>();
    this.liveVisits = live;
    const mark = this.vehicles.mark();
    const [visits, inside] = await Promise.all([
      api.visits(this.campusId).catch((e: unknown) => { console.warn("visits failed", e); return null; }),
      api.vehiclesInside(this.campusId).catch((e: unknown) => { console.warn("vehicles failed", e); return null; }),
    ]);
    if (visits) {
      const fetched = new Set(visits.map((v) => v.code));
      for (const v of visits) this.visits.merge(v);
      this.visits.retain((v) => fetched.has(v.code) || live.has(v.code));
    }
    if (inside) this.vehicles.replace(inside, mark);
    this.queue();
  }

  private mergeAlerts(list: Alert[], live: boolean): void {
    let changed = false;
    for (const a of list) {
      if (!this.alerts.merge(a)) continue;
      changed = true;
      const isNew = !this.known.has(a.alertId);
      this.known.add(a.alertId);
      if (live) this.addTicker(this.alertTicker(a), false);
      if (live && isNew && isAlarming(a)) this.beep(true);
    }
    if (changed) this.queue();
  }

  private alertTicker(a: Alert): TickerItem {
    return { at: Date.parse(a.updatedAt), severity: a.severity, text: () => t("ticker.alert", {
      severity: severityIcon[a.severity], kind: tc("kind", a.kind), subject: this.subjectName(a) ?? (a.subject.name || a.subject.id), status: tc("status", a.status) }) };
  }

  private addTicker(item: TickerItem, render = true): void {
    this.ticker.unshift(item);
    this.ticker.length = Math.min(this.ticker.length, 40);
    if (render) this.queue();
  }

  private queue(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => { this.renderQueued = false; this.update(); });
  }

  // ---- rendering -------------------------------------------------------------------------

  private tiles = {
    onCampus: h("div"), inDorms: h("div"), openAlerts: h("div"), devicesOffline: h("div"),
  };
  private alertList = h("ol");
  private visitorPanel = { el: h("section"), title: h("h2"), list: h("ol") };
  private vehiclePanel = { el: h("section"), title: h("h2"), list: h("ol") };
  private tickerList = h("ol");
  private clock = h("div");
  private muteButton = h("button");

  private render(): void {
    this.banner = connectionBanner();
    this.banner.update(this.connState, this.downSince);
    this.map = new CampusMap(this.layout);
    const tile = (id: string, label: string) =>
      h("section", { class: "tile", "data-testid": id, "aria-label": label }, h("h2", { class: "tile-label" }, label), h("div", { class: "tile-body" }));
    const onCampus = tile("tile-on-campus", t("tile.onCampus"));
    const inDorms = tile("tile-in-dorms", t("tile.inDorms"));
    const openAlerts = tile("tile-open-alerts", t("tile.openAlerts"));
    const offline = tile("tile-devices-offline", t("tile.devicesOffline"));
    this.tiles = {
      onCampus: onCampus.querySelector(".tile-body")!, inDorms: inDorms.querySelector(".tile-body")!,
      openAlerts: openAlerts.querySelector(".tile-body")!, devicesOffline: offline.querySelector(".tile-body")!,
    };
    this.alertList = h("ol", { class: "alert-list", "data-testid": "alert-list", "aria-live": "polite", "aria-label": t("alerts.title") });
    this.tickerList = h("ol", { class: "ticker-list" });
    this.clock = h("div", { class: "clock", "data-testid": "clock", "aria-label": "clock" });
    this.muteButton = h("button", { type: "button", class: "mute-toggle", "data-testid": "mute-toggle", "aria-label": t("mute.label"), onclick: () => this.toggleMute() });
    this.paintMute();
    const panel = (id: string, label: string) => {
      const title = h("h2", {}), list = h("ol", { class: "gate-list" });
      return { el: h("section", { class: "gate-panel", "data-testid": id, "aria-label": label }, title, list), title, list };
    };
    this.visitorPanel = panel("wall-visitors", t("visitors.title", { n: "" }));
    this.vehiclePanel = panel("wall-vehicles", t("vehicles.title", { n: "" }));
    const security = session.me?.role === "security" || session.me?.role === "admin";

    this.root.replaceChildren(
      this.banner.el,
      h("header", { class: "wall-header" },
        h("h1", { class: "campus-name" }, this.layout.name),
        this.clock,
        h("div", { class: "header-actions" },
          this.readOnly ? h("span", { class: "read-only-badge", "data-testid": "read-only" }, t("wall.readOnly")) : null,
          this.readOnly ? h("a", { class: "nav-link", "data-testid": "nav-county", href: `#/county?lang=${document.documentElement.lang}` }, t("nav.county")) : null,
          security ? h("a", { class: "nav-link", "data-testid": "nav-guard", href: `#/guard?campus=${encodeURIComponent(this.campusId)}&lang=${document.documentElement.lang}` }, t("nav.guard")) : null,
          // The latest closed day's printable report, in the page's language, for the wall's viewers.
          security || this.readOnly ? h("a", { class: "nav-link", "data-testid": "nav-report", href: dailyReportUrl(this.campusId, lang()), target: "_blank", rel: "noopener" }, t("nav.report")) : null,
          this.muteButton, langToggle(this.onLang), signOutButton(session.me?.userName))),
      h("section", { class: "tiles" }, onCampus, inDorms, openAlerts, offline),
      h("main", { class: "wall-main" },
        h("section", { class: "map-panel", "aria-label": t("map.title") }, this.map.el),
        h("div", { class: "wall-side" },
          h("section", { class: "alerts-panel" }, h("h2", {}, t("alerts.title")), this.alertList),
          this.readOnly ? null : h("div", { class: "gate-panels" }, this.visitorPanel.el, this.vehiclePanel.el))),
      h("footer", { class: "ticker", "data-testid": "ticker", "aria-label": t("ticker.title") },
        h("h2", { class: "ticker-label" }, t("ticker.title")), this.tickerList));
    this.update();
  }

  private locationName = (id: string): string => {
    if (id === "on-campus") return t("loc.on-campus");
    if (id === "off-campus") return t("loc.off-campus");
    const d = this.devices.get(id);
    return this.names.get(id) ?? (d ? `${id} (${this.names.get(d.locationId) ?? d.locationId})` : id);
  };

  /** A device as people name it: its place and what it is ("North Gate reader"), in the page's language. */
  private deviceName(id: string): string | undefined {
    const d = this.devices.get(id);
    if (!d || !d.kind) return undefined;
    return `${shortPlace(this.names.get(d.locationId) ?? d.locationId)} ${tc("device", d.kind)}`;
  }

  private subjectName = (a: Alert): string | undefined => (a.subject.kind === "device" ? this.deviceName(a.subject.id) : undefined);

  /**
   * Shows as many alerts as fit and says how many more there are: the list is most severe first,
   * so the hidden ones are always the least severe (and the first alert is always shown).
   */
  private fitAlerts(open: Alert[]): void {
    const list = this.alertList;
    const items = [...list.querySelectorAll<HTMLElement>(":scope > li.alert")];
    const overflows = () => list.scrollHeight > list.clientHeight + 1;
    list.dataset.hidden = "0";
    if (!items.length || !overflows()) return;
    const more = h("li", { class: "alerts-hidden", "data-testid": "alerts-hidden", role: "status" });
    list.append(more);
    let hidden = 0;
    const describe = () => {
      const bySev = new Map<Severity, number>();
      for (const a of open.slice(open.length - hidden)) bySev.set(a.severity, (bySev.get(a.severity) ?? 0) + 1);
      more.dataset.count = String(hidden);
      more.className = `alerts-hidden sev-${open[open.length - hidden]?.severity ?? "info"}`;
      more.replaceChildren(t("alerts.hidden", { n: hidden }), ...severities.filter((sv) => bySev.has(sv)).map((sv) =>
        h("span", { class: `sev-chip sev-${sv}`, "data-severity": sv }, h("span", { "aria-hidden": "true" }, severityIcon[sv]), ` ${tc("severity", sv)} ${bySev.get(sv)}`)));
    };
    for (let i = items.length - 1; i > 0 && (hidden === 0 || overflows()); i--) {
      items[i].hidden = true;
      hidden++;
      describe();
    }
    list.dataset.hidden = String(hidden);
  }

  private update(): void {
    const open = this.alerts.open();
    // Alert list: most severe first then oldest; what does not fit is counted, not cut off.
    this.alertList.replaceChildren(...(open.length ? open.map((a) => h("li", {
      class: `alert sev-${a.severity} status-${a.status}${isAlarming(a) ? " alarming" : ""}`,
      "data-alert-id": a.alertId, "data-status": a.status, "data-severity": a.severity, tabindex: 0,
    }, alertSummary(a, this.locationName, this.subjectName))) : [h("li", { class: "empty" }, t("alerts.none"))]));
    this.fitAlerts(open);

    // Counts.
    const counts = new Map<string, number>();
    for (const loc of this.whereIs.values()) counts.set(loc, (counts.get(loc) ?? 0) + 1);
    let onCampus = 0;
    for (const [loc, n] of counts) if (loc !== "off-campus") onCampus += n;
    const time = localTimeOfDay();
    let inDorms = 0, expected = 0, afterAny = false;
    for (const d of this.layout.dorms) {
      inDorms += counts.get(`dorm:${d.id}`) ?? 0;
      expected += d.expected;
      if (inNight(time, d.curfew, d.wakeUp)) afterAny = true;
    }
    const bySev: Record<Severity, number> = { critical: 0, high: 0, warning: 0, info: 0 };
    for (const a of open) bySev[a.severity]++;
    const devices = [...this.devices.values()];
    const offline = devices.filter((d) => d.online === false);

    this.tiles.onCampus.replaceChildren(h("span", { class: "tile-value" }, String(onCampus)), h("span", { class: "tile-sub" }, `/ ${this.layout.students}`));
    this.tiles.inDorms.replaceChildren(
      h("span", { class: "tile-value" }, String(inDorms)),
      h("span", { class: "tile-sub" }, t("tile.inDorms.expected", { n: expected }) + (afterAny ? "" : ` · ${t("tile.inDorms.beforeCurfew")}`)));
    this.tiles.inDorms.parentElement!.dataset.state = afterAny && inDorms < expected ? "short" : "ok";
    this.tiles.openAlerts.replaceChildren(
      h("span", { class: "tile-value" }, String(open.length)),
      h("span", { class: "tile-sevs" }, ...severities.map((sv) => h("span", { class: `sev-chip sev-${sv}`, "data-severity": sv, title: tc("severity", sv) },
        h("span", { "aria-hidden": "true" }, severityIcon[sv]), ` ${tc("severity", sv)} ${bySev[sv]}`))));
    this.tiles.openAlerts.parentElement!.dataset.state = bySev.critical ? "critical" : bySev.high ? "high" : open.length ? "warning" : "ok";
    this.tiles.devicesOffline.replaceChildren(h("span", { class: "tile-value" }, String(offline.length)), h("span", { class: "tile-sub" }, t("tile.devices.of", { n: devices.length })));
    this.tiles.devicesOffline.parentElement!.dataset.state = offline.length ? "warning" : "ok";

    // Map: the highest severity of open alerts per location (a device's alert counts at its location).
    const sevAt = new Map<string, Severity>();
    const mark = (id: string | null | undefined, sv: Severity) => {
      if (!id) return;
      const old = sevAt.get(id);
      if (!old || rank[sv] < rank[old]) sevAt.set(id, sv);
    };
    for (const a of open) {
      mark(a.locationId, a.severity);
      mark(this.devices.get(a.locationId)?.locationId, a.severity);
      if (a.scope?.startsWith("dorm:")) mark(a.scope.slice(5), a.severity);
    }
    for (const d of offline) mark(d.locationId, "warning");
    const dorms = new Map(this.layout.dorms.map((d) => [d.id, d]));
    this.map.update((id): LocationState => {
      const d = dorms.get(id);
      return {
        severity: sevAt.get(id),
        count: d ? counts.get(`dorm:${id}`) ?? 0 : counts.get(`classroom:${id}`) ?? this.zoneCounts.get(id)?.count,
        expected: d?.expected,
        afterCurfew: d ? inNight(time, d.curfew, d.wakeUp) : undefined,
      };
    });

    this.updateGate();

    // Ticker.
    this.tickerList.replaceChildren(...this.ticker.slice(0, 12).map((i) => h("li", { class: i.severity ? `sev-${i.severity}` : "" },
      h("time", {}, formatTime(i.at)), " ", i.text())));

    document.body.classList.toggle("flash", open.some(isAlarming));
    refreshClocks(this.root);
  }

  /** Who is on campus and whom they visit (name → host, since HH:mm); the vehicles inside (plate, category, since). */
  private updateGate(): void {
    const visitors = this.visits.onCampus();
    this.visitorPanel.title.textContent = t("visitors.title", { n: visitors.length });
    this.visitorPanel.el.dataset.count = String(visitors.length);
    this.visitorPanel.list.replaceChildren(...(visitors.length ? visitors.map((v: Visit) => h("li", { class: "gate-item", "data-visit-code": v.code },
      h("span", { class: "gate-who" }, v.visitorName, v.companions ? h("span", { class: "gate-extra" }, ` +${v.companions}`) : null),
      h("span", { class: "gate-arrow", "aria-hidden": "true" }, "→"),
      h("span", { class: "gate-host" }, v.hostName),
      h("span", { class: "gate-since" }, t("since", { time: formatTime(v.checkedInAt ?? v.at) })))) : [h("li", { class: "empty" }, t("visitors.none"))]));
    fitList(this.visitorPanel.list);

    const vehicles = this.vehicles.list();
    this.vehiclePanel.title.textContent = t("vehicles.title", { n: vehicles.length });
    this.vehiclePanel.el.dataset.count = String(vehicles.length);
    this.vehiclePanel.list.replaceChildren(...(vehicles.length ? vehicles.map((v: Vehicle) => h("li", { class: `gate-item category-${v.category}`, "data-plate": v.plate, "data-category": v.category },
      h("span", { class: "gate-plate" }, v.plate),
      h("span", { class: "gate-category" }, tc("category", v.category)),
      h("span", { class: "gate-since" }, t("since", { time: formatTime(v.at) })))) : [h("li", { class: "empty" }, t("vehicles.none"))]));
    fitList(this.vehiclePanel.list);
  }

  private tick(): void {
    this.clock.replaceChildren(h("span", { class: "clock-time" }, formatClock(now())), h("span", { class: "clock-date" }, formatDate(now())));
    // Anything that grew since the alerts were fitted (a font loaded, a longer age) gets them fitted again.
    if ([this.alertList, this.visitorPanel.list, this.vehiclePanel.list].some((l) => l.scrollHeight > l.clientHeight + 1)) this.queue();
    refreshClocks(this.root);
    // A critical alert nobody has acknowledged keeps sounding every 15 s (unless muted).
    if (this.alerts.open().some(isAlarming)) this.beep(false);
    this.alerts.prune(6 * 3600_000, now());
    if (this.known.size > 20_000) { this.known.clear(); for (const a of this.alerts.open()) this.known.add(a.alertId); }
  }

  private toggleMute(): void {
    this.muted = !this.muted;
    localStorage.setItem(MUTE_KEY, this.muted ? "1" : "0");
    this.paintMute();
    if (!this.muted) this.ensureAudio();
  }

  private paintMute(): void {
    this.muteButton.setAttribute("aria-pressed", String(this.muted));
    this.muteButton.textContent = this.muted ? `✕ ${t("mute.on")}` : `♪ ${t("mute.off")}`;
  }

  private ensureAudio(): AudioContext | null {
    try {
      this.audio ??= new AudioContext();
      if (this.audio.state === "suspended") void this.audio.resume();
    } catch { this.audio = null; }
    return this.audio;
  }

  /** Three short beeps (WebAudio). */
  private beep(force: boolean): void {
    if (this.muted) return;
    const n = Date.now();
    if (!force && n - this.lastBeep < 15000) return;
    if (force && n - this.lastBeep < 1500) return;
    this.lastBeep = n;
    const ctx = this.ensureAudio();
    if (!ctx) return;
    for (let i = 0; i < 3; i++) {
      const start = ctx.currentTime + i * 0.3;
      const osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.type = "square";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.22);
    }
  }
}

/** Hides the last items of a list that does not fit, and says how many are hidden ("+3 more"). */
function fitList(list: HTMLElement): void {
  const items = [...list.querySelectorAll<HTMLElement>(":scope > li.gate-item")];
  const overflows = () => list.scrollHeight > list.clientHeight + 1;
  list.dataset.hidden = "0";
  if (!items.length || !overflows()) return;
  const more = h("li", { class: "gate-more", role: "status" });
  list.append(more);
  let hidden = 0;
  for (let i = items.length - 1; i >= 0 && (hidden === 0 || overflows()); i--) {
    items[i].hidden = true;
    hidden++;
    more.textContent = t("panel.more", { n: hidden });
  }
  list.dataset.hidden = String(hidden);
}
