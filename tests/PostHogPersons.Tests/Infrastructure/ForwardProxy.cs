using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>
/// A tiny HTTP forward proxy on 127.0.0.1 for plain-http targets on loopback: it records
/// each request line and Proxy-Authorization header, optionally demands Basic
/// credentials (407), and relays the request to the target with Connection: close.
/// </summary>
public sealed class ForwardProxy : LoopbackListener
{
    private readonly string _expectedAuthorization;
    private readonly List<(string Line, string ProxyAuthorization)> _seen = new();

    public ForwardProxy(NetworkCredential required = null)
    {
        _expectedAuthorization = required == null
            ? null
            : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{required.UserName}:{required.Password}"));
    }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Every request line received, with its Proxy-Authorization (or null).</summary>
    public List<(string Line, string ProxyAuthorization)> Seen
    {
        get { lock (_seen) { return _seen.ToList(); } }
    }

    protected override async Task HandleAsync(TcpClient client)
    {
        NetworkStream stream = client.GetStream();
        RawRequest request = await RawRequest.ReadAsync(stream, Stopping);
        if (request == null)
        {
            return;
        }

        string authorization = request.Header("Proxy-Authorization");
        lock (_seen)
        {
            _seen.Add((request.Line, authorization));
        }

        if (_expectedAuthorization != null && authorization != _expectedAuthorization)
        {
            await RawRequest.WriteResponseAsync(stream, 407, "Proxy Authentication Required", null, null,
                new[] { "Proxy-Authenticate: Basic realm=\"stub proxy\"" });
            return;
        }

        var target = new Uri(request.Target);
        if (!IPAddress.TryParse(target.Host, out IPAddress address) || !IPAddress.IsLoopback(address))
        {
            await RawRequest.WriteResponseAsync(stream, 502, "Loopback Only", null, null);
            return;
        }

        using var upstream = new TcpClient();
        await upstream.ConnectAsync(address, target.Port, Stopping);
        NetworkStream next = upstream.GetStream();
        var head = new StringBuilder($"{request.Method} {target.PathAndQuery} HTTP/1.1\r\n");
        foreach (var header in request.Headers.Where(h =>
            !h.Key.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
            && !h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await next.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), Stopping);
        await next.WriteAsync(request.Body, Stopping);
        await next.CopyToAsync(stream, Stopping);
    }
}
