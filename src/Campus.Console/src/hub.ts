// The live connection to /hubs/campus: automatic reconnect with backoff, a restart loop when the
// connection closes for good, Watch(campusId) and a refetch after every (re)connect.
import * as signalR from "@microsoft/signalr";
import type { Alert, CampusTile, DeviceChange, Notice, PresenceMove, Vehicle, Visit, VisitorArrival, ZoneChange } from "./api";

export type ConnectionState = "connected" | "reconnecting" | "disconnected";

/** 0, 2, 5, 10, 30 s, then every 30 s forever. */
export const backoffMs = (attempt: number): number => [0, 2000, 5000, 10000, 30000][attempt] ?? 30000;

const retryPolicy: signalR.IRetryPolicy = { nextRetryDelayInMilliseconds: (ctx) => backoffMs(ctx.previousRetryCount) };

export interface HubHandlers {
  alert?: (a: Alert) => void;
  presence?: (moves: PresenceMove[]) => void;
  notice?: (n: Notice) => void;
  device?: (d: DeviceChange) => void;
  zone?: (z: ZoneChange) => void;
  /** A visit changed (to the campus, the visit's host and whoever registered it). */
  visit?: (v: Visit) => void;
  /** A visitor arrived (to their host only). */
  visitorArrived?: (a: VisitorArrival) => void;
  /** A vehicle passed a gate. */
  vehicle?: (v: Vehicle) => void;
  /** A campus's fresh tile for the county wall (at most one per campus a second). */
  countyTile?: (t: CampusTile) => void;
  /** A critical or high alert changed, for the county wall's list. */
  countyAlert?: (a: Alert) => void;
  /** After every start and reconnect (Watch already invoked): fetch current state. */
  connected: () => Promise<void> | void;
  /** The connection state changed; `since` is when it went down (null while connected). */
  state: (state: ConnectionState, since: Date | null) => void;
}

/**
 * Connects to the hub. With a campus, invokes Watch(campusId) after every (re)connect (a county
 * account then follows that campus's wall); the county wall passes null.
 */
export function connectHub(campusId: string | null, h: HubHandlers): void {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/campus")
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  // The server sends Alert/Presence/Notice/Device/Zone/Visit/VisitorArrived/Vehicle; the client
  // matches names without regard to case.
  if (h.alert) connection.on("alert", h.alert);
  if (h.presence) connection.on("presence", h.presence);
  if (h.notice) connection.on("notice", h.notice);
  if (h.device) connection.on("device", h.device);
  if (h.zone) connection.on("zone", h.zone);
  if (h.visit) connection.on("visit", h.visit);
  if (h.visitorArrived) connection.on("visitorArrived", h.visitorArrived);
  if (h.vehicle) connection.on("vehicle", h.vehicle);
  // Admins' connections get the county wall's messages too: a page that does not show them ignores them.
  connection.on("countyTile", h.countyTile ?? (() => undefined));
  connection.on("countyAlert", h.countyAlert ?? (() => undefined));

  // Null while connected and during the very first connect (no banner for a page that is loading).
  let downSince: Date | null = null;
  const setState = (state: ConnectionState) => {
    if (state === "connected") downSince = null;
    else downSince ??= new Date();
    document.body.dataset.connection = state;
    h.state(state, downSince);
  };

  const joined = async () => {
    if (campusId !== null) await connection.invoke("Watch", campusId);
    setState("connected");
    try { await h.connected(); } catch (e) { console.warn("refetch after connect failed", e); }
  };

  connection.onreconnecting(() => setState("reconnecting"));
  connection.onreconnected(async () => {
    try { await joined(); } catch (e) { console.warn("Watch after reconnect failed", e); void connection.stop(); }
  });
  connection.onclose(() => { setState("disconnected"); void startLoop(); });

  let starting = false;
  const startLoop = async () => {
    if (starting) return;
    starting = true;
    for (let attempt = 0; ; attempt++) {
      const delay = attempt === 0 ? 0 : backoffMs(attempt);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        await connection.start();
        starting = false;
        try { await joined(); } catch (e) { console.warn("Watch failed", e); void connection.stop(); }
        return;
      } catch (e) {
        setState("disconnected");
        console.warn(`hub start failed (attempt ${attempt + 1})`, e);
      }
    }
  };
  document.body.dataset.connection = "reconnecting";
  h.state("reconnecting", null);
  void startLoop();
}
