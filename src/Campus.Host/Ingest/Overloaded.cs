using System.Globalization;
using Campus.Actors.Runtime;

namespace Campus.Host.Ingest;

/// <summary>The one answer every endpoint that appends gives when the runtime's input queue is full.</summary>
public static class Overloaded
{
    /// <summary><c>429</c> problem details with <c>Retry-After</c> (seconds) from the runtime's advice.</summary>
    public static IResult Answer(HttpContext context, OverloadedException overloaded)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(overloaded.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(overloaded.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Overloaded, retry later");
    }
}
