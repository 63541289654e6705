using System.Text;
using TraceLab.Synth.Model;

namespace TraceLab.Synth.Text;

/// <summary>
/// The <c>#</c> block at the top of <c>/sys/kernel/tracing/trace</c> (kernel/trace/trace.c print_event_info and
/// print_func_help_header[_irq]). The 6.18 form is reproduced byte for byte from corpus/real/ftrace.txt; the tgid and
/// older variants follow the same functions' format strings.
/// </summary>
internal static class FtraceHeader
{
    public static int Write(Utf8Sink sink, GenerationTraits traits, FlagColumns flags, bool tgid, long eventCount, int hostCpus)
    {
        var lines = new List<string>
        {
            "# tracer: nop",
            "#",
            "# entries-in-buffer/entries-written: " + Invariant(eventCount) + "/" + Invariant(eventCount) + "   #P:" + Invariant(hostCpus),
            "#",
        };

        bool widePid = traits.FtracePidWidth == 7;
        if (flags == FlagColumns.None)
        {
            AddPlainColumns(lines, widePid, tgid);
        }
        else if (flags == FlagColumns.Five)
        {
            AddFiveFlagColumns(lines, tgid);
        }
        else
        {
            AddFourFlagColumns(lines, widePid, tgid);
        }

        foreach (string line in lines)
        {
            sink.EnsureRoom(line.Length + 1);
            sink.Ascii(Encoding.ASCII.GetBytes(line));
            sink.NewLine();
        }

        return lines.Count;
    }

    private static void AddPlainColumns(List<string> lines, bool widePid, bool tgid)
    {
        if (widePid)
        {
            lines.Add("#           TASK-PID    " + (tgid ? "   TGID   " : string.Empty) + " CPU#     TIMESTAMP  FUNCTION");
            lines.Add("#              | |      " + (tgid ? "     |    " : string.Empty) + "   |         |         |");
        }
        else
        {
            lines.Add("#           TASK-PID   " + (tgid ? "TGID     " : string.Empty) + "  CPU#   TIMESTAMP  FUNCTION");
            lines.Add("#              | |     " + (tgid ? "  |      " : string.Empty) + "    |       |         |");
        }
    }

    private static void AddFiveFlagColumns(List<string> lines, bool tgid)
    {
        int prec = tgid ? 12 : 2;
        string pad = new(' ', prec);
        const string Lead = "#                            ";
        lines.Add(Lead + pad + "  _-----=> irqs-off/BH-disabled");
        lines.Add(Lead + pad + " / _----=> need-resched");
        lines.Add(Lead + pad + "| / _---=> hardirq/softirq");
        lines.Add(Lead + pad + "|| / _--=> preempt-depth");
        lines.Add(Lead + pad + "||| / _-=> migrate-disable");
        lines.Add(Lead + pad + "|||| /     delay");
        lines.Add("#           TASK-PID  " + "     TGID   "[..prec] + " CPU#  |||||  TIMESTAMP  FUNCTION");
        lines.Add("#              | |    " + "       |    "[..prec] + "   |   |||||     |         |");
    }

    private static void AddFourFlagColumns(List<string> lines, bool widePid, bool tgid)
    {
        if (!widePid && !tgid)
        {
            // The classic 4.x block, as countless mailing-list pastes show it.
            lines.Add("#                              _-----=> irqs-off");
            lines.Add("#                             / _----=> need-resched");
            lines.Add("#                            | / _---=> hardirq/softirq");
            lines.Add("#                            || / _--=> preempt-depth");
            lines.Add("#                            ||| /     delay");
            lines.Add("#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION");
            lines.Add("#              | |       |   ||||       |         |");
            return;
        }

        int prec = tgid ? (widePid ? 12 : 10) : 2;
        string pad = new(' ', prec);
        string lead = widePid ? "#                            " : "#                          ";
        lines.Add(lead + pad + "  _-----=> irqs-off");
        lines.Add(lead + pad + " / _----=> need-resched");
        lines.Add(lead + pad + "| / _---=> hardirq/softirq");
        lines.Add(lead + pad + "|| / _--=> preempt-depth");
        lines.Add(lead + pad + "||| /     delay");
        lines.Add("#           TASK-PID  " + "     TGID   "[..prec] + " CPU#  ||||   TIMESTAMP  FUNCTION");
        lines.Add("#              | |    " + "       |    "[..prec] + "   |   ||||      |         |");
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
