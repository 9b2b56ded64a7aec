// Hash routing: #/signin, #/wall, #/supervisor, #/parent, #/guard, each with ?campus=&lang=..., and
// #/county; with no route, the view the signed-in role gets. Without a session every view goes to
// #/signin. A county account gets the county wall and the walls of its campuses (read-only), nothing else.
import { ApiError, api, type Layout, session, toSignIn } from "./api";
import { CountyView } from "./county";
import { h } from "./dom";
import { GuardView } from "./guard";
import { defaultLang, type Lang, parseLang, setLang, t } from "./i18n";
import { ParentView } from "./parent";
import { homeRoute, SignInView } from "./signin";
import { SupervisorView } from "./supervisor";
import { setTimeZone, syncClock } from "./time";
import { WallView } from "./wall";

interface Route { view: "wall" | "supervisor" | "parent" | "guard" | "county" | "signin" | "home"; params: URLSearchParams; }

function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const path = (q >= 0 ? raw.slice(0, q) : raw).replace(/\/+$/, "");
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : "");
  const view = path === "supervisor" || path === "parent" || path === "guard" || path === "signin" || path === "wall" || path === "county" ? path : "home";
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
  if (route.view === "signin") {
    new SignInView(route.params).mount(root);
    window.addEventListener("hashchange", () => location.reload());
    return;
  }
  try {
    try {
      session.me = await api.me();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { toSignIn(); return; }
      throw e;
    }
    const me = session.me;
    const campuses = await api.campuses();
    const toggle = () => {
      const next: Lang = document.documentElement.lang === "zh-CN" ? "en" : "zh-CN";
      const r = parseRoute(location.hash);
      r.params.set("lang", next);
      history.replaceState(null, "", `#/${r.view}?${r.params.toString()}`);
      setLang(next);
      view.rerender();
      document.querySelector<HTMLElement>("[data-testid=lang-toggle]")?.focus();
    };
    // A county account reads the county wall and the walls of its campuses; every other view is not for it.
    if (me.role === "county" && route.view !== "county" && !(route.view === "wall" && route.params.get("campus"))) {
      const lang = route.params.get("lang");
      history.replaceState(null, "", "#/county" + (lang ? `?lang=${encodeURIComponent(lang)}` : ""));
      location.reload();
      return;
    }
    if (route.view === "county") {
      setTimeZone(campuses[0]?.timeZone ?? "Asia/Shanghai");
      await syncClock();
      setInterval(() => void syncClock(), 2000);
      document.body.dataset.view = "county";
      const v = new CountyView(toggle);
      view = v; v.mount(root);
      watchRoute(route, () => view);
      return;
    }
    const campusId = route.params.get("campus") || (me.campusId !== "*" ? me.campusId : campuses[0]?.campusId);
    if (!campusId) throw new Error("no campus");
    if (route.view === "home") {
      history.replaceState(null, "", "#/" + homeRoute(me, campusId));
      location.reload();
      return;
    }
    const layout: Layout = await api.layout(campusId);
    setTimeZone(layout.timeZone);
    await syncClock();
    setInterval(() => void syncClock(), 2000);
    document.body.dataset.view = route.view;
    if (route.view === "supervisor") {
      const dorm = route.params.get("dorm") ?? undefined, cls = route.params.get("class") ?? undefined;
      const v = new SupervisorView(campusId, layout, dorm ? { dorm } : cls ? { class: cls } : {}, toggle);
      view = v; v.mount(root);
    } else if (route.view === "guard") {
      const v = new GuardView(campusId, layout, toggle);
      view = v; v.mount(root);
    } else if (route.view === "parent") {
      const v = new ParentView(campusId, layout, route.params.get("student"), toggle);
      view = v; v.mount(root);
    } else {
      const v = new WallView(campusId, layout, toggle);
      view = v; v.mount(root);
    }
    // The sign-out button is in each view's header (rebuilt, and translated, with the view).
  } catch (e) {
    root.replaceChildren(h("p", { class: "error", role: "alert" }, t("error.load", { error: e instanceof Error ? e.message : String(e) })),
      h("button", { type: "button", onclick: () => location.reload() }, "⟳"));
    // An unattended wall display retries on its own.
    setTimeout(() => location.reload(), 10_000);
    return;
  }

  watchRoute(route, () => view);
}

/** Another view or campus: start afresh. Only the language: switch in place. */
function watchRoute(route: Route, view: () => { rerender(): void }): void {
  const current = routeKey(route);
  window.addEventListener("hashchange", () => {
    const next = parseRoute(location.hash);
    if (routeKey(next) !== current) { location.reload(); return; }
    const lang = parseLang(next.params.get("lang"));
    if (lang && lang !== document.documentElement.lang) { setLang(lang); view().rerender(); }
  });
}

void start();
