// A guardian's hub connection receives only their own child's notices, and no alerts (run by HubScopeTests).
//
//   node guardian-scope.mjs <baseUrl> <guardianCode> <securityUser> <securityPassword> <deviceId> <deviceKey> <otherStudent> <ownStudent>
//
// Connects twice: as the guardian (access code) and as security (the whole campus). Posts another
// child's gate scan and an unknown face, waits until security has received that child's notice and
// the intruder alert (so the server has pushed both), then posts the own child's scan and waits
// until the guardian receives its notice. The server pushes in order and each connection receives in
// order, so anything else meant for the guardian would have arrived before. Prints one JSON line
// with what each connection received and exits 0; on failure or after 20 s, exits 1.
import * as signalR from "@microsoft/signalr";

const TIMEOUT_MS = 20_000;
const [base, guardianCode, securityUser, securityPassword, deviceId, deviceKey, otherStudent, ownStudent] = process.argv.slice(2);
if (!ownStudent) fail("usage: guardian-scope.mjs <baseUrl> <guardianCode> <securityUser> <securityPassword> <deviceId> <deviceKey> <otherStudent> <ownStudent>");
let step = "starting";
const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${step}`), TIMEOUT_MS);

function fail(message) {
  process.stderr.write(`guardian-scope: ${message}\n`);
  process.exit(1);
}

/** Signs in (a path and body) and returns the Cookie header of the session. */
async function signIn(path, body) {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) fail(`${path} answered ${response.status}: ${await response.text()}`);
  return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

class Watcher {
  constructor(name, cookie) {
    this.name = name;
    this.received = { alert: [], notice: [], presence: 0, device: 0 };
    this.waiters = [];
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(`${base}/hubs/campus`, { headers: { Cookie: cookie } })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on("alert", (a) => { this.received.alert.push(a); this.check(); });
    this.connection.on("notice", (n) => { this.received.notice.push(n); this.check(); });
    this.connection.on("presence", (p) => { this.received.presence += p.length; });
    this.connection.on("device", () => { this.received.device++; });
  }

  check() { this.waiters = this.waiters.filter((w) => !(w.done() && (w.resolve(), true))); }

  until(done, what) {
    step = `${this.name}: ${what}`;
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ done, resolve }));
  }
}

async function scan(personId, eventId) {
  const now = (await (await fetch(`${base}/api/v1/sim/clock`, { headers: { Cookie: securityCookie } })).json()).now;
  const response = await fetch(`${base}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Device-Key": deviceKey },
    body: JSON.stringify({ eventId, deviceId, occurredAt: now, type: "access", personId, direction: "in" }),
  });
  if (response.status !== 202) fail(`the scan of ${personId} answered ${response.status}: ${await response.text()}`);
}

const securityCookie = await signIn("/api/v1/auth/signin", { userName: securityUser, password: securityPassword });
const guardianCookie = await signIn("/api/v1/auth/guardian", { code: guardianCode });
try {
  const guardian = new Watcher("guardian", guardianCookie);
  const security = new Watcher("security", securityCookie);
  await guardian.connection.start();
  await security.connection.start();

  await scan(otherStudent, `scope-${process.pid}-other`);
  await scan(null, `scope-${process.pid}-unknown`);
  await security.until(() => security.received.notice.some((n) => n.studentId === otherStudent)
    && security.received.alert.some((a) => a.kind === "intruder"), "the other child's notice and the intruder alert");
  await scan(ownStudent, `scope-${process.pid}-own`);
  await guardian.until(() => guardian.received.notice.some((n) => n.studentId === ownStudent), "the own child's notice");
  await security.until(() => security.received.notice.some((n) => n.studentId === ownStudent), "the own child's notice");
  await guardian.connection.stop();
  await security.connection.stop();
  clearTimeout(timer);
  const summary = (w) => ({ notices: w.received.notice.map((n) => n.studentId), alerts: w.received.alert.map((a) => a.kind), presence: w.received.presence, devices: w.received.device });
  process.stdout.write(JSON.stringify({ guardian: summary(guardian), security: summary(security) }) + "\n", () => process.exit(0));
} catch (error) {
  fail(error?.stack ?? String(error));
}
