using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>One request as the local PostHog server logged it.</summary>
public sealed record ServerRequest(
    long Seq, string Method, string Path, string Query, string Body,
    string Authorization, string Host, int Status, string FaultApplied)
{
    /// <summary>Path and query together, e.g. /api/projects/1/persons/?limit=10.</summary>
    public string PathAndQuery => Path + Query;
}

/// <summary>
/// The local PostHog-compatible server (tests/PostHogServer), started once per test run
/// on 127.0.0.1 and driven through its /_test/ control surface.
/// </summary>
public sealed class TestServer : IDisposable
{
    public const string FullKey = "phx_test_full";
    public const string ReadKey = "phx_test_read";
    public const string WriteKey = "phx_test_write";

    private static readonly Lazy<TestServer> SharedServer = new(() => new TestServer());
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly HttpClient _control;

    private TestServer()
    {
        string dll = Environment.GetEnvironmentVariable("POSTHOGPERSONS_SERVER");
        if (string.IsNullOrEmpty(dll))
        {
            dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory,
                "../../../../PostHogServer/bin/Release/net10.0/PostHogServer.dll"));
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { dll, "--port", "0", "--seed-count", "0", "--exit-on-stdin-close" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info);
        string line = _process.StandardOutput.ReadLine() ?? string.Empty;
        const string marker = "listening on ";
        int at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            _process.Kill();
            throw new InvalidOperationException("The local PostHog server did not start: " + line);
        }

        BaseUrl = line.Substring(at + marker.Length).Trim();
        _control = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>The server shared by every test in this run.</summary>
    public static TestServer Shared => SharedServer.Value;

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

    /// <summary>Reseeds N persons and clears the request log, faults and settings.</summary>
    public void Reset(int count, int seed = 42)
    {
        Post("/_test/reset", new { count, seed, projectId = 1 });
    }

    /// <summary>The requests received since the last reset or clear, oldest first.</summary>
    public List<ServerRequest> Requests()
    {
        return Get<List<ServerRequest>>("/_test/requests");
    }

    public void ClearRequests() => Send(HttpMethod.Delete, "/_test/requests", null);

    /// <summary>Adds a fault rule (see tests/PostHogServer/README.md for the fields).</summary>
    public void AddFault(object rule) => Post("/_test/faults", rule);

    /// <summary>How many API requests the rate limiter refused since the last reset.</summary>
    public long Throttled() => Get<JsonElement>("/_test/stats").GetProperty("throttled").GetInt64();

    /// <summary>How many times each fault rule fired, in the order the rules were added.</summary>
    public List<int> FaultsFired()
    {
        return Get<JsonElement>("/_test/faults").EnumerateArray().Select(f => f.GetProperty("fired").GetInt32()).ToList();
    }

    /// <summary>
    /// The request log once it holds at least <paramref name="count"/> requests (a request the
    /// client gave up on is logged when the server notices), or as it is after five seconds.
    /// </summary>
    public List<ServerRequest> RequestsWhenAtLeast(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        List<ServerRequest> requests = Requests();
        while (requests.Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            requests = Requests();
        }

        return requests;
    }

    /// <summary>Changes server settings such as latencyMs or rateLimitPerSecond.</summary>
    public void Configure(object settings) => Post("/_test/config", settings);

    /// <summary>Adds a personal API key with these scopes (removed again by Reset).</summary>
    public void AddKey(string key, params string[] scopes) => Post("/_test/keys", new { key, scopes });

    /// <summary>
    /// Sends a public API request with the full-access key (to prepare data, e.g. changes that
    /// write activity entries) and returns the status code.
    /// </summary>
    public int ApiSend(HttpMethod method, string pathAndQuery, object body = null) =>
        ApiCall(method, pathAndQuery, body).Status;

    /// <summary>Sends a public API request and returns the status and the body text.</summary>
    public (int Status, string Body) ApiCall(
        HttpMethod method, string pathAndQuery, object body = null, string key = FullKey)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        if (body != null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = _control.SendAsync(request).GetAwaiter().GetResult();
        return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>The stored person (record shape), or null when there is none.</summary>
    public JsonElement? Person(string uuid)
    {
        using HttpResponseMessage response = _control.GetAsync("/_test/persons/" + uuid).GetAwaiter().GetResult();
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
    }

    /// <summary>Reads a public API path with the full-access key (for expected values).</summary>
    public JsonElement Api(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FullKey);
        using HttpResponseMessage response = _control.SendAsync(request).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
    }

    public T Get<T>(string path)
    {
        return _control.GetFromJsonAsync<T>(path, Json).GetAwaiter().GetResult();
    }

    private void Post(string path, object body) => Send(HttpMethod.Post, path, body);

    private void Send(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body != null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = _control.SendAsync(request).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{method} {path} answered {(int)response.StatusCode}: "
                + response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(3000))
                {
                    _process.Kill();
                }
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
