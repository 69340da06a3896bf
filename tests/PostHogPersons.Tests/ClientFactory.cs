using System.Security;
using PostHogPersons.Client;

namespace PostHogPersons.Tests;

/// <summary>Builds connections and clients wired to a <see cref="FakeHandler"/>.</summary>
internal static class ClientFactory
{
    public const string Key = "phx_unit_test_key_0123456789";

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    public static (PostHogConnection Connection, PostHogClient Client) Create(
        FakeHandler handler, string baseUrl = "https://ph.example.test/", int retries = 0)
    {
        var connection = new PostHogConnection(ApiHost.Resolve(baseUrl), 7, Secure(Key))
        {
            MaximumRetryCount = retries,
            RetryIntervalSec = 0,
        };
        // The pacer has its own tests; here every request goes out at once.
        var client = new PostHogClient(connection, handler) { Pacer = NoPacing.Instance };
        return (connection, client);
    }
}
