using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>The console's page frame: head, navigation (from <see cref="ConsoleNav"/>), who is signed in, and the main region.</summary>
internal static class ConsolePage
{
    /// <summary>A whole page around <paramref name="body"/>.</summary>
    public static IResult Render(HttpContext context, ConsoleCaller? caller, string title, Html body, int status = StatusCodes.Status200OK)
    {
        var page = new Html();
        page.Raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Text(title).Raw(" · Vigil</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\"><script src=\"/console/assets/console.js\" defer></script></head><body>")
            .Raw("<a class=\"skip\" href=\"#main\">Skip to content</a><header><a class=\"brand\" href=\"/console/\">Vigil</a>");
        if (caller is not null)
        {
            string path = context.Request.Path.Value ?? "";
            page.Raw("<nav aria-label=\"Console\"><ul>");
            foreach (var item in ConsoleNav.Items)
            {
                if (item.Scope is not null && !caller.May(item.Scope))
                {
                    continue;
                }

                bool current = path.StartsWith(item.Path, StringComparison.Ordinal);
                page.Raw("<li><a").Attr("href", item.Path).Raw(current ? " aria-current=\"page\">" : ">").Text(item.Title).Raw("</a></li>");
            }

            page.Raw("</ul></nav><div class=\"who\"><span>").Text(caller.Name).Raw(" <span class=\"role\">").Text(caller.RoleName).Raw("</span></span>");
            if (caller.Session is { } session)
            {
                page.Raw("<form method=\"post\" action=\"/console/sign-out\">");
                Csrf(page, session);
                page.Raw("<button type=\"submit\">Sign out</button></form>");
            }

            page.Raw("</div>");
        }

        page.Raw("</header><main id=\"main\"><h1>").Text(title).Raw("</h1>").Raw(body.ToString()).Raw("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", null, status);
    }

    /// <summary>A page with one message: sign-in problems, 403, 404, a bad filter (the message names the field).</summary>
    public static IResult Message(HttpContext context, ConsoleCaller? caller, int status, string title, string message)
    {
        var body = new Html().Raw("<p class=\"message\" role=\"alert\">").Text(message).Raw("</p>");
        if (status == StatusCodes.Status401Unauthorized || caller is null)
        {
            body.Raw("<p><a href=\"/console/sign-in\">Sign in</a></p>");
        }
        else
        {
            body.Raw("<p><a href=\"/console/\">Back to the console</a></p>");
        }

        return Render(context, caller, title, body, status);
    }

    /// <summary>The hidden anti-forgery field every session form carries.</summary>
    public static void Csrf(Html page, ConsoleSession? session)
    {
        if (session is not null)
        {
            page.Raw("<input type=\"hidden\" name=\"csrf\"").Attr("value", session.Csrf).Raw(">");
        }
    }

    /// <summary>True when the caller may act (confirm safe, compromised): analysts and admins.</summary>
    public static bool MayAct(ConsoleCaller caller) => caller.May(Scopes.Analyst);
}
