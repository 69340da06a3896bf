namespace PostHogServer.Faults;

/// <summary>Names of the fault kinds accepted by /_test/faults.</summary>
public static class FaultKind
{
    /// <summary>
    /// Respond with a chosen status, body, content type and headers; the request is not handled.
    /// </summary>
    public const string Status = "status";

    /// <summary>
    /// Wait, then handle the request normally (nothing happens if the client gives up first).
    /// </summary>
    public const string Delay = "delay";

    /// <summary>
    /// Handle the request (its change takes effect), then wait before sending anything.
    /// </summary>
    public const string Stall = "stall";

    /// <summary>
    /// A proxy's HTML error page (status 502 by default); the request is not handled.
    /// </summary>
    public const string Html = "html";

    /// <summary>A 200 HTML login page; the request is not handled.</summary>
    public const string LoginPage = "loginPage";

    /// <summary>
    /// Handle normally, send only part of the body with a matching Content-Length.
    /// </summary>
    public const string Truncate = "truncate";

    /// <summary>
    /// Handle normally, send part of the body under the full Content-Length, then abort.
    /// </summary>
    public const string Reset = "reset";

    /// <summary>Handle normally, label the body text/plain.</summary>
    public const string WrongContentType = "wrongContentType";

    /// <summary>Handle normally, then answer 200 application/json with an empty body.</summary>
    public const string EmptyBody = "emptyBody";

    /// <summary>List only: drop rows from the page but keep "next" as if it were full.</summary>
    public const string ShortPage = "shortPage";

    /// <summary>List only: replace "next" (supports {self} and {path} placeholders).</summary>
    public const string Next = "next";

    /// <summary>
    /// A misconfigured proxy's error page (status 502 by default, HTML) that echoes the
    /// request's headers, Authorization included; the request is not handled.
    /// </summary>
    public const string EchoHeaders = "echoHeaders";

    /// <summary>
    /// Handle normally, send the headers and part of the body, then wait before the rest.
    /// </summary>
    public const string StallBody = "stallBody";

    /// <summary>All kinds.</summary>
    public static readonly string[] All =
    [
        Status, Delay, Stall, Html, LoginPage, Truncate, Reset, WrongContentType, EmptyBody,
        ShortPage, Next, EchoHeaders, StallBody,
    ];

    /// <summary>Kinds that only fire on list requests.</summary>
    public static bool IsListOnly(string kind) => kind is ShortPage or Next;
}
