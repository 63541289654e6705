using System.Globalization;
using System.Text.RegularExpressions;
using TraceLab.Store.Kvm;
using TraceLab.Store.Schema;

namespace TraceLab.Ingest.Tests.Oracle;

/// <summary>
/// Pairs exits with entries the way spec §1.4 and the ExitColumns docs describe, in file order: an exit's handling
/// ends at the next kvm_entry of the same thread (latency = entry − exit), at the thread's next kvm_exit (no
/// latency), at lost events (no latency) or at the end of the trace. Events of the thread in between are its
/// companions. Also attributes a vCPU to every event: the payload's, else the one its thread last printed.
/// </summary>
public static partial class NaiveExitPairer
{
    public static IReadOnlyList<NaiveExit> Pair(IReadOnlyList<NaiveLine> lines)
    {
        var exits = new List<NaiveExit>();
        var threads = new Dictionary<string, ThreadState>(StringComparer.Ordinal);
        var vcpuByTid = new Dictionary<int, int>();
        foreach (NaiveLine line in lines)
        {
            switch (line.Kind)
            {
                case NaiveLineKind.LostEvents:
                    foreach (ThreadState t in threads.Values)
                    {
                        if (t.Open is { } open)
                        {
                            open.Flags |= ExitFlags.NearLostEvents;
                            Close(open, vcpuByTid);
                            t.Open = null;
                        }

                        t.LastWasEntry = false;
                        t.LastEntryTimestamp = -1;
                    }

                    break;
                case NaiveLineKind.Unknown:
                    MakeEverythingUncertain(threads);
                    break;
                case NaiveLineKind.Event:
                    OnEvent(line.Event!, threads, vcpuByTid, exits);
                    break;
                default:
                    break;
            }
        }

        foreach (ThreadState t in threads.Values)
        {
            if (t.Open is { } open)
            {
                open.Flags |= ExitFlags.TraceEnded;
                Close(open, vcpuByTid);
            }
        }

        return exits;
    }

    /// <summary>An exit whose payload has no vcpu takes its thread's vCPU as known when its episode ends.</summary>
    private static void Close(NaiveExit exit, Dictionary<int, int> vcpuByTid)
    {
        if (exit.Event.Decoded.PayloadVcpu < 0 && exit.Event.Tid >= 0)
        {
            exit.Vcpu = vcpuByTid.TryGetValue(exit.Event.Tid, out int v) ? v : -1;
        }
    }

    private static void OnEvent(NaiveEvent ev, Dictionary<string, ThreadState> threads, Dictionary<int, int> vcpuByTid, List<NaiveExit> exits)
    {
        int payloadVcpu = ev.Decoded.PayloadVcpu;
        if (payloadVcpu < 0 && ev.Name == "kvm_wait_lapic_expire" && LapicExpireVcpu().Match(ev.Payload) is { Success: true } m)
        {
            // spec §1.4 lists kvm_wait_lapic_expire among the events that carry a vcpu id.
            payloadVcpu = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (payloadVcpu >= 0)
        {
            ev.ExpectedVcpu = payloadVcpu;
            if (ev.Tid >= 0)
            {
                vcpuByTid[ev.Tid] = payloadVcpu;
            }
        }
        else if (ev.Tid >= 0)
        {
            ev.ExpectedVcpu = vcpuByTid.TryGetValue(ev.Tid, out int v) ? v : -1;
        }

        string? key = ev.Tid >= 0 ? "t" + ev.Tid.ToString(CultureInfo.InvariantCulture)
            : payloadVcpu >= 0 ? "v" + payloadVcpu.ToString(CultureInfo.InvariantCulture) : null;
        if (key is null)
        {
            // Without a thread the event could belong to any open exit: nothing open can be checked any more.
            MakeEverythingUncertain(threads);
            if (ev.Kind == EventKind.Exit)
            {
                exits.Add(new NaiveExit { Event = ev, Certain = false, Vcpu = null });
            }

            return;
        }

        if (!threads.TryGetValue(key, out ThreadState? state))
        {
            state = new ThreadState();
            threads.Add(key, state);
        }

        switch (ev.Kind)
        {
            case EventKind.Exit:
                if (state.Open is { } previous)
                {
                    previous.Flags |= ExitFlags.FollowedByExit;
                    Close(previous, vcpuByTid);
                }

                long? guestRun = !state.EntryCertain ? null
                    : state.LastWasEntry && state.LastEntryTimestamp >= 0 && ev.Timestamp >= state.LastEntryTimestamp
                        ? ev.Timestamp - state.LastEntryTimestamp : -1;
                var exit = new NaiveExit { Event = ev, Vcpu = ev.ExpectedVcpu, GuestRunNs = guestRun };
                exits.Add(exit);
                state.Open = exit;
                state.LastWasEntry = false;
                break;
            case EventKind.Entry:
                if (state.Open is { } open)
                {
                    // Without a decoded entry the [immediate exit] flag is unknown.
                    open.Certain &= ev.Decoded.Status == NaiveDecodeStatus.Complete;
                    open.EntryLine = ev.Line;
                    open.Flags |= ExitFlags.Paired;
                    if (ev.Cpu != open.Event.Cpu)
                    {
                        open.Flags |= ExitFlags.CpuMigrated;
                    }

                    if (ev.Decoded.A[3] == 1)
                    {
                        open.Flags |= ExitFlags.ImmediateExitEntry;
                    }

                    if (ev.Timestamp >= 0 && open.Event.Timestamp >= 0)
                    {
                        if (ev.Timestamp >= open.Event.Timestamp)
                        {
                            open.HandlingNs = ev.Timestamp - open.Event.Timestamp;
                        }
                        else
                        {
                            open.Flags |= ExitFlags.EntryBeforeExit;
                        }
                    }

                    Close(open, vcpuByTid);
                    state.Open = null;
                }

                state.LastWasEntry = true;
                state.LastEntryTimestamp = ev.Timestamp;
                state.EntryCertain = true;
                break;
            default:
                if (state.Open is { } o)
                {
                    o.CompanionCount++;
                    if (ev.Kind == EventKind.UserspaceExit)
                    {
                        o.Flags |= ExitFlags.WentToUserspace;
                        o.UserspaceExits++;
                        if (ev.Decoded.A[0] is long code && ev.Decoded.A[1] is long errno)
                        {
                            o.UserspaceReason = code >= 0 ? code : -2;
                            o.UserspaceErrno = errno;
                        }
                        else
                        {
                            o.Certain = false;
                        }
                    }
                }

                break;
        }
    }

    private static void MakeEverythingUncertain(Dictionary<string, ThreadState> threads)
    {
        foreach (ThreadState t in threads.Values)
        {
            if (t.Open is { } open)
            {
                open.Certain = false;
                t.Open = null;
            }

            t.EntryCertain = false;
            t.LastWasEntry = false;
        }
    }

    [GeneratedRegex(@"^vcpu (\d+):")]
    private static partial Regex LapicExpireVcpu();

    private sealed class ThreadState
    {
        public NaiveExit? Open { get; set; }

        public bool LastWasEntry { get; set; }

        public long LastEntryTimestamp { get; set; } = -1;

        /// <summary>False after an unclassifiable line: the previous entry may not be the one the store saw.</summary>
        public bool EntryCertain { get; set; } = true;
    }
}
