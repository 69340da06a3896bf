using System.Net.Sockets;
using System.Text;

namespace PostHogPersons.Tests.Infrastructure;

/// <summary>One HTTP/1.1 request as read off a socket: request line, headers and body.</summary>
public sealed class RawRequest
{
    public string Line { get; init; }

    public List<KeyValuePair<string, string>> Headers { get; init; } = new();

    public byte[] Body { get; init; } = Array.Empty<byte>();

    public string Method => Line.Split(' ')[0];

    /// <summary>The request target: /path?query, or an absolute URI when sent to a proxy.</summary>
    public string Target => Line.Split(' ')[1];

    public string Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Reads one request; null when the peer closed before sending one.</summary>
    public static async Task<RawRequest> ReadAsync(Stream stream, CancellationToken token)
    {
        var head = new MemoryStream();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, token) == 0)
            {
                return null;
            }

            head.WriteByte(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        var headers = lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            int colon = l.IndexOf(':');
            return new KeyValuePair<string, string>(l[..colon].Trim(), l[(colon + 1)..].Trim());
        }).ToList();
        var request = new RawRequest { Line = lines[0], Headers = headers };
        int length = int.TryParse(request.Header("Content-Length"), out int n) ? n : 0;
        var body = new byte[length];
        int read = 0;
        while (read < length)
        {
            int got = await stream.ReadAsync(body.AsMemory(read), token);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return new RawRequest { Line = request.Line, Headers = headers, Body = body };
    }

    /// <summary>Writes a whole response with Connection: close.</summary>
    public static async Task WriteResponseAsync(
        Stream stream, int status, string reason, string contentType, string body,
        IEnumerable<string> extraHeaders = null)
    {
        byte[] content = Encoding.UTF8.GetBytes(body ?? string.Empty);
        var text = new StringBuilder()
            .Append($"HTTP/1.1 {status} {reason}\r\n")
            .Append($"Content-Length: {content.Length}\r\n")
            .Append("Connection: close\r\n");
        if (contentType != null)
        {
            text.Append($"Content-Type: {contentType}\r\n");
        }

        foreach (string header in extraHeaders ?? Enumerable.Empty<string>())
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
        await stream.WriteAsync(content);
        await stream.FlushAsync();
    }

    private static bool EndsWithBlankLine(MemoryStream head)
    {
        if (head.Length < 4)
        {
            return false;
        }

        byte[] buffer = head.GetBuffer();
        long n = head.Length;
        return buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n';
    }
}

/// <summary>Accepts connections on 127.0.0.1 and hands each to a handler until disposed.</summary>
public abstract class LoopbackListener : IDisposable
{
    private readonly TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    protected LoopbackListener()
    {
        _listener.Start();
        Port = ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    protected CancellationToken Stopping => _stop.Token;

    protected abstract Task HandleAsync(TcpClient client);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await HandleAsync(client);
                    }
                    catch (Exception)
                    {
                        // A test peer that hangs up early is not a failure of the listener.
                    }
                }
            });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
