namespace Campus.County.Generate;

/// <summary>
/// Invented names: pinyin surnames and given names as in <c>ops/demo/make-roster.py</c>, and places
/// made of two syllables. Any resemblance to real people or places is accidental.
/// </summary>
public static class Names
{
    public const string County = "Yunlan";

    public static readonly string[] Surnames =
    [
        "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
        "Xu", "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo",
        "Liang", "Song", "Zheng", "Xie", "Han", "Tang", "Feng", "Yu", "Dong", "Xiao",
    ];

    public static readonly string[] Boy =
    [
        "Hao", "Yu", "Chen", "Jun", "Kai", "Lei", "Peng", "Tao", "Wei", "Xiang",
        "Yang", "Zhe", "Bo", "Jie", "Ming", "Rui", "Sheng", "Tian", "Xuan", "Yi",
    ];

    public static readonly string[] Girl =
    [
        "Fang", "Jing", "Lan", "Li", "Min", "Na", "Qian", "Rong", "Ting", "Wen",
        "Xin", "Yan", "Ying", "Yue", "Hui", "Jia", "Lu", "Mei", "Shan", "Xue",
    ];

    public static readonly string[] Adult =
    [
        "Guoqiang", "Jianhua", "Zhiming", "Weidong", "Haitao", "Xiaohong", "Lihua",
        "Yufang", "Shuqin", "Meiling", "Jianguo", "Hongmei", "Dehua", "Cuiping", "Yongsheng",
    ];

    /// <summary>Boys' dorms are named after trees, girls' after flowers (as Pine and Plum in the demo).</summary>
    public static readonly string[] Trees = ["Pine", "Cedar", "Cypress", "Maple", "Willow", "Poplar", "Camphor", "Ginkgo"];

    public static readonly string[] Flowers = ["Plum", "Orchid", "Lotus", "Jasmine", "Peony", "Camellia", "Osmanthus", "Magnolia"];

    /// <summary>Places nobody may enter: a child there raises restricted-zone (the model sends one around lunch).</summary>
    public static readonly (string Id, string Name)[] Hazards =
    [
        ("pond", "Fish Pond"), ("river", "Riverbank"), ("rooftop", "Teaching Block Rooftop"),
        ("well", "Old Well"), ("reservoir", "Reservoir Edge"), ("slope", "Hillside Drop"),
    ];

    private static readonly string[] First =
    [
        "Qing", "Bai", "Shang", "Long", "Xiao", "Dong", "Nan", "Feng", "Shi", "Yun",
        "Jin", "Tao", "Liu", "Song", "Hua", "Gu", "Lin", "Shui", "Hong", "Ping",
    ];

    private static readonly string[] Second =
    [
        "shui", "he", "ping", "tan", "xi", "ling", "shan", "kou", "ba", "tai",
        "wan", "yuan", "gou", "po", "zhuang", "qiao", "tang", "cun", "ao", "gang",
    ];

    /// <summary><paramref name="count"/> distinct place names (first syllable, second syllable), none equal to the county's.</summary>
    public static List<string> Places(Lcg rng, int count)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { County };
        var places = new List<string>(count);
        while (places.Count < count)
        {
            var name = rng.Pick(First) + rng.Pick(Second);
            if (seen.Add(name)) places.Add(name);
        }
        return places;
    }

    /// <summary>A child's name: a surname and one or two given syllables (as the demo roster).</summary>
    public static (string Surname, string Full) Child(Lcg rng, bool girl)
    {
        var surname = rng.Pick(Surnames);
        var given = rng.Pick(girl ? Girl : Boy);
        if (rng.Next(3) == 0) given += rng.Pick(girl ? Girl : Boy).ToLowerInvariant();
        return (surname, $"{surname} {given}");
    }
}
