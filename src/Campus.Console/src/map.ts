// The campus map: a clean schematic drawn from the manifest layout (there are no coordinates):
// the wall with its gates, a grid of classrooms, the dorms, and the zones along the bottom.
import type { Layout, Severity } from "./api";
import { s } from "./dom";
import { t } from "./i18n";

export interface LocationState {
  /** The highest severity of the open alerts at this location, if any. */
  severity?: Severity;
  /** Students counted here (dorms, classrooms); people a camera sees (zones). */
  count?: number;
  /** Expected boarders (dorms). */
  expected?: number;
  /** Whether the dorm's curfew has passed (fill shows in/expected). */
  afterCurfew?: boolean;
}

const W = 1600, H = 1200;
const wall = { x: 40, y: 50, w: 1520, h: 1100 };

interface Box { id: string; name: string; kind: "gate" | "dorm" | "classroom" | "zone"; x: number; y: number; w: number; h: number; vertical?: boolean; }

function gateSide(id: string, name: string): "n" | "s" | "e" | "w" | null {
  const k = `${id} ${name}`.toLowerCase();
  if (/north|北/.test(k)) return "n";
  if (/south|南/.test(k)) return "s";
  if (/east|东/.test(k)) return "e";
  if (/west|西/.test(k)) return "w";
  return null;
}

function layoutBoxes(l: Layout): Box[] {
  const boxes: Box[] = [];
  // Gates sit on the wall, by the side their name says (else spread along the north wall); an
  // east or west gate stands upright, so it stays on the map and clear of the dorms.
  const sides: Record<"n" | "s" | "e" | "w", typeof l.gates> = { n: [], s: [], e: [], w: [] };
  l.gates.forEach((g, i) => sides[gateSide(g.id, g.name) ?? (i % 2 === 0 ? "n" : "s")].push(g));
  const gw = 250, gh = 60;
  for (const [side, gates] of Object.entries(sides)) {
    gates.forEach((g, i) => {
      const f = (i + 1) / (gates.length + 1);
      const horizontal = side === "n" || side === "s";
      const cx = horizontal ? wall.x + wall.w * f : side === "w" ? wall.x : wall.x + wall.w;
      const cy = horizontal ? (side === "n" ? wall.y : wall.y + wall.h) : wall.y + wall.h * f;
      const [w, h] = horizontal ? [gw, gh] : [gh, gw + 30];
      boxes.push({ id: g.id, name: g.name, kind: "gate", x: cx - w / 2, y: cy - h / 2, w, h, vertical: !horizontal });
    });
  }
  // Classrooms: a grid on the west side.
  const area = { x: wall.x + 50, y: wall.y + 80, w: 860, h: 640 };
  const n = Math.max(1, l.classrooms.length);
  const cols = Math.min(n, Math.ceil(Math.sqrt(n * (area.w / area.h))));
  const rows = Math.ceil(n / cols);
  const gap = 14, cw = (area.w - gap * (cols - 1)) / cols, ch = Math.min(150, (area.h - gap * (rows - 1)) / rows);
  l.classrooms.forEach((c, i) => boxes.push({
    id: c.id, name: c.name, kind: "classroom",
    x: area.x + (i % cols) * (cw + gap), y: area.y + Math.floor(i / cols) * (ch + gap), w: cw, h: ch,
  }));
  // Dorms: two columns on the east side.
  const dorm = { x: wall.x + 960, y: wall.y + 80, w: 510, h: 640 };
  const dcols = l.dorms.length > 3 ? 2 : 1, drows = Math.max(1, Math.ceil(l.dorms.length / dcols));
  const dw = (dorm.w - gap * (dcols - 1)) / dcols, dh = Math.min(310, (dorm.h - gap * (drows - 1)) / drows);
  l.dorms.forEach((d, i) => boxes.push({
    id: d.id, name: d.name, kind: "dorm",
    x: dorm.x + (i % dcols) * (dw + gap), y: dorm.y + Math.floor(i / dcols) * (dh + gap), w: dw, h: dh,
  }));
  // Zones: a row along the south side.
  const zone = { x: wall.x + 50, y: wall.y + 800, w: wall.w - 100, h: 240 };
  const zn = Math.max(1, l.zones.length), zcols = Math.min(zn, 6), zrows = Math.ceil(zn / zcols);
  const zw = (zone.w - gap * (zcols - 1)) / zcols, zh = (zone.h - gap * (zrows - 1)) / zrows;
  l.zones.forEach((z, i) => boxes.push({
    id: z.id, name: z.name, kind: "zone",
    x: zone.x + (i % zcols) * (zw + gap), y: zone.y + Math.floor(i / zcols) * (zh + gap), w: zw, h: zh,
  }));
  return boxes;
}

/** How many characters fit in a width at a font size (an average glyph is about 0.55 em). */
const capacity = (width: number, size: number): number => Math.max(3, Math.floor(width / (size * 0.55)));

/** Shortens a name to fit a box of the given width at the given font size. */
function fit(name: string, width: number, size: number): string {
  const max = capacity(width, size);
  return name.length <= max ? name : name.slice(0, max - 1) + "…";
}

/**
 * A whole name in a box: at the given size if it fits, else a little smaller, else on two lines
 * (split at the space that keeps the lines most even). Only a name too long even for that is
 * shortened with "…" (its box's title still has it whole).
 */
function wrap(name: string, width: number, size: number): { lines: string[]; size: number } {
  const smallest = Math.round(size * 0.75);
  for (let sz = size; sz >= smallest; sz -= 2) if (name.length <= capacity(width, sz)) return { lines: [name], size: sz };
  const words = name.split(/\s+/);
  let best: string[] = [name];
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(" "), words.slice(i).join(" ")];
    if (best.length === 1 || Math.max(...lines.map((l) => l.length)) < Math.max(...best.map((l) => l.length))) best = lines;
  }
  return { lines: best.map((l) => fit(l, width, smallest)), size: smallest };
}

