// Hub connections end with their session (run by HubSessionTests).
//
//   node session-end.mjs <baseUrl> <campusId> <adminUser> <adminPassword> <securityUser> <securityPassword> <deviceId> <deviceKey> <childKept> <childRemoved>
//
// As the admin, creates a security account and a guardian of two children. Then connects four
// sessions to the hub: "signed-out" (security, a session of its own), "removed" (the new security
// account), "guardian" (the new guardian) and "control" (security, another session). Then ends the
// first three sessions: signs "signed-out" out, removes the "removed" account, and posts the
// guardian again with one child fewer. Waits (at most 10 s each) for each of the three connections
// to be closed by the server, asks the hub to negotiate with the signed-out cookie, and checks that
// "control" still receives an alert. Prints one JSON line with what happened and exits 0; on an
// unexpected answer or after 60 s, exits 1 with a message.
import * as signalR from "@microsoft/signalr";

const TIMEOUT_MS = 60_000;
const CLOSE_WITHIN_MS = 10_000;
const [base, campusId, adminUser, adminPassword, securityUser, securityPassword, deviceId, deviceKey, childKept, childRemoved] = process.argv.slice(2);
if (!childRemoved) fail("usage: session-end.mjs <baseUrl> <campusId> <adminUser> <adminPassword> <securityUser> <securityPassword> <deviceId> <deviceKey> <childKept> <childRemoved>");
let step = "starting";
const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${step}`), TIMEOUT_MS);

function fail(message) {
  process.stderr.write(`session-end: ${message}\n`);
  process.exit(1);
}

/** Signs in (a path and body); returns the session: its Cookie header and anti-forgery token. */
async function signIn(path, body) {
  step = `signing in at ${path}`;
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) fail(`${path} answered ${response.status}: ${await response.text()}`);
  let cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const antiforgery = await fetch(`${base}/api/v1/auth/antiforgery`, { headers: { Cookie: cookie } });
  if (!antiforgery.ok) fail(`antiforgery answered ${antiforgery.status}`);
  cookie = [cookie, ...antiforgery.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  return { cookie, token: (await antiforgery.json()).token };
}

/** A request with a session; fails unless the answer is <expected>. */
async function request(session, method, path, body, expected) {
  step = `${method} ${path}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", Cookie: session.cookie, "X-CSRF-TOKEN": session.token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) fail(`${method} ${path} answered ${response.status}, expected ${expected}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A hub connection that records what it receives and when the server closes it. */
class Watcher {
  constructor(name, session) {
    this.name = name;
    this.alerts = [];
    this.closed = false;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(`${base}/hubs/campus`, { headers: { Cookie: session.cookie } })
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.connection.on("alert", (a) => { this.alerts.push(a); this.check(); });
    this.connection.onclose(() => { this.closed = true; this.check(); });
    this.waiters = [];
  }

  check() { this.waiters = this.waiters.filter((w) => !(w.done() && (w.resolve(true), true))); }

  /** Resolves true once done() holds, false after ms. */
  until(done, ms) {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { done, resolve };
      this.waiters.push(waiter);
      setTimeout(() => { this.waiters = this.waiters.filter((w) => w !== waiter); resolve(false); }, ms);
    });
  }
}

try {
  const admin = await signIn("/api/v1/auth/signin", { userName: adminUser, password: adminPassword });
  const password = "Hub session 2026";
  await request(admin, "POST", "/api/v1/accounts", { userName: "hub-removed", role: "security", campusId, password }, 201);
  const guardian = { userName: "hub-guardian", role: "guardian", campusId, guardianId: "G-hub", children: [childKept, childRemoved] };
  const { code } = await request(admin, "POST", "/api/v1/accounts", guardian, 201);

  const sessions = {
    "signed-out": await signIn("/api/v1/auth/signin", { userName: securityUser, password: securityPassword }),
    removed: await signIn("/api/v1/auth/signin", { userName: "hub-removed", password }),
    guardian: await signIn("/api/v1/auth/guardian", { code }),
    control: await signIn("/api/v1/auth/signin", { userName: securityUser, password: securityPassword }),
  };
  const watchers = Object.fromEntries(Object.entries(sessions).map(([name, session]) => [name, new Watcher(name, session)]));
  step = "connecting";
  for (const watcher of Object.values(watchers)) await watcher.connection.start();

  await request(sessions["signed-out"], "POST", "/api/v1/auth/signout", undefined, 204);
  await request(admin, "DELETE", "/api/v1/accounts/hub-removed", undefined, 204);
  await request(admin, "POST", "/api/v1/accounts", { ...guardian, children: [childKept] }, 201);

  step = "the ended sessions' connections to close";
  const closed = [];
  for (const name of ["signed-out", "removed", "guardian"]) {
    if (await watchers[name].until(() => watchers[name].closed, CLOSE_WITHIN_MS)) closed.push(name);
  }
  const negotiate = await fetch(`${base}/hubs/campus/negotiate?negotiateVersion=1`, { method: "POST", headers: { Cookie: sessions["signed-out"].cookie } });

  // The hub still serves a session that did not end: an unknown face raises an intruder alert.
  const now = (await request(sessions.control, "GET", "/api/v1/sim/clock", undefined, 200)).now;
  step = "posting an unknown face";
  const scan = await fetch(`${base}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Device-Key": deviceKey },
    body: JSON.stringify({ eventId: `session-end-${process.pid}`, deviceId, occurredAt: now, type: "access", personId: null, direction: "in" }),
  });
  if (scan.status !== 202) fail(`the scan answered ${scan.status}: ${await scan.text()}`);
  step = "the control connection's intruder alert";
  const control = watchers.control;
  const controlAlert = await control.until(() => control.alerts.some((a) => a.kind === "intruder"), TIMEOUT_MS);

  const report = { closed, controlClosed: control.closed, controlAlert, negotiateAfterSignOut: negotiate.status };
  for (const watcher of Object.values(watchers)) await watcher.connection.stop();
  clearTimeout(timer);
  process.stdout.write(JSON.stringify(report) + "\n", () => process.exit(0));
} catch (error) {
  fail(error?.stack ?? String(error));
}
