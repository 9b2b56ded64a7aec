using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Campus.Host.Storage;

/// <summary>
/// A request that failed because the database could not be reached (PostgreSQL restarting, a
/// network cut, the pool exhausted) is answered <c>503</c> with <c>Retry-After</c>, not <c>500</c>:
/// the client did nothing wrong and the same request will work shortly.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>What clients are told to wait before they try again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception)) return false;
        logger.LogWarning("{Method} {Path}: the database is unavailable ({Error})", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable, retry later",
                Detail = "The database could not be reached; send the request again later (inputs sent again with the same ids are answered as duplicates).",
            },
        });
    }

    /// <summary>True for a failure to reach the database (any provider), anywhere in the exception's chain.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or TimeoutException) return true;
        }
        return false;
    }
}
