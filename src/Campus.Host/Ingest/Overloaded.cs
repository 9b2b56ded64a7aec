using System.Globalization;
using Campus.Actors.Hosting;

namespace Campus.Host.Ingest;

/// <summary>The answers every endpoint that stores inputs gives when the entities cannot take them now.</summary>
public static class Overloaded
{
    /// <summary><c>429</c> problem details with <c>Retry-After</c> (seconds): too much work is in flight.</summary>
    public static IResult Answer(HttpContext context, OverloadedException overloaded)
    {
        context.Response.Headers.RetryAfter = Seconds(overloaded.RetryAfter);
        return TypedResults.Problem(overloaded.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Overloaded, retry later");
    }

    /// <summary><c>503</c> problem details with <c>Retry-After</c>: the journal cannot be written now (nothing was stored).</summary>
    public static IResult Answer(HttpContext context, EntitiesUnavailableException unavailable)
    {
        context.Response.Headers.RetryAfter = Seconds(unavailable.RetryAfter);
        return TypedResults.Problem("The input could not be confirmed as stored (the journal is unreachable or slow). Send it again later with the same event ids: what was stored is answered as a duplicate.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable, retry later");
    }

    /// <summary>Stores inputs and answers with <paramref name="answer"/>, or with 429/503 when the entities cannot take them.</summary>
    public static async Task<IResult> StoreAsync(HttpContext context, CampusEntities entities, IReadOnlyList<EntityInput> inputs, Func<AppendResult, IResult> answer, CancellationToken cancellationToken)
    {
        try
        {
            return answer(await entities.AppendAsync(inputs, cancellationToken));
        }
        catch (OverloadedException overloaded)
        {
            return Answer(context, overloaded);
        }
        catch (EntitiesUnavailableException unavailable)
        {
            return Answer(context, unavailable);
        }
        catch (InputsRefusedException refused)
        {
            return TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The input was refused");
        }
    }

    private static string Seconds(TimeSpan wait) => ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
