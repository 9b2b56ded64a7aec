// Small DOM helpers shared by the views, and the one way an alert is rendered.
import type { Alert, Severity } from "./api";
import { t, tc } from "./i18n";
import { formatClock, formatDuration, formatTime, now } from "./time";

type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

/** Creates an element: attributes (on* are listeners, `class`, data-*, aria-*), then children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const SVG = "http://www.w3.org/2000/svg";
export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG, tag) as SVGElement;
  setAttrs(el, attrs);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

export const severityIcon: Record<Severity, string> = { critical: "✖", high: "▲", warning: "●", info: "ℹ" };

/** Severity as icon and text (never colour alone). */
export function severityBadge(sev: Severity): HTMLElement {
  return h("span", { class: `sev-badge sev-${sev}` },
    h("span", { class: "sev-icon", "aria-hidden": "true" }, severityIcon[sev]), " ",
    h("span", { class: "sev-text" }, tc("severity", sev)));
}

/** Critical alerts, and intruders, sound and flash on the wall. */
export const isAlarming = (a: Alert): boolean =>
  a.status !== "resolved" && a.status !== "acknowledged" && (a.severity === "critical" || a.kind === "sos" || a.kind === "intruder");

/** Elements whose text is an age (data-since) or a countdown (data-until), refreshed every second. */
export function refreshClocks(root: ParentNode = document): void {
  const n = now();
  root.querySelectorAll<HTMLElement>("[data-since]").forEach((el) => {
    el.textContent = t("alert.age", { age: formatDuration(n - Number(el.dataset.since)) });
  });
  root.querySelectorAll<HTMLElement>("[data-until]").forEach((el) => {
    const left = Number(el.dataset.until) - n;
    el.textContent = left > 0 ? t("alert.nextIn", { time: formatDuration(left) }) : t("alert.overdue");
    el.classList.toggle("overdue", left <= 0);
  });
}

/**
 * The common part of an alert item: severity (icon + text), kind, subject, location, age, level
 * and role, time to the next escalation. The caller adds `data-alert-id` to the item.
 */
export function alertSummary(a: Alert, locationName: (id: string) => string): HTMLElement {
  const next = a.nextEscalationAt && a.status !== "acknowledged" && a.status !== "resolved"
    ? h("span", { class: "alert-next", "data-until": Date.parse(a.nextEscalationAt) })
    : h("span", { class: "alert-next none" }, t("alert.noEscalation"));
  return h("div", { class: "alert-summary" },
    h("div", { class: "alert-line1" },
      severityBadge(a.severity),
      h("span", { class: "alert-kind" }, tc("kind", a.kind)),
      h("span", { class: `alert-status status-${a.status}` }, tc("status", a.status))),
    h("div", { class: "alert-line2" },
      h("span", { class: "alert-subject" }, a.subject.name || a.subject.id),
      h("span", { class: "alert-location" }, locationName(a.locationId)),
      h("span", { class: "alert-raised" }, formatTime(a.raisedAt)),
      h("span", { class: "alert-age", "data-since": Date.parse(a.raisedAt) })),
    h("div", { class: "alert-line3" },
      h("span", { class: "alert-level" }, t("alert.level", { level: a.level, role: tc("role", a.role) })),
      next));
}

/** The banner and body state while the hub is down. */
export function connectionBanner(): { el: HTMLElement; update: (state: string, since: Date | null) => void } {
  const el = h("div", { class: "connection-banner", "data-testid": "connection-banner", role: "alert", hidden: true });
  const update = (state: string, since: Date | null) => {
    const down = state !== "connected" && since !== null;
    el.hidden = !down;
    el.textContent = down && since ? t("conn.down", { time: formatClock(since) }) : "";
  };
  return { el, update };
}

/** The language toggle button; calls back to switch. */
export function langToggle(onToggle: () => void): HTMLButtonElement {
  const b = h("button", { type: "button", class: "lang-toggle", "data-testid": "lang-toggle", "aria-label": t("lang.toggle.label"), onclick: onToggle }, t("lang.toggle"));
  return b;
}

/** Drops null, undefined and false, for replaceChildren. */
export const compact = (...items: Child[]): (Node | string)[] => items.filter((x): x is Node | string => x !== null && x !== undefined && x !== false);
