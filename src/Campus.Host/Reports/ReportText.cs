using System.Collections.Frozen;

namespace Campus.Host.Reports;

/// <summary>
/// The words of the printable daily report in its two languages, <c>zh-CN</c> and <c>en</c>: headings,
/// column names (named like the report's figures, so a correction's figure reads the same), alert
/// kinds, severities, outcomes and vehicle categories. A word missing from a language is shown as its key.
/// </summary>
public sealed class ReportText
{
    /// <summary>The languages of the page.</summary>
    public static readonly IReadOnlyList<string> Languages = ["zh-CN", "en"];

    private static readonly FrozenDictionary<string, string> English = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "Daily report", ["timeZone"] = "Time zone", ["date"] = "Day", ["closed"] = "Closed at", ["preview"] = "Preview, not closed: figures as of",
        ["schoolDay"] = "School day", ["noSchool"] = "No school", ["yes"] = "yes", ["no"] = "no", ["none"] = "None.", ["notChecked"] = "not checked",
        ["headline"] = "Summary", ["attendance"] = "Attendance", ["night"] = "Night", ["alerts"] = "Alerts", ["devices"] = "Devices",
        ["gates"] = "Gate passages", ["visitors"] = "Visitors", ["vehicles"] = "Vehicles", ["corrections"] = "Corrections to the day before",
        ["students"] = "Students", ["nightOf"] = "Night of", ["section"] = "Section", ["key"] = "Row", ["figure"] = "Figure", ["was"] = "Was", ["now"] = "Now",
        ["grade"] = "Grade", ["class"] = "Class", ["gradeTotal"] = "Grade {0} total", ["dorm"] = "Dorm", ["student"] = "Student", ["what"] = "What", ["at"] = "Time",
        ["expected"] = "Expected", ["arrived"] = "Arrived", ["late"] = "Late", ["absent"] = "Absent", ["absentWithLeave"] = "Absent with leave",
        ["absentWithoutLeave"] = "Absent without leave", ["leftEarly"] = "Left early", ["checked"] = "Checked", ["curfew"] = "Curfew", ["wakeUp"] = "Wake-up",
        ["boarders"] = "Boarders", ["onLeave"] = "On leave", ["inByCurfew"] = "In by curfew", ["lateReturns"] = "Late returns", ["stillMissing"] = "Still missing",
        ["nightExits"] = "Night exits", ["boardersExpected"] = "Boarders expected", ["alertsRaised"] = "Alerts raised", ["alertsOpen"] = "Alerts open",
        ["critical"] = "Critical alerts", ["deviceOfflineMinutes"] = "Device minutes offline", ["kind"] = "Kind", ["severity"] = "Severity", ["raised"] = "Raised",
        ["acknowledged"] = "Acknowledged", ["ackMedianMinutes"] = "To acknowledge, median (min)", ["ackWorstMinutes"] = "To acknowledge, worst (min)",
        ["resolved"] = "Resolved", ["resolveMedianMinutes"] = "To resolve, median (min)", ["resolveWorstMinutes"] = "To resolve, worst (min)",
        ["escalatedTo"] = "Escalated to", ["openAtClose"] = "Open", ["outcomes"] = "Outcomes", ["outcome"] = "Outcome", ["device"] = "Device", ["location"] = "Location",
        ["activeHours"] = "Active hours", ["allDay"] = "all day", ["offlineMinutes"] = "Minutes offline", ["wentOffline"] = "Went offline",
        ["passagesIn"] = "In", ["passagesOut"] = "Out", ["registered"] = "Registered", ["checkedIn"] = "Checked in", ["walkIns"] = "Walk-ins",
        ["checkedOut"] = "Checked out", ["overstays"] = "Overstays", ["category"] = "Category", ["in"] = "In", ["out"] = "Out",
        ["lowConfidence"] = "Unsure reads", ["unknownIn"] = "Unknown vehicles in",
        ["what:late"] = "late", ["what:absent"] = "absent", ["what:absent-with-leave"] = "absent with leave", ["what:left-early"] = "left early",
        ["what:late-return"] = "late return", ["what:missing"] = "still missing", ["what:night-exit"] = "night exit",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Chinese = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "每日报告", ["timeZone"] = "时区", ["date"] = "日期", ["closed"] = "结账时间", ["preview"] = "预览（未结账），数据截至",
        ["schoolDay"] = "上课日", ["noSchool"] = "非上课日", ["yes"] = "是", ["no"] = "否", ["none"] = "无。", ["notChecked"] = "不查寝",
        ["headline"] = "概要", ["attendance"] = "出勤", ["night"] = "夜间", ["alerts"] = "告警", ["devices"] = "设备",
        ["gates"] = "校门通行", ["visitors"] = "访客", ["vehicles"] = "车辆", ["corrections"] = "前一日更正",
        ["students"] = "学生", ["nightOf"] = "夜间日期", ["section"] = "部分", ["key"] = "行", ["figure"] = "数据", ["was"] = "原值", ["now"] = "现值",
        ["grade"] = "年级", ["class"] = "班级", ["gradeTotal"] = "{0}年级合计", ["dorm"] = "宿舍", ["student"] = "学生", ["what"] = "情况", ["at"] = "时间",
        ["expected"] = "应到", ["arrived"] = "实到", ["late"] = "迟到", ["absent"] = "缺勤", ["absentWithLeave"] = "请假缺勤",
        ["absentWithoutLeave"] = "未请假缺勤", ["leftEarly"] = "早退", ["checked"] = "查寝", ["curfew"] = "熄灯", ["wakeUp"] = "起床",
        ["boarders"] = "住宿生", ["onLeave"] = "请假", ["inByCurfew"] = "按时归寝", ["lateReturns"] = "晚归", ["stillMissing"] = "未归",
        ["nightExits"] = "夜间外出", ["boardersExpected"] = "应归寝", ["alertsRaised"] = "告警数", ["alertsOpen"] = "未处理告警",
        ["critical"] = "紧急告警", ["deviceOfflineMinutes"] = "设备离线分钟", ["kind"] = "类型", ["severity"] = "级别", ["raised"] = "发生",
        ["acknowledged"] = "已确认", ["ackMedianMinutes"] = "确认用时中位数（分钟）", ["ackWorstMinutes"] = "确认用时最长（分钟）",
        ["resolved"] = "已处理", ["resolveMedianMinutes"] = "处理用时中位数（分钟）", ["resolveWorstMinutes"] = "处理用时最长（分钟）",
        ["escalatedTo"] = "升级至", ["openAtClose"] = "未处理", ["outcomes"] = "处理结果", ["outcome"] = "处理结果", ["device"] = "设备", ["location"] = "位置",
        ["activeHours"] = "工作时段", ["allDay"] = "全天", ["offlineMinutes"] = "离线分钟", ["wentOffline"] = "离线次数",
        ["passagesIn"] = "进校", ["passagesOut"] = "出校", ["registered"] = "登记", ["checkedIn"] = "已签到", ["walkIns"] = "临时来访",
        ["checkedOut"] = "已签离", ["overstays"] = "超时", ["category"] = "类别", ["in"] = "进", ["out"] = "出",
        ["lowConfidence"] = "识别不确定", ["unknownIn"] = "陌生车辆进入",
        ["what:late"] = "迟到", ["what:absent"] = "缺勤", ["what:absent-with-leave"] = "请假", ["what:left-early"] = "早退",
        ["what:late-return"] = "晚归", ["what:missing"] = "未归", ["what:night-exit"] = "夜间外出",
        ["kind:curfew-missing"] = "熄灯未归", ["kind:late-return"] = "晚归", ["kind:night-exit"] = "夜间外出", ["kind:abnormal-absence"] = "异常缺勤",
        ["kind:missing-from-class"] = "未到课", ["kind:unauthorized-exit"] = "擅自离校", ["kind:intruder"] = "闯入", ["kind:restricted-zone"] = "危险区域",
        ["kind:sos"] = "紧急求助", ["kind:device-offline"] = "设备离线", ["kind:visitor-overstay"] = "访客超时", ["kind:visitor-after-hours"] = "访客逾时未离",
        ["kind:visitor-not-checked-out"] = "访客未签离", ["kind:visit-code-reused"] = "访客码重复使用", ["kind:visit-code-invalid"] = "访客码无效",
        ["kind:watch-list"] = "关注名单", ["kind:unknown-vehicle"] = "陌生车辆", ["kind:vehicle-outside-hours"] = "车辆超时段",
        ["kind:visitor-vehicle-overstay"] = "访客车辆超时",
        ["severity:info"] = "提示", ["severity:warning"] = "警告", ["severity:high"] = "高", ["severity:critical"] = "紧急",
        ["outcome:found"] = "已找到", ["outcome:late-return"] = "晚归", ["outcome:leave-added"] = "补请假", ["outcome:false-alarm"] = "误报",
        ["outcome:device-fault"] = "设备故障", ["outcome:other"] = "其他", ["outcome:condition-cleared"] = "自动解除",
        ["category:staff"] = "教职工", ["category:service"] = "服务", ["category:delivery"] = "配送", ["category:visitor"] = "访客",
        ["category:unknown"] = "陌生", ["category:watched"] = "关注",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, string> _words;

    private ReportText(string language, FrozenDictionary<string, string> words)
    {
        Language = language;
        _words = words;
    }

    /// <summary>The language (<c>zh-CN</c> or <c>en</c>).</summary>
    public string Language { get; }

    /// <summary>The words of <paramref name="language"/> (<c>zh-CN</c> or <c>en</c>; anything else is English).</summary>
    public static ReportText For(string language) => language == "zh-CN" ? new ReportText("zh-CN", Chinese) : new ReportText("en", English);

    /// <summary>The word for <paramref name="key"/>, or the key itself.</summary>
    public string this[string key] => _words.GetValueOrDefault(key) ?? key;

    /// <summary>A value of a kind (<c>kind</c>, <c>severity</c>, <c>outcome</c>, <c>category</c>, <c>what</c>): its word, or the value as the API spells it.</summary>
    public string Of(string kind, string value) => _words.GetValueOrDefault($"{kind}:{value}") ?? value;
}
