// The sign-in view (#/signin): an operator's user name and password, or a guardian's personal
// access link (#/signin?code=...), which is posted at once. Afterwards the console opens ?next=
// or the view the role gets.
import { api, type Me } from "./api";
import { h } from "./dom";
import { t } from "./i18n";

/**
 * The view a role gets: the wall for admin and security, the dorm or class for a supervisor or
 * teacher, the child for a guardian, the county wall for a county account.
 */
export function homeRoute(me: Me, campusId: string): string {
  const c = `campus=${encodeURIComponent(campusId)}`;
  switch (me.role) {
    case "supervisor": return me.dorms[0] ? `supervisor?${c}&dorm=${encodeURIComponent(me.dorms[0])}` : `supervisor?${c}`;
    case "teacher": return me.classes[0] ? `supervisor?${c}&class=${encodeURIComponent(me.classes[0])}` : `supervisor?${c}`;
    case "guardian": return `parent?${c}&student=${encodeURIComponent(me.children[0] ?? "")}`;
    case "county": return "county";
    default: return `wall?${c}`;
  }
}

export class SignInView {
  constructor(private readonly params: URLSearchParams) {}

  mount(root: HTMLElement): void {
    document.body.dataset.view = "signin";
    const code = this.params.get("code");
    const status = h("p", { class: "error", role: "alert", "data-testid": "signin-error" });
    const done = (me: Me) => {
      const next = this.params.get("next");
      const campus = me.campusId === "*" ? "" : me.campusId;
      history.replaceState(null, "", "#/" + (next && !next.startsWith("signin") ? next : homeRoute(me, campus)));
      location.reload();
    };
    const failed = (e: unknown) => { status.textContent = t("signin.failed", { error: e instanceof Error ? e.message : String(e) }); };
    if (code) {
      root.replaceChildren(h("main", { class: "signin" }, h("h1", {}, t("signin.title")), h("p", { class: "hint" }, t("signin.code")), status));
      api.guardianSignIn(code).then(done, failed);
      return;
    }
    const user = h("input", { id: "signin-user", name: "userName", type: "text", autocomplete: "username", required: true, "data-field": "userName" });
    const password = h("input", { id: "signin-password", name: "password", type: "password", autocomplete: "current-password", required: true, "data-field": "password" });
    const submit = h("button", { type: "submit", "data-action": "signin" }, t("signin.submit"));
    const form = h("form", { class: "signin-form" },
      h("label", { for: "signin-user" }, t("signin.user")), user,
      h("label", { for: "signin-password" }, t("signin.password")), password,
      submit, status);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      submit.disabled = true;
      status.textContent = "";
      api.signIn(user.value.trim(), password.value).then(done, (err: unknown) => { submit.disabled = false; failed(err); });
    });
    root.replaceChildren(h("main", { class: "signin" }, h("h1", {}, t("signin.title")), form));
    user.focus();
  }
}
