// Small DOM helpers shared by the views, and the one way an alert is rendered.
import { type Alert, ApiError, api, type Severity } from "./api";
import { type Key, t, tc } from "./i18n";
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

/** A place's name without its note in brackets: "Pine House (boys, grades 7-8)" → "Pine House". */
export const shortPlace = (name: string): string => name.replace(/\s*\(.*\)\s*$/, "") || name;

/**
 * True when a subject already names the place (an SOS at "North Gate", the "North Gate reader"):
 * the place is then not repeated beside it.
 */
export const namesPlace = (subject: string, place: string): boolean =>
  subject === place || subject.startsWith(shortPlace(place));

/**
 * The common part of an alert item: severity (icon + text), kind, subject, location (unless the
 * subject already names it), age, level (counted from 1) and role, time to the next escalation.
 * `subjectName` may name a subject better than the alert does (a device in the page's language).
 * The caller adds `data-alert-id` to the item.
 */
export function alertSummary(a: Alert, locationName: (id: string) => string, subjectName?: (a: Alert) => string | undefined): HTMLElement {
  const next = a.nextEscalationAt && a.status !== "acknowledged" && a.status !== "resolved"
    ? h("span", { class: "alert-next", "data-until": Date.parse(a.nextEscalationAt) })
    : h("span", { class: "alert-next none" }, t("alert.noEscalation"));
  const subject = subjectName?.(a) ?? (a.subject.name || a.subject.id);
  const place = locationName(a.locationId);
  return h("div", { class: "alert-summary" },
    h("div", { class: "alert-line1" },
      severityBadge(a.severity),
      h("span", { class: "alert-kind" }, tc("kind", a.kind)),
      h("span", { class: `alert-status status-${a.status}` }, tc("status", a.status))),
    h("div", { class: "alert-line2" },
      h("span", { class: "alert-subject" }, subject),
      namesPlace(subject, place) ? null : h("span", { class: "alert-location" }, place),
      h("span", { class: "alert-raised" }, formatTime(a.raisedAt)),
      h("span", { class: "alert-age", "data-since": Date.parse(a.raisedAt) })),
    h("div", { class: "alert-line3" },
      // People count levels from 1; the API's level is the step index (0 when raised).
      h("span", { class: "alert-level" }, t("alert.level", { level: a.level + 1, role: tc("role", a.role) })),
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

/**
 * The sign-out button, in the view's header beside the language button (so it is rebuilt, and
 * translated, with the view, and covers nothing). The account's name is its tooltip.
 */
export function signOutButton(userName: string | undefined): HTMLButtonElement {
  return h("button", {
    type: "button", class: "signout", "data-testid": "signout", title: userName,
    onclick: () => { void api.signOut().finally(() => { history.replaceState(null, "", "#/signin"); location.reload(); }); },
  }, t("signout"));
}

/** Drops null, undefined and false, for replaceChildren. */
export const compact = (...items: Child[]): (Node | string)[] => items.filter((x): x is Node | string => x !== null && x !== undefined && x !== false);

/**
 * The server's field messages a form may get, in the page's language ("is required: ..." reads as
 * "is required"); any other is shown as the server words it. The server validates: one set of rules.
 */
const serverMessages: Record<string, Key> = {
  "is required": "walkIn.required", "is in the past": "request.past",
  "must be after expectedArrival": "request.afterArrival", "may hold only digits, spaces and + - ( )": "request.phoneChars",
};
export const sayServer = (m: string): string => {
  const key = serverMessages[m] ?? (m.startsWith("is required") ? "walkIn.required" : undefined);
  return key ? t(key) : m;
};

/** A form whose fields show the server's validation messages (the gate desk's walk-in, a guardian's visit request). */
export interface FieldForm<F extends string> {
  /** The fields in the order shown: the first one in error gets the focus. */
  fields: readonly F[];
  inputs: Map<F, HTMLInputElement | HTMLSelectElement>;
  errors: Map<F, HTMLElement>;
  /** The form's summary line. */
  message: HTMLElement;
  /** The form's field for a field the server names (undefined: shown in the summary). */
  fieldOf: (key: string) => F | undefined;
  label: (field: F) => string;
}

/** Clears a form's field messages before it is sent again. */
export function clearFieldErrors<F extends string>(form: FieldForm<F>): void {
  for (const f of form.fields) { form.errors.get(f)!.textContent = ""; form.inputs.get(f)!.removeAttribute("aria-invalid"); }
  form.message.textContent = "";
}

/**
 * Shows why a submission failed: each validation message by its field (marked aria-invalid, the
 * first one focused) and the rest in the summary; any other failure in the summary as it came.
 */
export function showFieldErrors<F extends string>(form: FieldForm<F>, e: unknown): void {
  const byField = e instanceof ApiError ? e.fields : {};
  const shown = new Map<F, string[]>();
  const other: string[] = [];
  for (const [key, list] of Object.entries(byField)) {
    const f = form.fieldOf(key);
    const text = list.map(sayServer);
    if (!f) { other.push(`${key}: ${text.join("; ")}`); continue; }
    shown.set(f, [...new Set([...(shown.get(f) ?? []), ...text])]);
  }
  for (const [f, text] of shown) {
    form.errors.get(f)!.textContent = t("walkIn.fieldError", { field: form.label(f), message: text.join("; ") });
    form.inputs.get(f)!.setAttribute("aria-invalid", "true");
  }
  form.message.textContent = Object.keys(byField).length
    ? [t("walkIn.invalid"), ...other].join(" ")
    : t("guard.failed", { error: e instanceof Error ? e.message : String(e) });
  const first = form.fields.find((f) => shown.has(f));
  if (first) form.inputs.get(first)!.focus();
}
