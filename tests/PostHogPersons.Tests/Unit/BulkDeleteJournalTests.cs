using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>The bulk delete journal: what a resumed run sends, and which files it refuses.</summary>
public sealed class BulkDeleteJournalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("phjournal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static BulkDeleteRun Run(int count, bool events = false) =>
        new(Enumerable.Range(0, count).Select(i => $"id-{i:D4}").ToList(), false, events, false, false);

    private static BulkDeleteAnswer Answer(int found) => new()
    {
        StatusCode = 202, HasSummary = true, PersonsFound = found, PersonsDeleted = found,
        EventsQueued = false, RecordingsQueued = false,
    };

    [Fact]
    public void A_resumed_run_skips_finished_batches_and_sends_the_unfinished_one_again()
    {
        string path = PathOf("a.jsonl");
        BulkDeleteRun run = Run(2345);
        BulkDeleteJournal first = BulkDeleteJournal.Open(path, run);
        List<List<string>> batches = first.RemainingBatches(run, 1000);
        first.Begin(run);
        first.Start(1, batches[0]);
        first.Finish(1, Answer(1000));
        first.Start(2, batches[1]);
        first.Finish(2, Answer(990));
        first.Start(3, batches[2]);
        first.Dispose();

        using BulkDeleteJournal resumed = BulkDeleteJournal.Open(path, Run(2345));

        Assert.True(resumed.Existed);
        Assert.Equal(new[] { 1, 2 }, resumed.Finished.Select(b => b.Number));
        Assert.Equal(new[] { 1000, 990 }, resumed.Finished.Select(b => b.Answer.PersonsFound.Value));
        Assert.Equal(batches[2], Assert.Single(resumed.Unfinished).Ids);
        List<string> remaining = Assert.Single(resumed.RemainingBatches(run, 1000));
        Assert.Equal(batches[2], remaining);
        Assert.Equal(4, resumed.NextBatchNumber);
    }

    [Fact]
    public void The_same_ids_in_another_order_are_the_same_run()
    {
        string path = PathOf("b.jsonl");
        BulkDeleteRun run = Run(10);
        BulkDeleteJournal journal = BulkDeleteJournal.Open(path, run);
        journal.Begin(run);
        journal.Start(1, run.Ids.Take(4).ToList());
        journal.Finish(1, Answer(4));
        var reversed = new BulkDeleteRun(run.Ids.Reverse().ToList(), false, false, false, false);
        journal.Dispose();

        using BulkDeleteJournal resumed = BulkDeleteJournal.Open(path, reversed);

        Assert.Equal(run.Ids.Skip(4).Reverse(), resumed.RemainingBatches(reversed, 1000).Single());
    }

    [Fact]
    public void A_line_cut_short_by_a_crash_is_ignored()
    {
        string path = PathOf("c.jsonl");
        BulkDeleteRun run = Run(3);
        BulkDeleteJournal journal = BulkDeleteJournal.Open(path, run);
        journal.Begin(run);
        journal.Start(1, run.Ids);
        File.AppendAllText(path, "{\"batch\":1,\"state\":\"fini");
        journal.Dispose();

        using BulkDeleteJournal resumed = BulkDeleteJournal.Open(path, run);

        Assert.Empty(resumed.Finished);
        Assert.Equal(run.Ids, resumed.RemainingBatches(run, 1000).Single());
    }

    [Fact]
    public void Another_id_set_other_switches_and_a_broken_middle_line_are_refused()
    {
        string path = PathOf("d.jsonl");
        BulkDeleteRun run = Run(3);
        BulkDeleteJournal journal = BulkDeleteJournal.Open(path, run);
        journal.Begin(run);
        journal.Start(1, run.Ids);
        journal.Dispose();

        var other = Assert.Throws<BulkDeleteJournalException>(() => BulkDeleteJournal.Open(path, Run(4)));
        var switches = Assert.Throws<BulkDeleteJournalException>(() => BulkDeleteJournal.Open(path, Run(3, events: true)));
        File.AppendAllText(path, "not json\n{\"batch\":1,\"state\":\"started\",\"ids\":[]}\n");
        var broken = Assert.Throws<BulkDeleteJournalException>(() => BulkDeleteJournal.Open(path, run));
        File.WriteAllText(PathOf("e.jsonl"), "{\"something\":\"else\"}\n");
        var foreign = Assert.Throws<BulkDeleteJournalException>(() => BulkDeleteJournal.Open(PathOf("e.jsonl"), run));

        Assert.Equal(
            new[] { "StateFileMismatch", "StateFileMismatch", "StateFileCorrupt", "StateFileMismatch" },
            new[] { other.ErrorId, switches.ErrorId, broken.ErrorId, foreign.ErrorId });
        Assert.StartsWith($"The state file '{path}' belongs to another bulk delete: 3 ids", other.Message);
        Assert.StartsWith($"Line 3 of the state file '{path}' cannot be read", broken.Message);
    }

    [Fact]
    public void A_journal_open_in_another_run_is_refused_until_that_run_lets_go()
    {
        string path = PathOf("g.jsonl");
        BulkDeleteRun run = Run(3);
        BulkDeleteJournal first = BulkDeleteJournal.Open(path, run);
        first.Begin(run);

        var busy = Assert.Throws<BulkDeleteJournalException>(() => BulkDeleteJournal.Open(path, run));

        Assert.Equal("StateFileInUse", busy.ErrorId);
        Assert.StartsWith($"The state file '{path}' is in use by another bulk delete right now", busy.Message);
        Assert.True(File.Exists(path + ".lock"));
        first.Dispose();
        Assert.False(File.Exists(path + ".lock"));
        using BulkDeleteJournal second = BulkDeleteJournal.Open(path, run);
        Assert.True(second.Existed);
    }

    [Fact]
    public void A_lock_file_left_by_a_killed_run_holds_no_lock()
    {
        string path = PathOf("h.jsonl");
        File.WriteAllText(path + ".lock", string.Empty);

        using BulkDeleteJournal journal = BulkDeleteJournal.Open(path, Run(2));

        Assert.False(journal.Existed);
    }

    [Fact]
    public void Nothing_is_written_until_the_run_begins_and_an_empty_file_is_a_new_journal()
    {
        string path = PathOf("f.jsonl");
        BulkDeleteRun run = Run(2);
        BulkDeleteJournal.Open(path, run).Dispose();
        Assert.False(File.Exists(path));

        File.WriteAllText(path, "\n");
        using BulkDeleteJournal journal = BulkDeleteJournal.Open(path, run);
        journal.Begin(run);

        string header = Assert.Single(File.ReadAllLines(path));
        Assert.StartsWith("{\"journal\":\"PostHogPersons bulk delete\",\"version\":1,\"idKind\":\"ids\",\"requested\":2,", header);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp-*"));
    }

    [Fact]
    public void The_tally_adds_up_answers_and_does_not_invent_missing_counts()
    {
        BulkDeleteRun run = Run(2500);
        var complete = new BulkDeleteTally();
        complete.Add(Answer(1000));
        var withErrors = Answer(998);
        withErrors.PersonsDeleted = 997;
        withErrors.EventsQueued = true;
        withErrors.DeletionErrors.Add("u-1");
        complete.Add(withErrors);
        var partial = new BulkDeleteTally();
        partial.Add(Answer(1000));
        partial.Add(new BulkDeleteAnswer { StatusCode = 202 });

        var a = complete.ToResult(run, 3, 2, 0, 0, 1, 500, "s.jsonl");
        var b = partial.ToResult(run, 2, 1, 1, 1, 0, 0, null);

        Assert.Equal((1998, 1997, true, false, true), (a.PersonsFound, a.PersonsDeleted, a.EventsQueuedForDeletion,
            a.RecordingsQueuedForDeletion, a.CountsKnown));
        Assert.Equal(new[] { "u-1" }, a.DeletionErrors);
        Assert.Equal("1 batch with 500 ids got no answer; run the command again with the same -StatePath to finish.",
            a.Note);
        Assert.Null(b.PersonsFound);
        Assert.Null(b.PersonsDeleted);
        Assert.Null(b.EventsQueuedForDeletion);
        Assert.False(b.CountsKnown);
        Assert.Equal(
            "PostHog answered 1 of 2 requests without a summary (an older PostHog), so how many persons were found and "
            + "deleted is unknown. 1 batch left unanswered by an earlier run was sent again; persons that the "
            + "interrupted request had already deleted are not counted as found.",
            b.Note);
    }
}
