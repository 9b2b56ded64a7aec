// The county wall (#/county): every campus of the account as a tile, what needs attention first,
// live over the hub (each `countyTile` is applied as it comes; the grid is re-sorted and repainted
// at most once a second, so a morning rush never floods the page), and the county-wide list of
// critical and high alerts. A tile opens that campus's wall (read-only for a county account); the
// header links to the county daily report as CSV.
import { type Alert, api, type CampusTile, countyReportCsvUrl, session, type Severity } from "./api";
import { compact, connectionBanner, h, langToggle, refreshClocks, severityBadge, severityIcon, signOutButton } from "./dom";
import { connectHub } from "./hub";
import { lang, t, tc } from "./i18n";
import { formatClock, formatDate, formatTime, now } from "./time";

const severities: Severity[] = ["critical", "high", "warning", "info"];

/** The shortest time between two repaints (and re-sorts) of the grid. */
const REPAINT_MS = 1000;

const oldestCritical = (tile: CampusTile): number =>
  tile.oldestUnacknowledgedCritical ? Date.parse(tile.oldestUnacknowledgedCritical.raisedAt) : Infinity;

/**
 * The order of attention, as the server sorts the overview: more open critical alerts first, then
 * more high ones, then the oldest unacknowledged critical alert, then more boarders missing at
 * night, then more devices offline; ties by campus id.
 */
export function byAttention(a: CampusTile, b: CampusTile): number {
  return b.alerts.critical - a.alerts.critical || b.alerts.high - a.alerts.high
    || (oldestCritical(a) === oldestCritical(b) ? 0 : oldestCritical(a) < oldestCritical(b) ? -1 : 1)
    || b.missingAtNight - a.missingAtNight || b.devicesOffline - a.devicesOffline
    || (a.campusId < b.campusId ? -1 : a.campusId > b.campusId ? 1 : 0);
}

/** What a tile's border says: the most urgent thing on it. */
const tileState = (tile: CampusTile): string =>
  tile.alerts.critical ? "critical" : tile.alerts.high ? "high" : tile.missingAtNight ? "short"
    : tile.alerts.warning || tile.devicesOffline ? "warning" : "ok";

const wallRoute = (campusId: string): string => `#/wall?campus=${encodeURIComponent(campusId)}&lang=${lang()}`;

export class CountyView {
  private readonly tiles = new Map<string, CampusTile>();
  /** One element per campus, kept across repaints; with the tile it shows (none: to be drawn). */
  private readonly elements = new Map<string, { el: HTMLAnchorElement; shown: CampusTile | null }>();
  private readonly alerts = new Map<string, Alert>();
  /** Alerts heard live since the last fetch started (kept even if the fetch missed them). */
  private liveAlerts = new Set<string>();
  private loaded = false;
  private lastPaint = 0;
  private timer: number | null = null;
  private connState = "reconnecting";
  private downSince: Date | null = null;
  private root!: HTMLElement;
  private banner = connectionBanner();
  private grid = h("div");
  private totals = h("div");
  private alertList = h("ol");
  private clock = h("div");

  constructor(private readonly onLang: () => void) {}

  mount(root: HTMLElement): void {
    this.root = root;
    document.body.classList.add("theme-wall", "theme-county");
    this.render();
    // The first paint does not wait for the hub: the tiles are fetched at once (and again once connected).
    void this.refetch().catch((e: unknown) => console.warn("county overview failed", e));
    connectHub(null, {
      countyTile: (tile) => this.apply(tile),
      countyAlert: (a) => { this.liveAlerts.add(a.alertId); if (this.merge(a)) this.schedule(); },
      connected: () => this.refetch(),
      state: (state, since) => { this.connState = state; this.downSince = since; this.banner.update(state, since); },
    });
    setInterval(() => this.tick(), 1000);
  }

  /** Language changed: rebuild every element from the state held. */
  rerender(): void {
    this.elements.clear();
    this.render();
  }

  private async refetch(): Promise<void> {
    const live = new Set<string>();
    this.liveAlerts = live;
    const [tiles, alerts] = await Promise.all([api.countyOverview(), api.countyAlerts()]);
    const fetched = new Set(tiles.map((x) => x.campusId));
    for (const id of [...this.tiles.keys()]) if (!fetched.has(id)) this.tiles.delete(id);
    for (const tile of tiles) this.keep(tile);
    const open = new Set(alerts.map((a) => a.alertId));
    for (const id of [...this.alerts.keys()]) if (!open.has(id) && !live.has(id)) this.alerts.delete(id);
    for (const a of alerts) this.merge(a);
    const first = !this.loaded;
    this.loaded = true;
    if (first) this.paint(); else this.schedule();
  }

