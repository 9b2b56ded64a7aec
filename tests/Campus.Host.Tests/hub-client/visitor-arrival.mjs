// A visitor's arrival is told to their host only (run by HubVisitorTests).
//
//   node visitor-arrival.mjs <baseUrl> <securityUser> <securityPassword> <teacherUser> <teacherPassword> <teacherClass> <supervisorUser> <supervisorPassword>
//
// The teacher and the supervisor connect. Security registers a visit to the teacher's class and
// checks it in; the teacher must hear "visitorArrived". Then security registers a visit to the
// supervisor (a staff host) and checks it in; the supervisor must hear that one. The server pushes
// in order and each connection receives in order, so had the supervisor been told of the first
// visit, it would have arrived before the second. Prints one JSON line with the codes each heard
// and exits 0; on failure or after 30 s, exits 1.
import * as signalR from "@microsoft/signalr";

const TIMEOUT_MS = 30_000;
const [base, securityUser, securityPassword, teacherUser, teacherPassword, teacherClass, supervisorUser, supervisorPassword] = process.argv.slice(2);
if (!supervisorPassword) fail("usage: visitor-arrival.mjs <baseUrl> <securityUser> <securityPassword> <teacherUser> <teacherPassword> <teacherClass> <supervisorUser> <supervisorPassword>");
let step = "starting";
const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${step}`), TIMEOUT_MS);

function fail(message) {
  process.stderr.write(`visitor-arrival: ${message}\n`);
  process.exit(1);
}

const cookiesOf = (response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/** Signs in with a password; returns the Cookie header (session and anti-forgery) and the anti-forgery token. */
async function signIn(userName, password) {
  const response = await fetch(`${base}/api/v1/auth/signin`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ userName, password }) });
  if (!response.ok) fail(`signing in ${userName} answered ${response.status}`);
  const session = cookiesOf(response);
  const antiforgery = await fetch(`${base}/api/v1/auth/antiforgery`, { headers: { Cookie: session } });
  const { token } = await antiforgery.json();
  return { cookie: `${session}; ${cookiesOf(antiforgery)}`, token };
}

class Watcher {
  constructor(name, cookie) {
    this.name = name;
    this.arrivals = [];
    this.waiters = [];
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(`${base}/hubs/campus`, { headers: { Cookie: cookie } })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on("visitorArrived", (a) => { this.arrivals.push(a.code); this.check(); });
  }

  check() { this.waiters = this.waiters.filter((w) => !(w.done() && (w.resolve(), true))); }

  until(done, what) {
    step = `${this.name}: ${what}`;
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ done, resolve }));
  }
}

async function post(session, path, body) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", Cookie: session.cookie, "X-CSRF-TOKEN": session.token },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) fail(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Registers a visit from now for an hour to the host and checks it in at the north gate; returns its code. */
async function visit(session, hostKind, hostId, name) {
  const now = new Date((await (await fetch(`${base}/api/v1/sim/clock`, { headers: { Cookie: session.cookie } })).json()).now);
  const { id } = await post(session, "/api/v1/campuses/hj/visits", {
    visitorName: name, phone: "13900000000", purpose: "Meeting", hostKind, hostId,
    expectedArrival: now.toISOString(), expectedDeparture: new Date(now.getTime() + 3600_000).toISOString(), companions: 1,
  });
  // The read model may not know the visit yet: the check-in waits for it (the API catches up).
  await post(session, `/api/v1/campuses/hj/visits/${id}/check-in`, { gateId: "gate-north" });
  return id;
}

const security = await signIn(securityUser, securityPassword);
const teacher = new Watcher("teacher", (await signIn(teacherUser, teacherPassword)).cookie);
const supervisor = new Watcher("supervisor", (await signIn(supervisorUser, supervisorPassword)).cookie);
try {
  await teacher.connection.start();
  await supervisor.connection.start();

  const toClass = await visit(security, "class", teacherClass, "Parent Liu");
  await teacher.until(() => teacher.arrivals.includes(toClass), "the arrival at the class");
  const toStaff = await visit(security, "staff", supervisorUser, "Inspector Wu");
  await supervisor.until(() => supervisor.arrivals.includes(toStaff), "the arrival for the supervisor");

  await teacher.connection.stop();
  await supervisor.connection.stop();
  clearTimeout(timer);
  process.stdout.write(JSON.stringify({ toClass, toStaff, teacher: teacher.arrivals, supervisor: supervisor.arrivals }) + "\n");
  process.exit(0);
} catch (error) {
  fail(String(error?.stack ?? error));
}
