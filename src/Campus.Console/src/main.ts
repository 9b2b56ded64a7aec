// Hash routing: #/wall (default), #/supervisor, #/parent, each with ?campus=&lang=...
import { api, type Layout } from "./api";
import { h } from "./dom";
import { defaultLang, type Lang, parseLang, setLang, t } from "./i18n";
import { ParentView } from "./parent";
import { SupervisorView } from "./supervisor";
import { setTimeZone, syncClock } from "./time";
import { WallView } from "./wall";

interface Route { view: "wall" | "supervisor" | "parent"; params: URLSearchParams; }

function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const path = (q >= 0 ? raw.slice(0, q) : raw).replace(/\/+$/, "");
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : "");
  const view = path === "supervisor" || path === "parent" ? path : "wall";
  return { view, params };
}

const routeKey = (r: Route) => {
  const p = new URLSearchParams(r.params);
  p.delete("lang");
  return `${r.view}?${p.toString()}`;
};

async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  const route = parseRoute(location.hash);
  setLang(parseLang(route.params.get("lang")) ?? defaultLang());
  let view: { rerender(): void };
  try {
    const campuses = await api.campuses();
    const campusId = route.params.get("campus") || campuses[0]?.campusId;
    if (!campusId) throw new Error("no campus");
    const layout: Layout = await api.layout(campusId);
    setTimeZone(layout.timeZone);
    await syncClock();
    setInterval(() => void syncClock(), 2000);
    const toggle = () => {
      const next: Lang = document.documentElement.lang === "zh-CN" ? "en" : "zh-CN";
      const r = parseRoute(location.hash);
      r.params.set("lang", next);
      history.replaceState(null, "", `#/${r.view}?${r.params.toString()}`);
      setLang(next);
      view.rerender();
      document.querySelector<HTMLElement>("[data-testid=lang-toggle]")?.focus();
    };
    document.body.dataset.view = route.view;
    if (route.view === "supervisor") {
      const dorm = route.params.get("dorm") ?? undefined, cls = route.params.get("class") ?? undefined;
      const v = new SupervisorView(campusId, layout, dorm ? { dorm } : cls ? { class: cls } : {}, toggle);
      view = v; v.mount(root);
    } else if (route.view === "parent") {
      const v = new ParentView(campusId, layout, route.params.get("student"), toggle);
      view = v; v.mount(root);
    } else {
      const v = new WallView(campusId, layout, toggle);
      view = v; v.mount(root);
    }
  } catch (e) {
    root.replaceChildren(h("p", { class: "error", role: "alert" }, t("error.load", { error: e instanceof Error ? e.message : String(e) })),
      h("button", { type: "button", onclick: () => location.reload() }, "⟳"));
    // An unattended wall display retries on its own.
    setTimeout(() => location.reload(), 10_000);
    return;
  }

  // Another view or campus: start afresh. Only the language: switch in place.
  const current = routeKey(route);
  window.addEventListener("hashchange", () => {
    const next = parseRoute(location.hash);
    if (routeKey(next) !== current) { location.reload(); return; }
    const lang = parseLang(next.params.get("lang"));
    if (lang && lang !== document.documentElement.lang) { setLang(lang); view.rerender(); }
  });
}

void start();
