using System.Net;
using System.Net.Http;
using System.Text;

namespace PostHogPersons.Tests;

/// <summary>
/// An in-memory HTTP handler for client tests: answers each request with the next
/// scripted response (or a function of the request) and records what was sent.
/// </summary>
internal sealed class FakeHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _answer;

    public FakeHandler(Func<HttpRequestMessage, HttpResponseMessage> answer)
        => _answer = (request, _) => Task.FromResult(answer(request));

    /// <summary>A handler whose answer may take its time (and honour cancellation).</summary>
    public FakeHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
        => _answer = answer;

    public List<(string Method, string Url, string Authorization, string Body)> Sent { get; } = new();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
    }

    public static HttpResponseMessage Text(string text, string mediaType, HttpStatusCode status = HttpStatusCode.OK)
    {
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
    {
        string body = request.Content == null ? null : await request.Content.ReadAsStringAsync(token);
        lock (Sent)
        {
            Sent.Add((request.Method.Method, request.RequestUri.AbsoluteUri,
                request.Headers.Authorization?.ToString(), body));
        }

        return await _answer(request, token);
    }
}
