namespace Siamese.Index;

/// <summary>
/// The k best distinct subjects seen so far, sorted ascending by squared distance; a subject keeps only its
/// nearest example. k is small (a handful of candidates), so a sorted array with linear moves beats a heap.
/// </summary>
internal sealed class NearestSubjects
{
    private readonly int[] _subjects;
    private readonly int[] _rows;
    private readonly float[] _distances;
    private readonly float _bound;
    private int _count;

    /// <param name="capacity">k.</param>
    /// <param name="squaredBound">Candidates farther than this are ignored (infinity when unbounded).</param>
    public NearestSubjects(int capacity, float squaredBound)
    {
        _subjects = new int[capacity];
        _rows = new int[capacity];
        _distances = new float[capacity];
        _bound = squaredBound;
    }

    public int Count => _count;

    /// <summary>The distance a candidate must beat to get in.</summary>
    public float Threshold => _count == _subjects.Length ? MathF.Min(_distances[_count - 1], _bound) : _bound;

    public int SubjectAt(int i) => _subjects[i];

    public int RowAt(int i) => _rows[i];

    public float DistanceAt(int i) => _distances[i];

    /// <summary>Offers a candidate; the caller has already checked <c>distance &lt;= Threshold</c> for speed, but need not.</summary>
    public void Offer(int subject, int row, float distance)
    {
        if (distance > Threshold || (distance == Threshold && _count == _subjects.Length))
        {
            return;
        }

        var existing = Array.IndexOf(_subjects, subject, 0, _count);
        int slot;
        if (existing >= 0)
        {
            if (distance >= _distances[existing])
            {
                return;
            }

            slot = existing;
        }
        else if (_count < _subjects.Length)
        {
            slot = _count++;
        }
        else
        {
            slot = _count - 1;
        }

        // Move the candidate down from its slot to keep the array sorted (it only ever improves).
        while (slot > 0 && _distances[slot - 1] > distance)
        {
            _subjects[slot] = _subjects[slot - 1];
            _rows[slot] = _rows[slot - 1];
            _distances[slot] = _distances[slot - 1];
            slot--;
        }

        _subjects[slot] = subject;
        _rows[slot] = row;
        _distances[slot] = distance;
    }

    /// <summary>Folds another partial result (from another chunk) into this one.</summary>
    public void Merge(NearestSubjects other)
    {
        for (var i = 0; i < other._count; i++)
        {
            Offer(other._subjects[i], other._rows[i], other._distances[i]);
        }
    }
}
