namespace GoLive.Dashboard.Auth;

/// <summary>
/// Cross-site request forgery, refused on the server and not left to SameSite=Strict alone (issue 18, M6): a
/// state-changing request to the API or the hub that a browser sent from another site (a foreign <c>Origin</c>,
/// or <c>Sec-Fetch-Site: cross-site</c>) is 403, and the API accepts no body a plain HTML form or a no-cors
/// fetch can send (form-urlencoded, multipart, text/plain: 415; send JSON). Requests with a bearer API key carry
/// no ambient credential and pass; so do scripts, which send no Origin.
/// </summary>
public static class CrossSiteRequestGuard
{
    private static readonly string[] FormMediaTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var api = request.Path.StartsWithSegments("/api");
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
                || !(api || request.Path.StartsWithSegments("/hubs"))
                || ApiKeyAuthenticationHandler.TryReadBearer(request, out _))
            {
                await next(context);
                return;
            }
            if (IsCrossSite(request))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused.",
                    detail: "A state-changing request from another site's page is not accepted; use the control room itself or an API key.")
                    .ExecuteAsync(context);
                return;
            }
            if (api && request.ContentType is { } contentType
                && FormMediaTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
            {
                await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send JSON.",
                    detail: "The API accepts JSON bodies (Content-Type: application/json) or no body; form posts are refused.")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    private static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site")
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }
        // "null" (a sandboxed or file page) is foreign too. The authority is compared: behind a TLS proxy the scheme
        // the app sees may differ from the browser's.
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase)
               && !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
