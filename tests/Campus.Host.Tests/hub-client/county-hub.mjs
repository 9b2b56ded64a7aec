// The county wall's hub feed (run by HubCountyTests).
//
//   node county-hub.mjs <baseUrl> <campusId> <adminUser> <adminPassword> <gateId> <gateKey> <panicId> <panicKey> <studentIds, comma-separated>
//
// As the admin, creates a county account of the campus. Connects it twice: "county" (the county
// wall: tiles and critical or high alerts only) and "follower" (the same account following the
// campus's wall with Watch(campusId)); Watch of a campus outside its list must fail. Then a morning
// rush: every student scans in, out and in again at the gate (three presence changes each, in
// batches of 200), and the script waits for a tile that counts them all on campus; then an SOS at
// the panic button, and waits for its countyAlert and a tile with a critical alert. Prints one JSON
// line with what each connection received and the gaps between tiles, and exits 0; on an unexpected
// answer or after 90 s, exits 1 with a message.
import * as signalR from "@microsoft/signalr";

const TIMEOUT_MS = 90_000;
const [base, campusId, adminUser, adminPassword, gateId, gateKey, panicId, panicKey, studentList] = process.argv.slice(2);
if (!studentList) fail("usage: county-hub.mjs <baseUrl> <campusId> <adminUser> <adminPassword> <gateId> <gateKey> <panicId> <panicKey> <studentIds>");
const students = studentList.split(",");
let step = "starting";
const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${step}`), TIMEOUT_MS);

function fail(message) {
  process.stderr.write(`county-hub: ${message}\n`);
  process.exit(1);
}

async function signIn(userName, password) {
  step = `signing in as ${userName}`;
  const response = await fetch(`${base}/api/v1/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userName, password }) });
  if (!response.ok) fail(`sign-in as ${userName} answered ${response.status}: ${await response.text()}`);
  let cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const antiforgery = await fetch(`${base}/api/v1/auth/antiforgery`, { headers: { Cookie: cookie } });
  cookie = [cookie, ...antiforgery.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  return { cookie, token: (await antiforgery.json()).token };
}

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

async function events(key, list) {
  step = `posting ${list.length} events`;
  const response = await fetch(`${base}/api/v1/events`, { method: "POST", headers: { "content-type": "application/json", "X-Device-Key": key }, body: JSON.stringify(list) });
  if (response.status !== 202) fail(`the events answered ${response.status}: ${await response.text()}`);
}

class Watcher {
  constructor(session) {
    this.tiles = [];
    this.countyAlerts = [];
    this.alerts = [];
    this.presence = 0;
    this.waiters = [];
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(`${base}/hubs/campus`, { headers: { Cookie: session.cookie } })
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.connection.on("countyTile", (t) => { this.tiles.push({ at: performance.now(), tile: t }); this.check(); });
    this.connection.on("countyAlert", (a) => { this.countyAlerts.push(a); this.check(); });
    this.connection.on("alert", (a) => { this.alerts.push(a); this.check(); });
    this.connection.on("presence", (moves) => { this.presence += moves.length; this.check(); });
  }

  check() { this.waiters = this.waiters.filter((w) => !(w.done() && (w.resolve(), true))); }

  until(what, done) {
    step = what;
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ done, resolve }));
  }
}

try {
  const admin = await signIn(adminUser, adminPassword);
  const password = "County hub 2026";
  await request(admin, "POST", "/api/v1/accounts", { userName: "hub-county", role: "county", password, campuses: [campusId] }, 201);
  const county = new Watcher(await signIn("hub-county", password));
  const follower = new Watcher(await signIn("hub-county", password));
  step = "connecting";
  await county.connection.start();
  await follower.connection.start();
  let watchElsewhere = "accepted";
  try { await follower.connection.invoke("Watch", "no-such-campus"); } catch { watchElsewhere = "refused"; }
  await follower.connection.invoke("Watch", campusId);

  const now = Date.parse((await request(admin, "GET", "/api/v1/sim/clock", undefined, 200)).now);
  const rushStarted = performance.now();
  let n = 0;
  for (const [direction, offset] of [["in", 0], ["out", 30_000], ["in", 60_000]]) {
    const scans = students.map((personId) => ({
      eventId: `county-rush-${process.pid}-${n++}`, deviceId: gateId, occurredAt: new Date(now + offset).toISOString(), type: "access", personId, direction,
    }));
    for (let i = 0; i < scans.length; i += 200) await events(gateKey, scans.slice(i, i + 200));
  }
  const rushPosted = performance.now();
  await county.until("a tile with every student on campus", () => county.tiles.some((t) => t.tile.onCampus.count === students.length));

  await events(panicKey, [{ eventId: `county-sos-${process.pid}`, deviceId: panicId, occurredAt: new Date(now + 60_000).toISOString(), type: "alarm", alarm: "sos" }]);
  await county.until("the SOS as a countyAlert", () => county.countyAlerts.some((a) => a.kind === "sos"));
  await county.until("a tile with a critical alert", () => county.tiles.some((t) => t.tile.alerts.critical > 0));
  await follower.until("the SOS on the followed wall", () => follower.alerts.some((a) => a.kind === "sos"));

  const gaps = county.tiles.slice(1).map((t, i) => Math.round(t.at - county.tiles[i].at));
  const report = {
    watchElsewhere,
    rushMs: Math.round(rushPosted - rushStarted),
    presenceChanges: n,
    tiles: county.tiles.length,
    tileCampuses: [...new Set(county.tiles.map((t) => t.tile.campusId))],
    minGapMs: gaps.length ? Math.min(...gaps) : null,
    gaps,
    countyPresence: county.presence,
    countyAlerts: county.alerts.length,
    countyAlertKinds: [...new Set(county.countyAlerts.map((a) => a.kind))],
    countyAlertSeverities: [...new Set(county.countyAlerts.map((a) => a.severity))],
    followerPresence: follower.presence,
    followerAlertKinds: [...new Set(follower.alerts.map((a) => a.kind))],
    followerTiles: follower.tiles.length,
  };
  await county.connection.stop();
  await follower.connection.stop();
  clearTimeout(timer);
  process.stdout.write(JSON.stringify(report) + "\n", () => process.exit(0));
} catch (error) {
  fail(error?.stack ?? String(error));
}
