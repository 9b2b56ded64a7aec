using System.Security.Claims;
using Campus.Host.Auth;
using Campus.Host.Campus;

namespace Campus.Host.Devices;

/// <summary>
/// Device key rotation for admins, without downtime: <c>POST .../devices/{deviceId}/keys</c> issues
/// a new key (shown once; the old keys stay valid), and once the device uses it
/// <c>DELETE .../devices/{deviceId}/keys?keep=&lt;newKey&gt;</c> revokes every other key. Both are audited.
/// </summary>
public static class DeviceKeysApi
{
    public static IEndpointRouteBuilder MapDeviceKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/campuses/{campusId}/devices/{deviceId}/keys").WithTags("Devices").RequireAuthorization(Policies.Admin);
        keys.MapPost("", Issue).WithSummary("Issue a new key for a device (its old keys stay valid)");
        keys.MapDelete("", Revoke).WithSummary("Revoke every key of a device except ?keep=");
        return app;
    }

    /// <summary>A newly issued key: shown once, stored only hashed.</summary>
    public sealed record IssuedKey(string CampusId, string DeviceId, string Key);

    /// <summary>The end of a rotation.</summary>
    public sealed record RevokedKeys(string CampusId, string DeviceId, bool Kept);

    private static IResult Issue(string campusId, string deviceId, ClaimsPrincipal principal, CampusDirectory directory, DeviceKeys keys, AuditLog audit)
    {
        var user = CampusUser.From(principal)!;
        if (Unknown(campusId, deviceId, user, directory) is { } problem) return problem;
        var key = keys.Issue(campusId, deviceId);
        audit.Record(user, "device-key-issue", campusId, "device:" + deviceId, "accepted");
        return TypedResults.Json(new IssuedKey(campusId, deviceId, key), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Revoke(string campusId, string deviceId, string? keep, ClaimsPrincipal principal, CampusDirectory directory, DeviceKeys keys, AuditLog audit)
    {
        var user = CampusUser.From(principal)!;
        if (Unknown(campusId, deviceId, user, directory) is { } problem) return problem;
        if (string.IsNullOrEmpty(keep) || keys.Authenticate(keep) != new DeviceIdentity(campusId, deviceId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["keep"] = ["must be a valid key of this device (the one it uses now)"] });
        keys.RevokeAllExcept(campusId, deviceId, keep);
        audit.Record(user, "device-key-revoke", campusId, "device:" + deviceId, "accepted", "every key but the kept one");
        return TypedResults.Ok(new RevokedKeys(campusId, deviceId, true));
    }

    private static IResult? Unknown(string campusId, string deviceId, CampusUser user, CampusDirectory directory) =>
        directory.Find(campusId) is not { } campus || !user.HasCampus(campusId)
            ? TypedResults.Problem($"No campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campus")
            : !campus.Devices.Any(d => d.Id == deviceId)
                ? TypedResults.Problem($"No device '{deviceId}' on campus '{campusId}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown device")
                : null;
}
