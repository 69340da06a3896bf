using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Writes;

/// <summary>Invoke-PHPersonBulkDelete against the local PostHog server.</summary>
public sealed class BulkDeleteTests : IDisposable
{
    private const string Cmdlet = "PostHogPersons.Commands.InvokePHPersonBulkDeleteCommand";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("phbulk-").FullName;

    public BulkDeleteTests()
    {
        _shell.Connect(_server);
    }

    public void Dispose()
    {
        _shell.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private List<string> Seed(int count)
    {
        _server.Reset(count);
        return _server.Newest(count).Select(p => p.Uuid).ToList();
    }

    private static PHBulkDeleteResult Summary(ScriptResult result) =>
        (PHBulkDeleteResult)Assert.Single(result.Output).BaseObject;

    private static JsonElement Body(ServerRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public void Deleting_2345_persons_is_exactly_three_requests_of_1000_1000_and_345()
    {
        List<string> uuids = Seed(2345);

        ScriptResult result = _shell.Invoke("$args | Invoke-PHPersonBulkDelete -Force", null, uuids.Cast<object>().ToArray());

        Assert.Empty(result.Errors);
        List<ServerRequest> requests = _server.Requests();
        Assert.All(requests, r => Assert.Equal(("POST", "/api/projects/1/persons/bulk_delete/"), (r.Method, r.PathAndQuery)));
        Assert.Equal(new[] { 1000, 1000, 345 }, requests.Select(r => Body(r).GetProperty("ids").GetArrayLength()));
        Assert.Equal(uuids, requests.SelectMany(r => Body(r).GetProperty("ids").EnumerateArray().Select(i => i.GetString())));
        Assert.Equal(
            "{\"ids\":[\"" + string.Join("\",\"", uuids.Skip(2000)) + "\"],"
            + "\"delete_events\":false,\"delete_recordings\":false,\"keep_person\":false}",
            requests[2].Body);
        PHBulkDeleteResult summary = Summary(result);
        Assert.Equal(("Uuid", 2345, 3, 3, 0, 0), (summary.IdKind, summary.Requested, summary.Batches,
            summary.BatchesSent, summary.BatchesResumed, summary.BatchesUnfinished));
        Assert.Equal((2345, 2345, false, false, true), (summary.PersonsFound, summary.PersonsDeleted,
            summary.EventsQueuedForDeletion, summary.RecordingsQueuedForDeletion, summary.CountsKnown));
        Assert.Empty(summary.DeletionErrors);
        Assert.Equal(string.Empty, summary.Note);
        Assert.Equal(0, _server.PersonCount());
        Assert.Equal(
            new[]
            {
                "Deleting persons (bulk_delete): Batch 1 of 3: 1000 ids (0%, Processing)",
                "Deleting persons (bulk_delete): Batch 2 of 3: 1000 ids (33%, Processing)",
                "Deleting persons (bulk_delete): Batch 3 of 3: 345 ids (66%, Processing)",
                "Deleting persons (bulk_delete): Done (-1%, Completed)",
            },
            result.Progress);
    }

    [Fact]
    public void Duplicates_are_dropped_and_the_switches_go_in_the_body()
    {
        List<string> uuids = Seed(5);

        ScriptResult result = _shell.Invoke(
            "$args + $args[0].ToUpperInvariant() | Invoke-PHPersonBulkDelete -DeleteEvents -DeleteRecordings -Force",
            null, uuids.Cast<object>().ToArray());

        Assert.Empty(result.Errors);
        ServerRequest request = Assert.Single(_server.Requests());
        Assert.Equal(
            "{\"ids\":[\"" + string.Join("\",\"", uuids) + "\"],"
            + "\"delete_events\":true,\"delete_recordings\":true,\"keep_person\":false}",
            request.Body);
        PHBulkDeleteResult summary = Summary(result);
        Assert.Equal((5, 5, 5, true, true), (summary.Requested, summary.PersonsFound, summary.PersonsDeleted,
            summary.EventsQueuedForDeletion, summary.RecordingsQueuedForDeletion));
        Assert.Equal(uuids.Order(), _server.QueuedDeletions("events").Order());
    }

    [Fact]
    public void Distinct_ids_from_csv_rows_are_sent_as_distinct_ids()
    {
        _server.Reset(4);
        List<ServerPerson> persons = _server.Newest(4);
        string csv = Path.Combine(_folder, "ids.csv");
        File.WriteAllLines(csv, new[] { "distinct_id" }.Concat(persons.Select(p => p.DistinctIds[0])));

        ScriptResult result = _shell.Invoke(
            "Import-Csv $args[0] | Invoke-PHPersonBulkDelete -KeepPerson -DeleteEvents -Confirm:$false", null, csv);

        Assert.Empty(result.Errors);
        Assert.Equal(
            "{\"distinct_ids\":[\"" + string.Join("\",\"", persons.Select(p => p.DistinctIds[0])) + "\"],"
            + "\"delete_events\":true,\"delete_recordings\":false,\"keep_person\":true}",
            Assert.Single(_server.Requests()).Body);
        PHBulkDeleteResult summary = Summary(result);
        Assert.Equal(("DistinctId", 4, 4, 0), (summary.IdKind, summary.Requested, summary.PersonsFound, summary.PersonsDeleted));
        Assert.Equal(4, _server.PersonCount());
    }

    [Theory]
    [InlineData("'  '", "EmptyId")]
    [InlineData("'user-000001'", "InvalidPersonUuid")]
    public void A_bad_id_anywhere_stops_the_command_before_any_request(string bad, string errorId)
    {
        List<string> uuids = Seed(3);

        ScriptResult result = _shell.Invoke(
            $"@($args[0], {bad}, $args[1]) | Invoke-PHPersonBulkDelete -Force", null, uuids[0], uuids[1]);

        Assert.Equal(new[] { $"{errorId},{Cmdlet}" }, result.ErrorIds);
        Assert.Contains("Nothing was deleted", result.Errors[0].Exception.Message);
        Assert.Empty(_server.Requests());
        Assert.Equal(3, _server.PersonCount());
    }

    [Fact]
    public void Uuids_and_distinct_ids_in_one_run_are_refused()
    {
        _server.Reset(2);
        List<ServerPerson> persons = _server.Newest(2);

        ScriptResult result = _shell.Invoke(
            "[pscustomobject]@{ uuid = $args[0] }, [pscustomobject]@{ distinct_id = $args[1] } | "
            + "Invoke-PHPersonBulkDelete -Force",
            null, persons[0].Uuid, persons[1].DistinctIds[0]);

        Assert.Equal(new[] { $"MixedIdKinds,{Cmdlet}" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void WhatIf_sends_nothing_and_writes_no_state_file()
    {
        List<string> uuids = Seed(2345);
        string state = Path.Combine(_folder, "state.jsonl");

        ScriptResult result = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -WhatIf",
            new Dictionary<string, object> { ["state"] = state }, uuids.Cast<object>().ToArray());

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Empty(_server.Requests());
        Assert.False(File.Exists(state));
        Assert.Equal(2345, _server.PersonCount());
    }

    [Fact]
    public void Persons_that_fail_to_delete_are_listed_in_DeletionErrors()
    {
        List<string> uuids = Seed(4);
        _server.Configure(new { deletionErrorUuids = new[] { uuids[1] } });

        ScriptResult result = _shell.Invoke("$args | Invoke-PHPersonBulkDelete -Force", null, uuids.Cast<object>().ToArray());

        PHBulkDeleteResult summary = Summary(result);
        Assert.Equal((4, 3), (summary.PersonsFound, summary.PersonsDeleted));
        Assert.Equal(new[] { uuids[1] }, summary.DeletionErrors);
        Assert.NotNull(_server.Person(uuids[1]));
    }

    [Fact]
    public void An_older_PostHog_that_answers_202_without_a_body_gives_unknown_counts_not_invented_ones()
    {
        List<string> uuids = Seed(3);
        _server.AddFault(new { kind = "status", status = 202, body = "", contentType = "", pathContains = "bulk_delete" });

        ScriptResult result = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -Force -WarningVariable w -WarningAction SilentlyContinue; $w",
            null, uuids.Cast<object>().ToArray());

        Assert.Empty(result.Errors);
        var summary = (PHBulkDeleteResult)result.Output[0].BaseObject;
        Assert.Equal((3, 1, 1, false), (summary.Requested, summary.Batches, summary.BatchesSent, summary.CountsKnown));
        Assert.Null(summary.PersonsFound);
        Assert.Null(summary.PersonsDeleted);
        Assert.Null(summary.EventsQueuedForDeletion);
        Assert.Equal(
            "PostHog answered 1 of 1 requests without a summary (an older PostHog), so how many persons were "
            + "found and deleted is unknown.",
            summary.Note);
        Assert.Equal(summary.Note, result.Output[1].ToString());
    }

    [Fact]
    public void A_failed_batch_stops_the_run_and_the_summary_says_what_is_unfinished()
    {
        List<string> uuids = Seed(2500);
        _server.AddFault(new { kind = "status", status = 500, pathContains = "bulk_delete", skip = 1, times = -1 });

        ScriptResult result = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -Force -ErrorAction Continue", null, uuids.Cast<object>().ToArray());

        Assert.Equal(new[] { $"ServerError,{Cmdlet}" }, result.ErrorIds);
        PHBulkDeleteResult summary = Summary(result);
        Assert.Equal((3, 1, 2, 1000, 1000), (summary.Batches, summary.BatchesSent, summary.BatchesUnfinished,
            summary.PersonsFound, summary.PersonsDeleted));
        Assert.Equal(
            "2 batches with 1500 ids got no answer; run the command again with -StatePath to finish.", summary.Note);
        Assert.Equal(2, _server.Requests().Count);
        Assert.Equal(1500, _server.PersonCount());
    }

    [Fact]
    public void A_state_file_records_each_batch_and_a_second_run_sends_nothing_again()
    {
        List<string> uuids = Seed(1500);
        string state = Path.Combine(_folder, "state.jsonl");
        var variables = new Dictionary<string, object> { ["state"] = state };

        ScriptResult first = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -Force", variables, uuids.Cast<object>().ToArray());
        _server.ClearRequests();
        ScriptResult second = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -Force", variables, uuids.Cast<object>().ToArray());

        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
        string[] lines = File.ReadAllLines(state);
        Assert.Equal(5, lines.Length);
        Assert.Equal(
            new[] { "started:1", "finished:1", "started:2", "finished:2" },
            lines.Skip(1).Select(l =>
            {
                JsonElement line = JsonDocument.Parse(l).RootElement;
                return $"{line.GetProperty("state").GetString()}:{line.GetProperty("batch").GetInt32()}";
            }));
        Assert.Empty(_server.Requests());
        PHBulkDeleteResult again = Summary(second);
        Assert.Equal((1500, 2, 0, 2, 1500, 1500), (again.Requested, again.Batches, again.BatchesSent,
            again.BatchesResumed, again.PersonsFound, again.PersonsDeleted));
        Assert.Equal(state, again.StatePath);
    }

    [Fact]
    public void A_batch_applied_but_never_answered_is_sent_again_on_resume_and_the_summary_says_so()
    {
        List<string> uuids = Seed(2345);
        string state = Path.Combine(_folder, "state.jsonl");
        var variables = new Dictionary<string, object> { ["state"] = state };
        _server.AddFault(new { kind = "stall", delayMs = 30000, pathContains = "bulk_delete", skip = 2, times = 1 });
        _shell.Connect(_server, extra: "-TimeoutSec 5 -MaximumRetryCount 0");

        ScriptResult first = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -Force -ErrorAction Continue",
            variables, uuids.Cast<object>().ToArray());
        _server.ClearRequests();
        ScriptResult second = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -Force", variables, uuids.Cast<object>().ToArray());

        Assert.Equal(new[] { $"RequestTimedOut,{Cmdlet}" }, first.ErrorIds);
        PHBulkDeleteResult interrupted = Summary(first);
        Assert.Equal((3, 2, 1, 2000), (interrupted.Batches, interrupted.BatchesSent, interrupted.BatchesUnfinished,
            interrupted.PersonsDeleted));
        Assert.Empty(second.Errors);
        ServerRequest resent = Assert.Single(_server.Requests());
        Assert.Equal(uuids.Skip(2000), Body(resent).GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        PHBulkDeleteResult summary = Summary(second);
        Assert.Equal((2345, 3, 1, 2, 1, 0), (summary.Requested, summary.Batches, summary.BatchesSent,
            summary.BatchesResumed, summary.BatchesResent, summary.BatchesUnfinished));
        Assert.Equal((2000, 2000, true), (summary.PersonsFound, summary.PersonsDeleted, summary.CountsKnown));
        Assert.Equal(
            "1 batch left unanswered by an earlier run was sent again; persons that the interrupted request had "
            + "already deleted are not counted as found.",
            summary.Note);
        Assert.Equal(0, _server.PersonCount());
    }

    [Fact]
    public void A_state_file_in_use_by_another_run_is_refused_before_any_request_and_freed_after()
    {
        List<string> uuids = Seed(10);
        string state = Path.Combine(_folder, "busy.jsonl");
        var variables = new Dictionary<string, object> { ["state"] = state };
        _server.ClearRequests();

        ScriptResult busy;
        using (new FileStream(state + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            busy = _shell.Invoke(
                "$args | Invoke-PHPersonBulkDelete -StatePath $state -Force", variables, uuids.Cast<object>().ToArray());
        }

        Assert.Equal(new[] { $"StateFileInUse,{Cmdlet}" }, busy.ErrorIds);
        Assert.Contains($"The state file '{state}' is in use by another bulk delete right now", busy.Errors[0].Exception.Message);
        Assert.Empty(_server.Requests());

        ScriptResult later = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -Force", variables, uuids.Cast<object>().ToArray());

        Assert.Empty(later.ErrorIds);
        Assert.Single(_server.Requests());
        Assert.False(File.Exists(state + ".lock"));
    }

    [Fact]
    public void A_state_file_of_another_id_set_is_refused_before_any_request()
    {
        List<string> uuids = Seed(10);
        string state = Path.Combine(_folder, "state.jsonl");
        var variables = new Dictionary<string, object> { ["state"] = state };
        _shell.Invoke("$args | Invoke-PHPersonBulkDelete -StatePath $state -Force", variables,
            uuids.Take(5).Cast<object>().ToArray());
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -Force", variables, uuids.Skip(5).Cast<object>().ToArray());
        ScriptResult switches = _shell.Invoke(
            "$args | Invoke-PHPersonBulkDelete -StatePath $state -DeleteEvents -Force", variables,
            uuids.Take(5).Cast<object>().ToArray());

        Assert.Equal(new[] { $"StateFileMismatch,{Cmdlet}" }, result.ErrorIds);
        Assert.Contains("belongs to another bulk delete: 5 ids", result.Errors[0].Exception.Message);
        Assert.Equal(new[] { $"StateFileMismatch,{Cmdlet}" }, switches.ErrorIds);
        Assert.Contains("-DeleteEvents:$False", switches.Errors[0].Exception.Message);
        Assert.Empty(_server.Requests());
        Assert.Equal(5, _server.PersonCount());
    }

    [Fact]
    public void Without_Force_a_session_that_cannot_prompt_gets_ConfirmationRequired()
    {
        List<string> uuids = Seed(2);

        ScriptResult result = _shell.Invoke("$args | Invoke-PHPersonBulkDelete", null, uuids.Cast<object>().ToArray());

        Assert.Equal(new[] { $"ConfirmationRequired,{Cmdlet}" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }
}