  /** A live tile: kept unless an earlier one of a later time is already held; painted with the next repaint. */
  private apply(tile: CampusTile): void {
    if (this.keep(tile)) this.schedule();
  }

  private keep(tile: CampusTile): boolean {
    const old = this.tiles.get(tile.campusId);
    if (old && Date.parse(old.at) > Date.parse(tile.at)) return false;
    this.tiles.set(tile.campusId, tile);
    return true;
  }

  /** Merges an alert (highest version wins); true when it changed what is held. */
  private merge(a: Alert): boolean {
    const old = this.alerts.get(a.alertId);
    if (old && old.version >= a.version) return false;
    this.alerts.set(a.alertId, a);
    return true;
  }

  /** A repaint at most once per REPAINT_MS: the changes in between are drawn together. */
  private schedule(): void {
    if (this.timer !== null || !this.loaded) return;
    const wait = Math.max(0, this.lastPaint + REPAINT_MS - Date.now());
    this.timer = window.setTimeout(() => requestAnimationFrame(() => { this.timer = null; this.paint(); }), wait);
  }

  // ---- rendering -------------------------------------------------------------------------

  private render(): void {
    this.banner = connectionBanner();
    this.banner.update(this.connState, this.downSince);
    this.grid = h("div", { class: "county-grid", "data-testid": "county-tiles", role: "list", "aria-label": t("county.tiles") });
    this.totals = h("div", { class: "county-totals", "data-testid": "county-totals" });
    this.alertList = h("ol", { class: "alert-list county-alert-list", "data-testid": "county-alerts", "aria-live": "polite", "aria-label": t("county.alerts") });
    this.clock = h("div", { class: "clock", "data-testid": "clock", "aria-label": "clock" });
    this.root.replaceChildren(
      this.banner.el,
      h("header", { class: "wall-header" },
        h("h1", { class: "campus-name" }, t("county.title")),
        this.totals,
        this.clock,
        h("div", { class: "header-actions" },
          // Yesterday's county report (the county accounts and admins read it) as a spreadsheet.
          session.me?.role === "county" || session.me?.role === "admin"
            ? h("a", { class: "nav-link", "data-testid": "nav-county-report", href: countyReportCsvUrl, target: "_blank", rel: "noopener" }, t("nav.countyReport"))
            : null,
          langToggle(this.onLang), signOutButton(session.me?.userName))),
      h("main", { class: "county-main" },
        h("section", { class: "county-tiles-panel", "aria-label": t("county.tiles") }, this.grid),
        h("section", { class: "alerts-panel county-alerts-panel" }, h("h2", {}, t("county.alerts")), this.alertList)));
    if (this.loaded) this.paint();
    this.tick();
  }

  private paint(): void {
    this.lastPaint = Date.now();
    const tiles = [...this.tiles.values()].sort(byAttention);
    const order: HTMLElement[] = [];
    for (const tile of tiles) {
      let entry = this.elements.get(tile.campusId);
      if (!entry) {
        entry = { el: h("a", { class: "county-tile", "data-testid": "county-tile", role: "listitem" }), shown: null };
        this.elements.set(tile.campusId, entry);
      }
      if (entry.shown !== tile) {
        this.drawTile(entry.el, tile);
        entry.shown = tile;
      }
      order.push(entry.el);
    }
    for (const [id] of this.elements) if (!this.tiles.has(id)) this.elements.delete(id);
    const current = this.grid.children;
    if (current.length !== order.length || order.some((el, i) => current[i] !== el)) {
      this.grid.replaceChildren(...(order.length ? order : [h("p", { class: "empty" }, t("county.none"))]));
    }
    this.grid.dataset.count = String(order.length);
    this.paintTotals(tiles);
    this.paintAlerts();
    refreshClocks(this.root);
  }

