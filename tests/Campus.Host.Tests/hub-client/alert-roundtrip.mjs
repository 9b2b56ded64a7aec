// End-to-end check of the campus hub with the real @microsoft/signalr client (run by HubEndToEndTests).
//
//   node alert-roundtrip.mjs <baseUrl> <campusId> <userName> <password> <deviceId> <deviceKey> [--reconnect <deviceId2> <deviceKey2>]
//
// First signs in as <userName> (POST /api/v1/auth/signin): the session cookie goes with every
// request and with the hub connection, the anti-forgery token with the acknowledge POST.
// Round trip: connect to <baseUrl>/hubs/campus (the server joins it to the campus), post an unknown-face scan from the
// gate reader, wait for the intruder alert on the hub, acknowledge it through the API and wait for
// its update on the hub.
// With --reconnect: connect, receive the first alert, stop the connection, post a scan at a second
// gate while disconnected, connect anew and fetch current state from the API, where the alert the
// client missed on the hub must be.
// Prints one JSON line with what it saw and exits 0; on failure or after 20 s, exits 1 with a message.
import * as signalR from "@microsoft/signalr";

const TIMEOUT_MS = 20_000;

const [base, campusId, userName, password, deviceId, deviceKey, ...rest] = process.argv.slice(2);
if (!base || !campusId || !userName || !password || !deviceId || !deviceKey) fail("usage: alert-roundtrip.mjs <baseUrl> <campusId> <userName> <password> <deviceId> <deviceKey> [--reconnect <deviceId2> <deviceKey2>]");
const reconnect = rest[0] === "--reconnect";
const [secondDeviceId, secondDeviceKey] = rest.slice(1);
if (reconnect && (!secondDeviceId || !secondDeviceKey)) fail("--reconnect needs a second device id and key");

