using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>What a <see cref="StubPostHog"/> answers: status, JSON body and a delay.</summary>
public sealed record StubAnswer(int Status, string Json, int DelayMs = 0);

/// <summary>
/// A tiny PostHog stand-in on 127.0.0.1 (plain http, or https with a self-signed
/// certificate) that answers with a test's function and records every request. It lets
/// the tests here run without the full local PostHog server.
/// </summary>
public sealed class StubPostHog : LoopbackListener
{
    private readonly Func<RawRequest, Task<StubAnswer>> _answer;
    private readonly X509Certificate2 _certificate;
    private readonly List<RawRequest> _requests = new();

    public StubPostHog(Func<RawRequest, StubAnswer> answer, bool https = false)
        : this(request => Task.FromResult(answer(request)), https)
    {
    }

    /// <summary>A stub whose answers may wait without holding a thread.</summary>
    public StubPostHog(Func<RawRequest, Task<StubAnswer>> answer, bool https = false)
    {
        _answer = answer;
        _certificate = https ? SelfSigned() : null;
    }

    public string BaseUrl => $"{(_certificate == null ? "http" : "https")}://127.0.0.1:{Port}";

    /// <summary>The request targets received so far (path and query), oldest first.</summary>
    public List<string> Targets
    {
        get { lock (_requests) { return _requests.Select(r => r.Target).ToList(); } }
    }

    public List<RawRequest> Requests
    {
        get { lock (_requests) { return _requests.ToList(); } }
    }

    /// <summary>A persons list page with these property objects (JSON) and no next page.</summary>
    public static string PersonsPage(params string[] properties)
    {
        var persons = properties.Select((p, i) =>
            $"{{\"id\":\"0190a000-0000-7000-8000-{i:D12}\",\"uuid\":\"0190a000-0000-7000-8000-{i:D12}\","
            + $"\"distinct_ids\":[\"user-{i}\"],\"properties\":{p},\"created_at\":\"2024-05-01T10:00:00Z\"}}");
        return "{\"next\":null,\"previous\":null,\"results\":[" + string.Join(",", persons) + "]}";
    }

    protected override async Task HandleAsync(TcpClient client)
    {
        Stream stream = client.GetStream();
        if (_certificate != null)
        {
            var tls = new SslStream(stream);
            await tls.AuthenticateAsServerAsync(_certificate);
            stream = tls;
        }

        RawRequest request = await RawRequest.ReadAsync(stream, Stopping);
        if (request == null)
        {
            return;
        }

        lock (_requests)
        {
            _requests.Add(request);
        }

        StubAnswer answer = await _answer(request);
        if (answer.DelayMs > 0)
        {
            await Task.Delay(answer.DelayMs, Stopping);
        }

        await RawRequest.WriteResponseAsync(stream, answer.Status, "Stub", "application/json", answer.Json);
    }

    private static X509Certificate2 SelfSigned()
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 made = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }
}
