namespace TraceLab.Synth.Sim;

/// <summary>
/// Indexed binary min-heap of actors by (<see cref="Actor.Key"/>, creation order), so picking the next thread costs
/// O(log n) even with hundreds of vCPUs. Ties go to the older actor, which keeps the merge deterministic.
/// </summary>
internal sealed class ActorHeap
{
    private readonly Actor[] _heap;

    public ActorHeap(Actor[] actors)
    {
        _heap = (Actor[])actors.Clone();
        for (int i = 0; i < _heap.Length; i++)
        {
            _heap[i].Order = i;
            _heap[i].HeapIndex = i;
        }

        for (int i = _heap.Length / 2 - 1; i >= 0; i--)
        {
            Down(i);
        }
    }

    public Actor Min => _heap[0];

    /// <summary>Restores heap order after <paramref name="actor"/>'s key changed in either direction.</summary>
    public void Update(Actor actor)
    {
        int i = actor.HeapIndex;
        if (i > 0 && Less(_heap[i], _heap[(i - 1) >> 1]))
        {
            Up(i);
        }
        else
        {
            Down(i);
        }
    }

    private static bool Less(Actor a, Actor b)
    {
        long ka = a.Key;
        long kb = b.Key;
        return ka < kb || (ka == kb && a.Order < b.Order);
    }

    private void Up(int i)
    {
        Actor item = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(item, _heap[parent]))
            {
                break;
            }

            Place(_heap[parent], i);
            i = parent;
        }

        Place(item, i);
    }

    private void Down(int i)
    {
        Actor item = _heap[i];
        int n = _heap.Length;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Less(_heap[child], item))
            {
                break;
            }

            Place(_heap[child], i);
            i = child;
        }

        Place(item, i);
    }

    private void Place(Actor actor, int i)
    {
        _heap[i] = actor;
        actor.HeapIndex = i;
    }
}