const deadline = Date.now() + TIMEOUT_MS;
let step = "starting";
const watchers = [];
const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${step}; alerts received: ${
  JSON.stringify(watchers.map((w) => ({ [w.name]: w.received.alert.map(summary) })))}`), TIMEOUT_MS);

function fail(message) {
  process.stderr.write(`alert-roundtrip: ${message}\n`);
  process.exit(1);
}

/** One hub connection that records everything the server sends and lets the script wait for a matching alert. */
class Watcher {
  constructor(name) {
    this.name = name;
    this.received = { alert: [], presence: 0, notice: 0, device: 0 };
    this.transport = null;
    watchers.push(this);
    this.waiters = [];
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(`${base}/hubs/campus`, { headers: { Cookie: session.cookie } })
      .withAutomaticReconnect()
      .configureLogging(this)
      .build();
    this.connection.on("alert", (alert) => {
      this.received.alert.push(alert);
      this.waiters = this.waiters.filter((w) => !(w.match(alert) && (w.resolve(alert), true)));
    });
    this.connection.on("presence", (changes) => { this.received.presence += changes.length; });
    this.connection.on("notice", () => { this.received.notice++; });
    this.connection.on("device", () => { this.received.device++; });
  }

  /** The client's logger (ILogger): warnings and errors to stderr; notes which transport connected. */
  log(level, message) {
    const transport = /Selecting transport '(\w+)'/.exec(message);
    if (transport) this.transport = transport[1];
    if (level >= signalR.LogLevel.Warning) process.stderr.write(`[${this.name}] ${signalR.LogLevel[level]}: ${message}\n`);
  }

  async start() {
    await this.connection.start();
    await this.connection.invoke("Watch", campusId);
    return this;
  }

  stop() {
    return this.connection.stop();
  }

  /** The first alert (already received or still to come) that matches. */
  alert(match, what) {
    step = what;
    const seen = this.received.alert.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve, what }));
  }
}

/** The session: cookies (name=value pairs) and the anti-forgery token, filled by signIn(). */
const session = { cookie: "", token: "" };

function keepCookies(response) {
  const pairs = new Map(session.cookie ? session.cookie.split("; ").map((c) => c.split(/=(.*)/s).slice(0, 2)) : []);
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const [name, value] = pair.split(/=(.*)/s);
    pairs.set(name, value);
  }
  session.cookie = [...pairs].map(([name, value]) => `${name}=${value}`).join("; ");
}

async function signIn() {
  step = "signing in";
  const response = await fetch(`${base}/api/v1/auth/signin`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userName, password }),
  });
  if (!response.ok) fail(`sign-in answered ${response.status}: ${await response.text()}`);
  keepCookies(response);
  const antiforgery = await fetch(`${base}/api/v1/auth/antiforgery`, { headers: { Cookie: session.cookie } });
  if (!antiforgery.ok) fail(`antiforgery answered ${antiforgery.status}`);
  keepCookies(antiforgery);
  session.token = (await antiforgery.json()).token;
}

async function request(method, path, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", Cookie: session.cookie, "X-CSRF-TOKEN": session.token, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) fail(`${method} ${path} answered ${response.status}: ${text}`);
  return json;
}

/** The host's current (simulated) time, so the scan is neither in the future nor too old. */
async function now() {
  return (await request("GET", "/api/v1/sim/clock")).now;
}

/** An unknown face (no personId) passing in at the device's gate. */
async function postUnknownFace(device, key, eventId) {
  const receipt = await request("POST", "/api/v1/events",
    { eventId, deviceId: device, occurredAt: await now(), type: "access", personId: null, direction: "in" },
    { "X-Device-Key": key });
  if (receipt.accepted !== 1) fail(`the scan was not accepted: ${JSON.stringify(receipt)}`);
}

const isOpenIntruder = (alert) => alert.campusId === campusId && alert.kind === "intruder" && alert.status === "open";
const summary = (a) => ({ alertId: a.alertId, version: a.version, kind: a.kind, status: a.status, subject: a.subject?.id });

async function roundTrip() {
  const watcher = await new Watcher("console").start();
  await postUnknownFace(deviceId, deviceKey, `hub-e2e-${process.pid}-1`);
  const raised = await watcher.alert(isOpenIntruder, "an open intruder alert");

  await request("POST", `/api/v1/campuses/${encodeURIComponent(campusId)}/alerts/${encodeURIComponent(raised.alertId)}/acknowledge`,
    { by: "hub-e2e", note: "seen on the console" });
  const acknowledged = await watcher.alert(
    (a) => a.alertId === raised.alertId && a.version > raised.version && a.status === "acknowledged", "the acknowledgement");
  await watcher.stop();
  return {
    raised: summary(raised),
    acknowledged: summary(acknowledged),
    acknowledgedBy: acknowledged.history?.at(-1)?.by ?? null,
    transport: watcher.transport,
    received: { alerts: watcher.received.alert.length, presence: watcher.received.presence, notices: watcher.received.notice, devices: watcher.received.device },
  };
}

async function missedWhileDisconnected() {
  const first = await new Watcher("first").start();
  await postUnknownFace(deviceId, deviceKey, `hub-e2e-${process.pid}-1`);
  const seen = await first.alert(isOpenIntruder, "the first intruder alert");
  await first.stop();

  await postUnknownFace(secondDeviceId, secondDeviceKey, `hub-e2e-${process.pid}-2`);

  // A new connection: subscribe first, then fetch current state, so nothing falls between the two.
  const second = await new Watcher("second").start();
  const isMissed = (a) => isOpenIntruder(a) && a.alertId !== seen.alertId;
  // A clock move of zero answers once the host has applied every stored input: a barrier, not a wait.
  await request("POST", "/api/v1/sim/clock", { advanceBy: "00:00:00" });
  const fetches = 1;
  const open = await request("GET", `/api/v1/campuses/${encodeURIComponent(campusId)}/alerts?status=open`);
  const missed = open.find(isMissed) ?? null;
  if (!missed) fail("the alert raised while disconnected never showed up in the API");
  await second.stop();
  return {
    seen: summary(seen),
    missed: summary(missed),
    fetches,
    transport: second.transport,
    firstConnectionAlerts: first.received.alert.map(summary),
  };
}

try {
  await signIn();
  const result = reconnect ? await missedWhileDisconnected() : await roundTrip();
  clearTimeout(timer);
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0));
} catch (error) {
  fail(error?.stack ?? String(error));
}