const sevIcon: Record<Severity, string> = { critical: "✖", high: "▲", warning: "●", info: "ℹ" };

export class CampusMap {
  readonly el: SVGElement;
  private readonly groups = new Map<string, { g: SVGElement; box: Box; fill: SVGElement; label: SVGElement; detail: SVGElement; badge: SVGElement; bar?: SVGElement }>();

  constructor(layout: Layout) {
    this.el = s("svg", {
      "data-testid": "campus-map", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": t("map.title"),
      preserveAspectRatio: "xMidYMid meet", class: "campus-map",
    });
    this.el.append(s("rect", { x: wall.x, y: wall.y, width: wall.w, height: wall.h, rx: 28, class: "map-wall" }));
    this.el.append(s("text", { x: wall.x + 50, y: wall.y + 62, class: "map-heading" }, t("map.classrooms")));
    this.el.append(s("text", { x: wall.x + 960, y: wall.y + 62, class: "map-heading" }, t("map.dorms")));
    this.el.append(s("text", { x: wall.x + 50, y: wall.y + 782, class: "map-heading" }, t("map.zones")));
    for (const box of layoutBoxes(layout)) {
      const title = s("title", {}, box.name);
      const fill = s("rect", { x: box.x, y: box.y, width: box.w, height: box.h, rx: box.kind === "gate" ? 28 : 10, class: "map-box" });
      const size = box.kind === "classroom" ? 32 : box.kind === "gate" ? 28 : 32;
      const shortName = box.kind === "dorm" ? box.name.replace(/\s*\(.*\)\s*/, "")
        : box.kind === "classroom" && box.name.length * size * 0.55 > box.w - 16 ? box.id.toUpperCase() : box.name;
      const labelX = box.x + box.w / 2;
      let label: SVGElement;
      if (box.kind === "zone") {
        // Zone names are long ("Science Block Rooftop") and boxes narrow: wrap rather than cut.
        const wrapped = wrap(box.name, box.w - 16, size);
        label = s("text", { x: labelX, y: box.y + 44, class: "map-label", "text-anchor": "middle", "font-size": wrapped.size, "data-name": box.name },
          ...wrapped.lines.map((line, i) => s("tspan", { x: labelX, dy: i === 0 ? 0 : Math.round(wrapped.size * 1.15) }, line)));
      } else if (box.vertical) {
        const cx = box.x + box.w / 2, cy = box.y + box.h / 2;
        label = s("text", { x: cx, y: cy + 10, class: "map-label", "text-anchor": "middle", "font-size": size, transform: `rotate(90 ${cx} ${cy})` }, fit(shortName, box.h - 16, size));
      } else {
        label = s("text", { x: labelX, y: box.y + (box.kind === "gate" ? box.h / 2 + 10 : 44), class: "map-label", "text-anchor": "middle", "font-size": size }, fit(shortName, box.w - 16, size));
      }
      const detail = s("text", { x: box.x + box.w / 2, y: box.y + box.h - 18, class: "map-detail", "text-anchor": "middle", "font-size": box.kind === "dorm" ? 40 : 32 }, "");
      const badge = box.vertical
        ? s("text", { x: box.x + box.w / 2, y: box.y - 12, class: "map-badge", "text-anchor": "middle", "font-size": 32 }, "")
        : box.kind === "gate"
        ? s("text", { x: box.x - 10, y: box.y + box.h / 2 + 11, class: "map-badge", "text-anchor": "end", "font-size": 32 }, "")
        : s("text", { x: box.x + 10, y: box.y + box.h - 12, class: "map-badge", "text-anchor": "start", "font-size": 30 }, "");
      const g = s("g", { "data-location-id": box.id, "data-kind": box.kind, class: `map-loc map-${box.kind}` }, title, fill);
      let bar: SVGElement | undefined;
      if (box.kind === "dorm") {
        g.append(s("rect", { x: box.x + 16, y: box.y + box.h / 2 - 14, width: box.w - 32, height: 28, rx: 6, class: "map-bar-bg" }));
        bar = s("rect", { x: box.x + 16, y: box.y + box.h / 2 - 14, width: 0, height: 28, rx: 6, class: "map-bar" });
        g.append(bar);
      }
      g.append(label, box.kind === "gate" ? "" : detail, badge);
      this.el.append(g);
      this.groups.set(box.id, { g, box, fill, label, detail, badge, bar });
    }
  }

  /** Colours every location by its state (open alerts: highest severity; dorms: in/expected). */
  update(state: (id: string) => LocationState): void {
    for (const [id, { g, box, detail, badge, bar }] of this.groups) {
      const st = state(id);
      g.setAttribute("data-severity", st.severity ?? "none");
      badge.textContent = st.severity ? sevIcon[st.severity] : "";
      if (box.kind === "dorm") {
        const count = st.count ?? 0, expected = st.expected ?? 0;
        const ratio = expected > 0 ? Math.min(1, count / expected) : 0;
        detail.textContent = `${count} / ${expected}`;
        bar?.setAttribute("width", String((box.w - 32) * ratio));
        g.setAttribute("data-curfew", st.afterCurfew ? (count < expected ? "short" : "complete") : "before");
      } else if (box.kind === "classroom") {
        detail.textContent = st.count !== undefined ? String(st.count) : "";
      } else if (box.kind === "zone") {
        detail.textContent = st.count ? t("map.people", { n: st.count }) : "";
        g.setAttribute("data-occupancy", String(st.count ?? 0));
      }
    }
  }
}
