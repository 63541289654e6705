using TraceLab.Synth.Model;

namespace TraceLab.Synth.Sim;

/// <summary>A growable ring buffer of pending events for one actor, in non-decreasing time order.</summary>
internal sealed class EventQueue
{
    private SynthEvent[] _items = new SynthEvent[32];
    private int _head;
    private int _count;

    public int Count => _count;

    public long HeadTime => _items[_head].TimeNs;

    /// <summary>Time of the newest queued event; only meaningful when <see cref="Count"/> &gt; 0.</summary>
    public long TailTime => _items[(_head + _count - 1) & (_items.Length - 1)].TimeNs;

    public ref SynthEvent Head => ref _items[_head];

    /// <summary>The newest queued event; only valid when <see cref="Count"/> &gt; 0.</summary>
    public ref SynthEvent Tail => ref _items[(_head + _count - 1) & (_items.Length - 1)];

    public ref SynthEvent Append()
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        ref SynthEvent slot = ref _items[(_head + _count) & (_items.Length - 1)];
        _count++;
        slot = default;
        return ref slot;
    }

    public void DropHead()
    {
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
    }

    private void Grow()
    {
        var bigger = new SynthEvent[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}
