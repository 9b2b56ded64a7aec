using System.Net;
using System.Text;
using Campus.Host.Campus;

namespace Campus.Host.Apis;

/// <summary><c>GET /</c>: what this host serves and where its API is described (the security console will be served here).</summary>
public static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (CampusDirectory directory) =>
        {
            var html = new StringBuilder("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>CampusOps</title><h1>CampusOps</h1><ul>");
            foreach (var campus in directory.Campuses.Values.OrderBy(c => c.CampusId, StringComparer.Ordinal))
            {
                var id = WebUtility.HtmlEncode(campus.CampusId);
                html.Append($"<li>{WebUtility.HtmlEncode(campus.Name)} (<code>{id}</code>): <a href=\"/api/v1/campuses/{id}/alerts\">open alerts</a>, <a href=\"/api/v1/campuses/{id}/presence\">presence</a></li>");
            }
            html.Append("</ul><p>API: <a href=\"/openapi/v1.json\">OpenAPI description</a>, hub <code>/hubs/campus</code>, <a href=\"/readyz\">readiness</a>.</p></html>");
            return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
