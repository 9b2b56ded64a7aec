using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Campus.Host.Apis;

/// <summary>
/// How the endpoints read JSON bodies (operator commands, accounts, sign-in): an object that names
/// the same property twice is refused with 400, not read with its last value winning, and a body
/// that cannot be read is answered with problem details that say where and why (in every
/// environment: the endpoints throw on a bad body and <see cref="BadBodyHandler"/> answers).
/// Device bodies are read by <c>IngestBody</c> with the same rule.
/// </summary>
public static class JsonBodies
{
    public static WebApplicationBuilder AddCampusJsonBodies(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.AllowDuplicateProperties = false);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadBodyHandler>();
        return builder;
    }
}

/// <summary>
/// A request the endpoint could not bind (a body that is not JSON, names a property twice or has a
/// value of the wrong type) is answered with its status (400) and problem details naming the JSON
/// path and the reason, never 500.
/// </summary>
public sealed class BadBodyHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read" };
        if (bad.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
            problem.Detail = "The body is not a valid request: " + FirstSentence(json.Message);
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [FirstSentence(json.Message)] };
        }
        else problem.Detail = bad.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>The reason without the serializer's internals (type names, line positions).</summary>
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
