using Microsoft.Extensions.Options;

namespace Campus.Host.Notifications;

/// <summary>Wires guardian notification delivery into the host.</summary>
public static class NotificationSetup
{
    /// <summary>Registers the receipt store, the webhook channel, the dispatcher and the outbox projection that feeds it.</summary>
    public static WebApplicationBuilder AddGuardianNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>()
            .Bind(builder.Configuration.GetSection(NotificationOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.WebhookUrl is null || !string.IsNullOrEmpty(o.WebhookSecret),
                "Campus:Notifications:WebhookSecret is required with Campus:Notifications:WebhookUrl.")
            .Validate(o => o.WebhookUrl is null || o.WebhookUrl.IsAbsoluteUri && (o.WebhookUrl.Scheme == Uri.UriSchemeHttp || o.WebhookUrl.Scheme == Uri.UriSchemeHttps),
                "Campus:Notifications:WebhookUrl must be an absolute http or https URL.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(WebhookChannel.Name, (sp, client) =>
            client.Timeout = sp.GetRequiredService<IOptions<NotificationOptions>>().Value.WebhookTimeout + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<NotificationStore>();
        builder.Services.AddSingleton<WebhookChannel>();
        // Both run as cluster singletons (src/Campus.Host/Akka/AkkaConfiguration.cs).
        builder.Services.AddSingleton<NotificationDispatcher>();
        builder.Services.AddSingleton<NoticeProjection>();
        return builder;
    }
}
