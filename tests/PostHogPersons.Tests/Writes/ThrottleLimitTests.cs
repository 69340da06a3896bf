using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Writes;

/// <summary>
/// -ThrottleLimit on the per-person cmdlets: a stub PostHog holds each request until as many
/// as the limit are in flight (or ten seconds pass) and records the most it ever saw at once.
/// </summary>
public sealed class ThrottleLimitTests : IDisposable
{
    private const int Persons = 12;

    private readonly object _gate = new();
    private readonly StubPostHog _stub;
    private readonly HostedPowerShell _shell = new();
    private TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _most;
    private int _awaited;

    public ThrottleLimitTests()
    {
        _stub = new StubPostHog(AnswerAsync);
        _shell.ConnectTo(_stub.BaseUrl);
    }

    public void Dispose()
    {
        _shell.Invoke("Set-PHConfiguration -ThrottleLimit 5");
        _shell.Dispose();
        _stub.Dispose();
    }

    private static object[] Uuids => Enumerable.Range(0, Persons)
        .Select(i => (object)$"0190a000-0000-7000-8000-{i:D12}").ToArray();

    private async Task<StubAnswer> AnswerAsync(RawRequest request)
    {
        Task enough;
        lock (_gate)
        {
            _inFlight++;
            _most = Math.Max(_most, _inFlight);
            enough = _enough.Task;
            if (_inFlight >= _awaited)
            {
                _enough.TrySetResult();
                _enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        await Task.WhenAny(enough, Task.Delay(TimeSpan.FromSeconds(10)));
        lock (_gate)
        {
            _inFlight--;
        }

        if (request.Method == "GET")
        {
            string uuid = request.Target.Split('/')[^2];
            return new StubAnswer(200, $"{{\"id\":1,\"uuid\":\"{uuid}\",\"distinct_ids\":[\"d\"],\"properties\":{{}}}}");
        }

        return new StubAnswer(request.Target.Contains("delete_property") ? 201 : 202, string.Empty);
    }

    [Theory]
    [InlineData("Remove-PHPerson -Force", 3)]
    [InlineData("Set-PHPersonProperty -Property @{ a = 1 }", 4)]
    [InlineData("Remove-PHPersonProperty -Name a", 2)]
    [InlineData("Get-PHPerson", 3)]
    [InlineData("Remove-PHPerson -Force", 1)]
    public void At_most_ThrottleLimit_requests_are_in_flight_and_that_many_are(string command, int limit)
    {
        _awaited = limit;

        ScriptResult result = _shell.Invoke($"$args | {command} -ThrottleLimit {limit}", null, Uuids);

        Assert.Empty(result.Errors);
        Assert.Equal(Persons, _stub.Requests.Count);
        Assert.Equal(limit, _most);
    }

    [Fact]
    public void Without_ThrottleLimit_the_configured_limit_applies()
    {
        _awaited = 2;

        ScriptResult result = _shell.Invoke(
            "Set-PHConfiguration -ThrottleLimit 2; $args | Remove-PHPersonEvent -Force", null, Uuids);

        Assert.Empty(result.Errors);
        Assert.Equal(Persons, result.Output.Count);
        Assert.Equal(2, _most);
    }
}
