// Every time shown in the campus's time zone (Intl.DateTimeFormat with timeZone).
import { lang } from "./i18n";

let zone = "UTC";
const cache = new Map<string, Intl.DateTimeFormat>();

export function setTimeZone(tz: string): void { zone = tz; cache.clear(); }
export const timeZone = (): string => zone;

function fmt(kind: "time" | "clock" | "date"): Intl.DateTimeFormat {
  const key = `${kind}|${lang()}|${zone}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = kind === "time" ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
      : kind === "clock" ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }
      : { year: "numeric", month: "long", day: "numeric", weekday: "long" };
    f = new Intl.DateTimeFormat(lang(), { ...opts, timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

const toDate = (v: string | Date | number) => (v instanceof Date ? v : new Date(v));

/** HH:mm in the campus's zone. */
export const formatTime = (v: string | Date | number): string => fmt("time").format(toDate(v));
/** HH:mm:ss in the campus's zone. */
export const formatClock = (v: string | Date | number): string => fmt("clock").format(toDate(v));
/** The long local date in the campus's zone. */
export const formatDate = (v: string | Date | number): string => fmt("date").format(toDate(v));

/** A duration as "3 h 05 min", "12 min", "45 s" (or the Chinese units). */
export function formatDuration(ms: number): string {
  const zh = lang() === "zh-CN";
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return zh ? `${s} 秒` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return zh ? `${m} 分 ${String(s % 60).padStart(2, "0")} 秒` : `${m} min ${String(s % 60).padStart(2, "0")} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return zh ? `${h} 小时 ${String(m % 60).padStart(2, "0")} 分` : `${h} h ${String(m % 60).padStart(2, "0")} min`;
  const d = Math.floor(h / 24);
  return zh ? `${d} 天 ${h % 24} 小时` : `${d} d ${h % 24} h`;
}

/**
 * The host's "now". With the simulated clock (drills and the demo) the campus's time is not the
 * browser's and may run faster (the demo's traffic plays 60 simulated seconds per second), so it
 * is sampled from GET /api/v1/sim/clock and extrapolated with the observed rate. With the real
 * clock that endpoint answers 404 and the browser's clock is used.
 */
let anchorServer = 0;
let anchorLocal = 0;
let rate = 1;
let simulated = false;

export const now = (): number => (simulated ? anchorServer + (Date.now() - anchorLocal) * rate : Date.now());

export async function syncClock(): Promise<void> {
  try {
    const res = await fetch("/api/v1/sim/clock", { cache: "no-store" });
    if (!res.ok) { simulated = false; return; }
    const local = Date.now();
    const server = Date.parse(((await res.json()) as { now: string }).now);
    if (simulated && local - anchorLocal >= 500) {
      const observed = (server - anchorServer) / (local - anchorLocal);
      rate = observed < 0.01 ? 0 : Math.min(Math.max(observed, 0), 10000);
    }
    simulated = true;
    anchorServer = server;
    anchorLocal = local;
  } catch { /* keep the last estimate */ }
}

/** The campus's local time of day as "HH:mm:ss" (comparable with the manifest's curfew strings). */
export function localTimeOfDay(v: number = now()): string {
  const parts = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: zone }).formatToParts(new Date(v));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("hour")}:${get("minute")}:${get("second")}`;
}

/** Whether a local time of day falls in the night window [from, to) that may wrap midnight. */
export function inNight(time: string, from: string, to: string): boolean {
  return from <= to ? time >= from && time < to : time >= from || time < to;
}

function wallClock(v: number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: zone,
  }).formatToParts(new Date(v));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}:${get("second")}` };
}

/** The campus's local date of a time as "yyyy-MM-dd" (a visit is valid on its local day). */
export const localDate = (v: string | number = now()): string => wallClock(typeof v === "string" ? Date.parse(v) : v).date;

/**
 * The instant of a local date and time of day ("yyyy-MM-dd", "HH:mm") in the campus's zone, as an
 * ISO 8601 UTC string. The zone's offset is read at that time (twice, for a day that changes it).
 */
export function atLocalTime(date: string, time: string): string {
  const asUtc = Date.parse(`${date}T${time.length === 5 ? time + ":00" : time}Z`);
  const offset = (v: number) => {
    const w = wallClock(v);
    return Date.parse(`${w.date}T${w.time}Z`) - Math.floor(v / 1000) * 1000;
  };
  let instant = asUtc - offset(asUtc);
  instant = asUtc - offset(instant);
  return new Date(instant).toISOString();
}
