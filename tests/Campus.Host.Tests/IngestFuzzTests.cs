using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>
/// Ten thousand mutated bodies against the events API with a valid key: the host answers each
/// with a client status, never a server error, each receipt accounts for every item of its body,
/// and the host stays ready and keeps accepting valid events.
/// </summary>
public sealed class IngestFuzzTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private const int Bodies = 10_000;
    private readonly CampusHostFactory _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_mutated_bodies_get_only_client_answers_and_the_host_stays_ready()
    {
        var random = new Random(20261125);
        var bodies = Enumerable.Range(0, Bodies).Select(i => Mutate(random, i)).ToArray();
        using var client = _host.DeviceClient(Gate);
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var mismatches = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var accepted = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, Bodies), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/api/v1/events", content, ct);
            statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500 && failures.Count < 5)
                failures.Add($"{Encoding.UTF8.GetString(bodies[i])} -> {await response.Content.ReadAsStringAsync(ct)}");
            if (response.StatusCode != HttpStatusCode.Accepted) return;
            var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
            var items = ItemCount(bodies[i]);
            var rejected = receipt["rejected"]!.AsArray().Select(r => (int)r!["index"]!).ToArray();
            var stored = (int)receipt["accepted"]!;
            Interlocked.Add(ref accepted, stored);
            if (stored + (int)receipt["duplicates"]! + rejected.Length != items || rejected.Distinct().Count() != rejected.Length
                || rejected.Any(r => r < 0 || r >= items) || stored + (int)receipt["duplicates"]! == 0)
                mismatches.Add($"body {i}: {Encoding.UTF8.GetString(bodies[i])} -> {receipt.ToJsonString()}");
        });

        var unexpected = statuses.Keys.Except([HttpStatusCode.Accepted, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden,
            HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.TooManyRequests]).ToList();
        Assert.True(unexpected.Count == 0, $"unexpected answers: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}; server errors for: {string.Join(Environment.NewLine, failures)}");
        Assert.Empty(mismatches);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.Accepted) > 100, "too few mutated bodies were accepted to exercise the store");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 1000, "too few mutated bodies were refused to exercise the parser");
        Assert.True(accepted > 0);

        using var anonymous = _host.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        var final = await _host.PostEventsAsync(Gate, Access(Gate, _host.DayStudent, SchoolMorning, eventId: "after-the-fuzz"));
        Assert.Equal(HttpStatusCode.Accepted, final.StatusCode);
        Assert.Equal(1, (int)(await final.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
        await _host.SettleAsync();
        using var admin = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/campuses/hj/alerts?status=all")).StatusCode);
    }

    /// <summary>How many items the host sees in a body it accepted (a JSON array's length, else one).</summary>
    private static int ItemCount(byte[] body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : 1;
    }

    private static readonly string[] Persons = ["S1001", "S1002", "S1500", "S9999", "", "x"];
    private static readonly string[] Types = ["access", "zone", "alarm", "heartbeat", "ACCESS", "door", ""];

    /// <summary>A valid event of the gate reader at about 10:00, of a random kind.</summary>
    private static JsonObject Valid(Random random, int i)
    {
        var at = SchoolMorning.AddSeconds(-random.Next(0, 3600));
        var e = new JsonObject
        {
            ["eventId"] = $"fuzz-{i}-{random.Next(1000)}",
            ["deviceId"] = Gate,
            ["occurredAt"] = at.ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
        };
        switch (random.Next(4))
        {
            case 0:
                e["type"] = "access";
                e["personId"] = random.Next(5) == 0 ? null : Persons[random.Next(3)];
                e["direction"] = random.Next(2) == 0 ? "in" : "out";
                break;
            case 1:
                e["type"] = "heartbeat";
                break;
            case 2:
                e["type"] = "alarm";
                e["alarm"] = random.Next(2) == 0 ? "tailgate" : "tamper";
                break;
            default:
                e["type"] = "zone";
                e["zoneId"] = "playground";
                e["count"] = random.Next(0, 30);
                break;
        }
        return e;
    }

    private static byte[] Mutate(Random random, int i)
    {
        var kind = random.Next(10);
        if (kind < 4) return MutateBytes(random, Encoding.UTF8.GetBytes(Body(random, i).ToJsonString()));
        if (kind < 8) return Encoding.UTF8.GetBytes(MutateShape(random, i));
        return Encoding.UTF8.GetBytes(Body(random, i).ToJsonString());
    }

    /// <summary>One event or a small batch of valid events.</summary>
    private static JsonNode Body(Random random, int i) =>
        random.Next(3) == 0 ? new JsonArray([.. Enumerable.Range(0, random.Next(0, 6)).Select(k => (JsonNode?)Valid(random, i * 10 + k))]) : Valid(random, i);

    /// <summary>Flips, inserts or deletes bytes (including invalid UTF-8 and control bytes).</summary>
    private static byte[] MutateBytes(Random random, byte[] bytes)
    {
        var list = bytes.ToList();
        for (var n = random.Next(1, 4); n > 0 && list.Count > 0; n--)
        {
            var at = random.Next(list.Count);
            switch (random.Next(3))
            {
                case 0:
                    list[at] = (byte)random.Next(256);
                    break;
                case 1:
                    list.InsertRange(at, Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    list.RemoveRange(at, Math.Min(random.Next(1, 12), list.Count - at));
                    break;
            }
        }
        return [.. list];
    }

    /// <summary>Valid JSON of the wrong shape: swapped types, nulls, huge numbers, deep nesting, long strings, odd roots.</summary>
    private static string MutateShape(Random random, int i)
    {
        var e = Valid(random, i);
        string[] fields = ["eventId", "deviceId", "occurredAt", "type", "personId", "direction", "zoneId", "count", "alarm"];
        var field = fields[random.Next(fields.Length)];
        JsonNode? Weird() => random.Next(14) switch
        {
            0 => null,
            1 => JsonValue.Create(random.NextInt64()),
            2 => JsonValue.Create(1e300),
            3 => JsonValue.Create(-1),
            4 => JsonValue.Create(true),
            5 => new JsonArray(1, "two", null),
            6 => new JsonObject { ["nested"] = "object" },
            7 => JsonValue.Create(new string('a', random.Next(100, 5000))),
            8 => JsonValue.Create("\u0000\u0001\u001f"),
            9 => JsonValue.Create("2026-11-25T10:00:00"),
            10 => JsonValue.Create("9999-12-31T23:59:59+14:00"),
            11 => JsonValue.Create(Types[random.Next(Types.Length)]),
            12 => JsonValue.Create("\ud83d\ude00 学生 \u202e"),
            _ => JsonValue.Create(""),
        };
        switch (random.Next(9))
        {
            case 0:
                e.Remove(field);
                return e.ToJsonString();
            case 1:
                return $"{{\"eventId\":\"deep-{i}\",\"deviceId\":\"{Gate}\",\"type\":\"heartbeat\",\"x\":{new string('[', random.Next(10, 200))}{new string(']', random.Next(0, 200))}}}";
            case 2:
                return (random.Next(6)) switch
                {
                    0 => "null",
                    1 => "42",
                    2 => "\"event\"",
                    3 => "[]",
                    4 => "[[{}]]",
                    _ => "{}",
                };
            case 3:
                return $"{{\"eventId\":\"big-{i}\",\"deviceId\":\"{Gate}\",\"occurredAt\":\"2026-11-25T10:00:00+08:00\",\"type\":\"zone\",\"count\":{new string('9', random.Next(10, 400))}}}";
            case 4:
                var batch = new JsonArray([.. Enumerable.Range(0, random.Next(1, 20)).Select(k =>
                {
                    var item = Valid(random, i * 100 + k);
                    if (random.Next(2) == 0) item[fields[random.Next(fields.Length)]] = Weird();
                    return (JsonNode?)item;
                })]);
                if (random.Next(4) == 0) batch.Add(JsonValue.Create("not an event"));
                return batch.ToJsonString();
            case 5:
                e[$"extra{random.Next(100)}"] = Weird();
                return e.ToJsonString();
            case 6:
                return random.Next(2) == 0
                    ? $"{e.ToJsonString()}{e.ToJsonString()}"
                    : e.ToJsonString().Replace($"\"{field}\":", $"\"{field}\":\"\\ud800\",\"_{field}\":", StringComparison.Ordinal);
            default:
                e[field] = Weird();
                return e.ToJsonString();
        }
    }
}
