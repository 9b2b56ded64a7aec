using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Campus.Host.Notifications;

/// <summary>
/// The SMS/WeChat gateway channel: POSTs a receipt's JSON body to <c>Campus:Notifications:WebhookUrl</c>
/// with <c>X-Campus-Delivery</c>, <c>X-Campus-Timestamp</c> and <c>X-Campus-Signature</c> (see
/// docs/api.md), retrying a failed request within the round with exponential backoff (Polly).
/// </summary>
public sealed class WebhookChannel
{
    /// <summary>The channel's name in delivery ids.</summary>
    public const string Name = "webhook";

    private readonly HttpClient _http;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookChannel(IHttpClientFactory clients, IOptions<NotificationOptions> options, TimeProvider time)
    {
        _http = clients.CreateClient(Name);
        _options = options.Value;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>
        {
            // Waits between immediate retries are real time: a simulated clock that stands still must not stall them.
            TimeProvider = TimeProvider.System,
        }
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = _options.RoundRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException)
                .HandleResult(r => !r.IsSuccessStatusCode),
            OnRetry = args =>
            {
                args.Outcome.Result?.Dispose();
                return default;
            },
        })
        .Build();
    }

    /// <summary>Whether a gateway is configured.</summary>
    public bool Enabled => _options.WebhookUrl is not null;

    /// <summary>The signature of a body at a timestamp: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of <c>{timestamp}.{body}</c>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Delivers one receipt: one round of up to 1 + RoundRetries requests. Returns the number of
    /// requests made and the error of the last one (null: delivered, a 2xx answer).
    /// </summary>
    public async Task<(int Attempts, string? Error)> DeliverAsync(DeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, _options.WebhookUrl)
                {
                    Content = new StringContent(receipt.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                request.Headers.Add("X-Campus-Delivery", receipt.DeliveryId);
                request.Headers.Add("X-Campus-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("X-Campus-Signature", Sign(_options.WebhookSecret ?? "", timestamp, receipt.Body));
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(_options.WebhookTimeout);
                try
                {
                    return await _http.SendAsync(request, timeout.Token);
                }
                catch (OperationCanceledException e) when (!token.IsCancellationRequested)
                {
                    throw new TaskCanceledException("The gateway did not answer in time.", new TimeoutException(e.Message));
                }
            }, cancellationToken);
            return response.IsSuccessStatusCode
                ? (attempts, null)
                : (attempts, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (attempts, e.Message);
        }
    }
}
