// The parent view (phone first): their own child's arrival, departure and dorm check-in today.
// Only the one student's data is ever rendered: live notices for other students are dropped.
import { api, type Layout, type Notice, session, type Student } from "./api";
import { compact, connectionBanner, h, langToggle, signOutButton } from "./dom";
import { connectHub } from "./hub";
import { t, tc } from "./i18n";
import { formatDate, formatTime, now } from "./time";

type Kind = Notice["kind"];
interface Entry { at: number; kind: Kind; locationId: string | null; }
const kinds: Kind[] = ["arrival", "departure", "dorm-check-in"];
const icons: Record<Kind, string> = { arrival: "→", departure: "←", "dorm-check-in": "⌂" };

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

  constructor(private readonly campusId: string, layout: Layout, private readonly studentId: string | null, private readonly onLang: () => void) {
    for (const x of [...layout.gates, ...layout.dorms, ...layout.classrooms, ...layout.zones]) this.names.set(x.id, x.name);
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
        this.render();
      },
      presence: (moves) => {
        const mine = moves.filter((m) => m.campusId === this.campusId && m.personId === me).pop();
        if (!mine || !this.student) return;
        const kind = ParentView.moveKind(mine.from, mine.to);
        if (kind) this.add({ at: Date.parse(mine.at), kind, locationId: mine.to });
        this.moved(mine.to, mine.at);
        this.render();
      },
      connected: () => this.refetch(),
      state: (state, since) => { this.connState = state; this.downSince = since; this.banner.update(state, since); },
    });
  }

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
    this.render();
  }

  private placeName(loc: string | null): string {
    if (!loc) return "";
    if (loc === "on-campus") return t("loc.on-campus");
    if (loc === "off-campus") return t("loc.off-campus");
    const id = loc.includes(":") ? loc.slice(loc.indexOf(":") + 1) : loc;
    return this.names.get(id) ?? id;
  }

  private render(): void {
    this.banner = connectionBanner();
    this.banner.update(this.connState, this.downSince);
    const s = this.student;
    const list = [...this.entries.values()].sort((a, b) => a.at - b.at);
    this.root.replaceChildren(...compact(
      this.banner.el,
      h("header", { class: "phone-header" }, h("h1", {}, t("parent.title")), langToggle(this.onLang), signOutButton(session.me?.userName)),
      !this.studentId ? h("p", { class: "hint" }, t("parent.missing")) : null,
      this.error ? h("p", { class: "error", role: "alert" }, this.error) : null,
      h("section", { class: "child-card" },
        h("h2", { class: "child-name", "data-testid": "parent-child" }, s?.name ?? ""),
        s ? h("p", { class: "child-where" }, s.location
          ? t("parent.where", { where: this.placeName(s.location), time: s.since ? formatTime(s.since) : "" })
          : t("parent.unknown")) : null),
      h("section", { class: "sup-section" },
        h("h2", {}, `${t("parent.today")} · ${formatDate(now())}`),
        h("ol", { class: "timeline", "data-testid": "parent-timeline" },
          ...(list.length ? list.map((e) => h("li", { class: `timeline-item kind-${e.kind}`, "data-student-id": this.studentId!, "data-kind": e.kind },
            h("time", {}, formatTime(e.at)),
            h("span", { class: "timeline-icon", "aria-hidden": "true" }, icons[e.kind]),
            h("span", { class: "timeline-text" }, tc("notice", e.kind)),
            h("span", { class: "timeline-where" }, this.placeName(e.locationId)))) : [h("li", { class: "empty" }, t("parent.none"))])))));
  }
}