  private drawTile(el: HTMLAnchorElement, tile: CampusTile): void {
    el.href = wallRoute(tile.campusId);
    el.dataset.campusId = tile.campusId;
    el.dataset.state = tileState(tile);
    el.dataset.critical = String(tile.alerts.critical);
    el.setAttribute("aria-label", t("county.open", { name: tile.name }));
    const figure = (name: string, label: string, value: string, sub: string | null, extra: Node | null = null) =>
      h("span", { class: "county-figure", "data-figure": name },
        h("span", { class: "county-figure-label" }, label), " ",
        h("span", { class: "county-figure-value" }, value), sub ? h("span", { class: "county-figure-sub" }, sub) : null, extra);
    const night = tile.inDorms;
    const oldest = tile.oldestUnacknowledgedCritical;
    el.replaceChildren(...compact(
      h("h2", { class: "county-name", title: tile.name }, tile.name),
      h("div", { class: "county-sevs" }, ...severities.map((sv) => h("span", {
        class: `sev-chip sev-${sv}${tile.alerts[sv] ? "" : " zero"}`, "data-severity": sv, "data-count": tile.alerts[sv], title: tc("severity", sv),
      }, h("span", { "aria-hidden": "true" }, severityIcon[sv]), ` ${tile.alerts[sv]}`))),
      h("div", { class: "county-figures" },
        figure("on-campus", t("county.onCampus"), String(tile.onCampus.count), `/${tile.onCampus.expected}`),
        night
          ? figure("in-dorms", t("county.inDorms"), String(night.count), `/${night.expected}`,
            tile.missingAtNight ? h("span", { class: "county-missing" }, " ", t("county.missing", { n: tile.missingAtNight })) : null)
          : null,
        figure("devices-offline", t("county.devicesOffline"), String(tile.devicesOffline), `/${tile.devices}`)),
      // The oldest critical alert nobody has acknowledged: how long it has waited, and what it is.
      oldest
        ? h("div", {
          class: "county-oldest sev-critical", "data-alert-id": oldest.alertId,
          title: `${t("county.oldestCritical", { time: formatTime(oldest.raisedAt) })}: ${oldest.message}`,
        },
        h("span", { class: "sev-badge" }, h("span", { "aria-hidden": "true" }, severityIcon.critical), " ", h("span", { class: "alert-age", "data-since": Date.parse(oldest.raisedAt) })),
        " · ", h("span", { class: "county-oldest-message" }, oldest.message))
        : null));
  }

  private paintTotals(tiles: CampusTile[]): void {
    let critical = 0, high = 0, onCampus = 0, expected = 0, missing = 0, offline = 0;
    for (const x of tiles) {
      critical += x.alerts.critical; high += x.alerts.high; onCampus += x.onCampus.count; expected += x.onCampus.expected;
      missing += x.missingAtNight; offline += x.devicesOffline;
    }
    const item = (name: string, value: string, label: string, cls = "") =>
      h("span", { class: `county-total ${cls}`, "data-total": name }, h("b", {}, value), " ", label);
    this.totals.replaceChildren(...compact(
      item("campuses", String(tiles.length), t("county.totals.campuses")),
      item("critical", String(critical), t("county.totals.critical"), critical ? "sev-critical" : ""),
      item("high", String(high), t("county.totals.high"), high ? "sev-high" : ""),
      item("on-campus", `${onCampus}/${expected}`, t("county.totals.onCampus")),
      missing ? item("missing", String(missing), t("county.totals.missing"), "sev-high") : null,
      item("offline", String(offline), t("county.totals.offline"), offline ? "sev-warning" : "")));
  }

  private paintAlerts(): void {
    const names = new Map([...this.tiles.values()].map((x) => [x.campusId, x.name]));
    const open = [...this.alerts.values()]
      .filter((a) => a.status !== "resolved" && (a.severity === "critical" || a.severity === "high") && names.has(a.campusId))
      .sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || (a.alertId < b.alertId ? -1 : 1));
    this.alertList.replaceChildren(...(open.length ? open.map((a) => h("li", {
      class: `alert sev-${a.severity} status-${a.status}`, "data-alert-id": a.alertId, "data-campus-id": a.campusId,
      "data-status": a.status, "data-severity": a.severity,
    }, h("a", { class: "county-alert-link", href: wallRoute(a.campusId) },
      h("div", { class: "alert-line1" }, severityBadge(a.severity), h("span", { class: "alert-kind" }, tc("kind", a.kind)),
        h("span", { class: `alert-status status-${a.status}` }, tc("status", a.status))),
      h("div", { class: "alert-line2" }, h("span", { class: "alert-subject" }, names.get(a.campusId) ?? a.campusId), h("span", { class: "alert-message" }, a.message)),
      h("div", { class: "alert-line3" }, h("span", { class: "alert-raised" }, formatTime(a.raisedAt)), h("span", { class: "alert-age", "data-since": Date.parse(a.raisedAt) })))))
      : [h("li", { class: "empty" }, t("county.noAlerts"))]));
  }

  private tick(): void {
    this.clock.replaceChildren(h("span", { class: "clock-time" }, formatClock(now())), h("span", { class: "clock-date" }, formatDate(now())));
    refreshClocks(this.root);
    // Resolved alerts drop out of the list; forget them after a while.
    for (const [id, a] of this.alerts) if (a.status === "resolved" && now() - Date.parse(a.updatedAt) > 3600_000) this.alerts.delete(id);
  }
}
