// Every UI string, alert kind, outcome and role in English and Simplified Chinese.

export type Lang = "en" | "zh-CN";

const en = {
  "app.title": "CampusOps security console",
  "signin.title": "Sign in", "signin.user": "User name", "signin.password": "Password", "signin.submit": "Sign in",
  "signin.failed": "Sign-in failed: {error}", "signin.code": "Signing in with your access link…", "signout": "Sign out",
  "nav.wall": "Wall display", "nav.supervisor": "Supervisor", "nav.parent": "Parent", "nav.guard": "Gate desk",
  "county.title": "County overview", "county.tiles": "Schools, what needs attention first",
  "county.onCampus": "On campus", "county.inDorms": "In dorms", "county.missing": "{n} missing",
  "county.devicesOffline": "Devices offline", "county.oldestCritical": "Unacknowledged critical since {time}",
  "county.alerts": "Critical and high alerts", "county.noAlerts": "No critical or high alerts", "county.none": "No schools to show.",
  "county.totals.campuses": "schools", "county.totals.critical": "critical", "county.totals.high": "high", "county.totals.onCampus": "on campus", "county.totals.missing": "missing at night",
  "county.totals.offline": "devices offline", "county.open": "Open the wall of {name}",
  "nav.county": "← County overview", "wall.readOnly": "Read-only",
  "nav.report": "Daily report", "nav.countyReport": "County daily report (CSV)",
  "lang.toggle": "中文 (zh-CN)", "lang.toggle.label": "Switch language to Chinese",
  "mute.on": "Sound off", "mute.off": "Sound on", "mute.label": "Mute critical alert sound",
  "conn.down": "Disconnected since {time}; reconnecting…",
  "conn.connecting": "Connecting…",
  "tile.onCampus": "On campus", "tile.inDorms": "In dorms", "tile.inDorms.expected": "of {n} expected",
  "tile.inDorms.beforeCurfew": "before curfew", "tile.openAlerts": "Open alerts", "tile.devicesOffline": "Devices offline",
  "tile.devices.of": "of {n} devices",
  "alerts.title": "Alerts", "alerts.none": "No open alerts", "ticker.title": "Live events",
  "alerts.hidden": "+{n} more not shown (less severe):",
  "map.title": "Campus map", "map.gates": "Gates", "map.dorms": "Dorms", "map.classrooms": "Classrooms", "map.zones": "Zones", "map.people": "{n} seen",
  "alert.age": "{age} ago", "alert.level": "Level {level}: {role}", "alert.nextIn": "escalates in {time}",
  "alert.overdue": "escalation due", "alert.noEscalation": "no further escalation",
  "alert.by": "by {by}",
  "severity.critical": "Critical", "severity.high": "High", "severity.warning": "Warning", "severity.info": "Info",
  "status.open": "Open", "status.acknowledged": "Acknowledged", "status.escalated": "Escalated", "status.resolved": "Resolved",
  "sup.title": "Supervisor", "sup.operator": "Signed in as", "sup.dorm": "Dorm {name}", "sup.class": "Class {name}",
  "sup.none": "Open the supervisor view with ?dorm= or ?class= in the address.",
  "sup.note": "Note", "sup.ack": "Acknowledge", "sup.outcome": "Outcome", "sup.resolve": "Resolve",
  "sup.noteRequired": "A note is required to resolve.", "sup.sent": "Sent.", "sup.failed": "Failed: {error}",
  "roll.title": "Roll call", "roll.in": "In", "roll.missing": "Missing", "roll.on-leave": "On leave",
  "roll.in-class": "In class", "roll.in-dorm": "In a dorm", "roll.on-campus": "On campus", "roll.off-campus": "Off campus",
  "roll.n.in": "{n} in", "roll.n.missing": "{n} missing", "roll.n.on-leave": "{n} on leave", "roll.n.in-class": "{n} in class",
  "roll.n.in-dorm": "{n} in a dorm", "roll.n.on-campus": "{n} on campus", "roll.n.off-campus": "{n} off campus",
  "roll.refresh": "Refresh roll call",
  "parent.title": "My child", "parent.today": "Today", "parent.none": "Nothing yet today.",
  "parent.missing": "Open the parent view with ?student= in the address.", "parent.where": "Now: {where} since {time}",
  "parent.unknown": "Location not known yet",
  "request.title": "Request a visit", "request.date": "Date", "request.expectedArrival": "From", "request.expectedDeparture": "To",
  "request.submit": "Send request", "request.sent": "Request sent. Visit code:",
  "request.mine": "My visit requests", "request.day": "Day", "request.none": "No visit requests for this day.",
  "request.code": "Code {code}", "request.reason": "Reason: {reason}", "request.zone": "Date and times are the school's ({zone}).",
  "request.past": "is in the past", "request.afterArrival": "must be after the arrival time",
  "request.phoneChars": "may hold only digits, spaces and + - ( )",
  "request.status.requested": "Requested", "request.status.expected": "Approved", "request.status.declined": "Declined",
  "request.status.on-campus": "On campus", "request.status.left": "Left",
  "notice.arrival": "Arrived at school", "notice.departure": "Left school", "notice.dorm-check-in": "Checked into the dorm",
  "ticker.alert": "{severity} {kind}: {subject} ({status})", "ticker.notice": "{student}: {kind}",
  "ticker.device.online": "{device} back online", "ticker.device.offline": "{device} offline",
  "device.gate-reader": "reader", "device.dorm-reader": "reader", "device.class-board": "class-board",
  "device.camera": "camera", "device.panic-button": "panic button", "device.plate-camera": "plate camera", "device.visitor-kiosk": "visitor kiosk",
  "loc.on-campus": "on campus", "loc.off-campus": "off campus",
  "error.load": "Could not load: {error}",
  "visitors.title": "Visitors on campus: {n}", "visitors.none": "No visitors on campus",
  "vehicles.title": "Vehicles on campus: {n}", "vehicles.none": "No vehicles on campus",
  "panel.more": "+{n} more", "since": "since {time}", "visit.for": "for {host}",
  "visit.requested": "Requested", "visit.expected": "Expected", "visit.declined": "Declined", "visit.on-campus": "On campus", "visit.left": "Left",
  "category.staff": "Staff", "category.service": "Service", "category.delivery": "Delivery", "category.visitor": "Visitor",
  "category.unknown": "Unknown", "category.watched": "Watch list",
  "direction.in": "In", "direction.out": "Out", "vehicle.lowConfidence": "uncertain read",
  "guard.title": "Gate desk", "guard.gate": "At gate", "guard.noGate": "(none)", "guard.today": "Today's visits", "guard.noVisits": "No visits today.",
  "guard.checkIn": "Check in", "guard.checkOut": "Check out", "guard.checkedIn": "{name} checked in.", "guard.checkedOut": "{name} checked out.",
  "guard.approve": "Approve", "guard.decline": "Decline", "guard.declineReason": "Why is the visit declined?",
  "guard.approved": "The visit of {name} is approved.", "guard.declined": "The visit of {name} is declined.",
  "guard.failed": "Not done: {error}", "guard.vehicles": "Vehicle log today", "guard.noVehicles": "No vehicles today.",
  "guard.notSecurity": "The gate desk is for security and admin accounts.",
  "walkIn.title": "Walk-in visitor", "walkIn.visitorName": "Visitor name", "walkIn.phone": "Phone", "walkIn.purpose": "Purpose",
  "walkIn.hostId": "Visiting class", "walkIn.expectedDeparture": "Leaves by", "walkIn.companions": "Companions",
  "walkIn.plate": "Plate", "walkIn.documentNumber": "ID document number", "walkIn.optional": "(optional)",
  "walkIn.choose": "Choose…", "walkIn.fieldError": "{field} {message}", "walkIn.gateId": "Gate",
  "walkIn.submit": "Register and check in", "walkIn.required": "is required", "walkIn.invalid": "Please correct the marked fields.",
  "walkIn.done": "{name} registered and checked in ({code}).",
  "arrival.notice": "Visitor {name}{companions} has arrived for {host}", "arrival.dismiss": "Dismiss", "arrival.companions": " (+{n})",
  "kind.curfew-missing": "Not in dorm after curfew", "kind.late-return": "Late return", "kind.night-exit": "Left dorm at night",
  "kind.abnormal-absence": "Abnormal absence", "kind.missing-from-class": "Missing from class",
  "kind.unauthorized-exit": "Unauthorized exit", "kind.intruder": "Intruder", "kind.restricted-zone": "In a hazard zone",
  "kind.sos": "SOS", "kind.device-offline": "Device offline",
  "kind.visitor-overstay": "Visitor overstay", "kind.visitor-after-hours": "Visitor after hours",
  "kind.visitor-not-checked-out": "Visitor not checked out", "kind.visit-code-reused": "Visit code reused",
  "kind.visit-code-invalid": "Invalid visit code", "kind.watch-list": "Watch list match", "kind.unknown-vehicle": "Unknown vehicle",
  "kind.vehicle-outside-hours": "Vehicle outside hours", "kind.visitor-vehicle-overstay": "Visitor vehicle overstay",
  "outcome.found": "Found", "outcome.late-return": "Late return", "outcome.leave-added": "Leave added",
  "outcome.false-alarm": "False alarm", "outcome.device-fault": "Device fault", "outcome.other": "Other",
  "role.responsible": "Responsible", "role.dorm-supervisor": "Dorm supervisor", "role.class-teacher": "Class teacher",
  "role.security": "Security desk", "role.duty-leader": "Duty leader", "role.principal": "Principal",
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  "app.title": "校园安全控制台",
  "signin.title": "登录", "signin.user": "用户名", "signin.password": "密码", "signin.submit": "登录",
  "signin.failed": "登录失败：{error}", "signin.code": "正在通过访问链接登录…", "signout": "退出登录",
  "nav.wall": "大屏", "nav.supervisor": "宿管/班主任", "nav.parent": "家长", "nav.guard": "门岗",
  "county.title": "县域总览", "county.tiles": "各校情况（需关注的排在前面）",
  "county.onCampus": "在校", "county.inDorms": "在宿舍", "county.missing": "缺 {n} 人",
  "county.devicesOffline": "离线设备", "county.oldestCritical": "自 {time} 起有紧急警报未确认",
  "county.alerts": "紧急与高级警报", "county.noAlerts": "暂无紧急或高级警报", "county.none": "没有可显示的学校。",
  "county.totals.campuses": "所学校", "county.totals.critical": "紧急", "county.totals.high": "高", "county.totals.onCampus": "在校", "county.totals.missing": "夜间未归",
  "county.totals.offline": "台设备离线", "county.open": "打开 {name} 的大屏",
  "nav.county": "← 县域总览", "wall.readOnly": "只读",
  "nav.report": "每日报告", "nav.countyReport": "县域每日报告（CSV）",
  "lang.toggle": "English (en)", "lang.toggle.label": "切换到英文",
  "mute.on": "已静音", "mute.off": "声音开", "mute.label": "紧急警报静音",
  "conn.down": "自 {time} 起连接中断，正在重连…",
  "conn.connecting": "正在连接…",
  "tile.onCampus": "在校人数", "tile.inDorms": "在宿舍", "tile.inDorms.expected": "应到 {n} 人",
  "tile.inDorms.beforeCurfew": "未到熄灯时间", "tile.openAlerts": "未处理警报", "tile.devicesOffline": "离线设备",
  "tile.devices.of": "共 {n} 台设备",
  "alerts.title": "警报", "alerts.none": "暂无未处理警报", "ticker.title": "实时事件",
  "alerts.hidden": "另有 {n} 条未显示（级别较低）：",
  "map.title": "校园地图", "map.gates": "校门", "map.dorms": "宿舍", "map.classrooms": "教室", "map.zones": "区域", "map.people": "{n} 人",
  "alert.age": "{age}前", "alert.level": "第 {level} 级：{role}", "alert.nextIn": "{time} 后升级",
  "alert.overdue": "即将升级", "alert.noEscalation": "已到最高级",
  "alert.by": "处理人 {by}",
  "severity.critical": "紧急", "severity.high": "高", "severity.warning": "警告", "severity.info": "信息",
  "status.open": "未处理", "status.acknowledged": "已确认", "status.escalated": "已升级", "status.resolved": "已解决",
  "sup.title": "值班视图", "sup.operator": "当前登录", "sup.dorm": "宿舍 {name}", "sup.class": "班级 {name}",
  "sup.none": "请在地址中加上 ?dorm= 或 ?class= 打开此视图。",
  "sup.note": "备注", "sup.ack": "确认", "sup.outcome": "处理结果", "sup.resolve": "解决",
  "sup.noteRequired": "解决警报需要填写备注。", "sup.sent": "已提交。", "sup.failed": "失败：{error}",
  "roll.title": "点名", "roll.in": "在", "roll.missing": "未到", "roll.on-leave": "请假",
  "roll.in-class": "上课中", "roll.in-dorm": "在宿舍", "roll.on-campus": "在校内", "roll.off-campus": "在校外",
  "roll.n.in": "在 {n}", "roll.n.missing": "未到 {n}", "roll.n.on-leave": "请假 {n}", "roll.n.in-class": "上课中 {n}",
  "roll.n.in-dorm": "在宿舍 {n}", "roll.n.on-campus": "在校内 {n}", "roll.n.off-campus": "在校外 {n}",
  "roll.refresh": "刷新点名",
  "parent.title": "我的孩子", "parent.today": "今天", "parent.none": "今天暂无记录。",
  "parent.missing": "请在地址中加上 ?student= 打开此视图。", "parent.where": "当前：{where}（自 {time}）",
  "parent.unknown": "位置未知",
  "request.title": "预约来访", "request.date": "日期", "request.expectedArrival": "到达时间", "request.expectedDeparture": "离开时间",
  "request.submit": "提交申请", "request.sent": "申请已提交，来访码：",
  "request.mine": "我的来访申请", "request.day": "日期", "request.none": "当天没有来访申请。",
  "request.code": "来访码 {code}", "request.reason": "原因：{reason}", "request.zone": "日期和时间按学校所在时区（{zone}）。",
  "request.past": "已早于当前时间", "request.afterArrival": "须晚于到达时间",
  "request.phoneChars": "只能包含数字、空格和 + - ( )",
  "request.status.requested": "待审批", "request.status.expected": "已批准", "request.status.declined": "已拒绝",
  "request.status.on-campus": "在校", "request.status.left": "已离校",
  "notice.arrival": "已到校", "notice.departure": "已离校", "notice.dorm-check-in": "已回宿舍",
  "ticker.alert": "{severity} {kind}：{subject}（{status}）", "ticker.notice": "{student}：{kind}",
  "ticker.device.online": "{device} 已恢复在线", "ticker.device.offline": "{device} 离线",
  "device.gate-reader": "闸机读卡器", "device.dorm-reader": "门禁读卡器", "device.class-board": "班牌",
  "device.camera": "摄像头", "device.panic-button": "紧急按钮", "device.plate-camera": "车牌识别摄像头", "device.visitor-kiosk": "访客机",
  "loc.on-campus": "校内", "loc.off-campus": "校外",
  "error.load": "加载失败：{error}",
  "visitors.title": "在校访客：{n}", "visitors.none": "暂无访客在校",
  "vehicles.title": "在校车辆：{n}", "vehicles.none": "暂无车辆在校",
  "panel.more": "另有 {n} 条", "since": "{time} 起", "visit.for": "拜访 {host}",
  "visit.requested": "待审批", "visit.expected": "待到访", "visit.declined": "已拒绝", "visit.on-campus": "在校", "visit.left": "已离校",
  "category.staff": "教职工", "category.service": "服务车辆", "category.delivery": "送货车辆", "category.visitor": "访客车辆",
  "category.unknown": "未登记", "category.watched": "布控车辆",
  "direction.in": "入", "direction.out": "出", "vehicle.lowConfidence": "识别置信度低",
  "guard.title": "门岗", "guard.gate": "所在校门", "guard.noGate": "（未选）", "guard.today": "今日访客", "guard.noVisits": "今天暂无访客。",
  "guard.checkIn": "登记入校", "guard.checkOut": "登记离校", "guard.checkedIn": "{name} 已登记入校。", "guard.checkedOut": "{name} 已登记离校。",
  "guard.approve": "批准", "guard.decline": "拒绝", "guard.declineReason": "拒绝此次来访的原因？",
  "guard.approved": "已批准 {name} 的来访。", "guard.declined": "已拒绝 {name} 的来访。",
  "guard.failed": "未完成：{error}", "guard.vehicles": "今日车辆记录", "guard.noVehicles": "今天暂无车辆记录。",
  "guard.notSecurity": "门岗视图仅供保卫处和管理员账号使用。",
  "walkIn.title": "临时访客登记", "walkIn.visitorName": "访客姓名", "walkIn.phone": "电话", "walkIn.purpose": "来访事由",
  "walkIn.hostId": "拜访班级", "walkIn.expectedDeparture": "预计离校时间", "walkIn.companions": "随行人数",
  "walkIn.plate": "车牌", "walkIn.documentNumber": "证件号码", "walkIn.optional": "（选填）",
  "walkIn.choose": "请选择…", "walkIn.fieldError": "{field}：{message}", "walkIn.gateId": "校门",
  "walkIn.submit": "登记并入校", "walkIn.required": "必填", "walkIn.invalid": "请更正标出的项目。",
  "walkIn.done": "{name} 已登记入校（{code}）。",
  "arrival.notice": "访客 {name}{companions} 已到达，拜访 {host}", "arrival.dismiss": "知道了", "arrival.companions": "（+{n}）",
  "kind.curfew-missing": "熄灯后未归寝", "kind.late-return": "晚归", "kind.night-exit": "夜间离开宿舍",
  "kind.abnormal-absence": "异常缺勤", "kind.missing-from-class": "缺课",
  "kind.unauthorized-exit": "擅自离校", "kind.intruder": "可疑人员闯入", "kind.restricted-zone": "进入危险区域",
  "kind.sos": "紧急求助", "kind.device-offline": "设备离线",
  "kind.visitor-overstay": "访客超时未离校", "kind.visitor-after-hours": "非开放时间访客",
  "kind.visitor-not-checked-out": "访客未登记离校", "kind.visit-code-reused": "访客码重复使用",
  "kind.visit-code-invalid": "访客码无效", "kind.watch-list": "命中布控名单", "kind.unknown-vehicle": "未登记车辆",
  "kind.vehicle-outside-hours": "非通行时段车辆", "kind.visitor-vehicle-overstay": "访客车辆超时",
  "outcome.found": "已找到", "outcome.late-return": "晚归", "outcome.leave-added": "已补请假",
  "outcome.false-alarm": "误报", "outcome.device-fault": "设备故障", "outcome.other": "其他",
  "role.responsible": "责任人", "role.dorm-supervisor": "宿管", "role.class-teacher": "班主任",
  "role.security": "保卫处", "role.duty-leader": "值班领导", "role.principal": "校长",
};

const dictionaries: Record<Lang, Record<Key, string>> = { en, "zh-CN": zh };

let current: Lang = "en";

export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  document.title = t("app.title");
}

export const lang = (): Lang => current;

export function parseLang(value: string | null | undefined): Lang | null {
  if (!value) return null;
  if (value.toLowerCase().startsWith("zh")) return "zh-CN";
  if (value.toLowerCase().startsWith("en")) return "en";
  return null;
}

export const defaultLang = (): Lang => (navigator.language?.toLowerCase().startsWith("zh") ? "zh-CN" : "en");

/** A UI string with {placeholders} filled in. */
export function t(key: Key, args: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(args[name] ?? `{${name}}`));
}

/** A translated code (alert kind, outcome, role, ...) or the code itself when unknown. */
export function tc(prefix: "kind" | "outcome" | "role" | "severity" | "status" | "notice" | "roll" | "device" | "visit" | "category" | "direction", code: string): string {
  const key = `${prefix}.${code}` as Key;
  return key in en ? t(key) : code;
}
