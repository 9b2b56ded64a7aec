using System.ComponentModel.DataAnnotations;

namespace Campus.Host.Notifications;

/// <summary>Guardian notification delivery: the <c>Campus:Notifications</c> section (docs/configuration.md).</summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Campus:Notifications";

    /// <summary>Deliver guardian notices at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The SMS/WeChat gateway's webhook (absent: no webhook channel, only the hub).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The shared secret of the webhook's HMAC-SHA256 signature (required with <see cref="WebhookUrl"/>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Attempts (HTTP requests) of one receipt before it is dead-lettered.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Immediate retries within one delivery round (Polly, exponential backoff with jitter).</summary>
    [Range(0, 10)]
    public int RoundRetries { get; set; } = 2;

    /// <summary>The first delay between immediate retries (doubles each time; real time).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The first wait before a failed receipt's next round (doubles each round, at most <see cref="MaxRoundDelay"/>; campus clock).</summary>
    public TimeSpan RoundDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between rounds.</summary>
    public TimeSpan MaxRoundDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>One webhook request's timeout.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for new notices and due receipts (real time).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
