namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// Sits between a drop file and CsvHelper so that one unbalanced quote cannot swallow the rest of the file.
/// It follows RFC 4180 quoting line by line (a quote opens a field only at the field's start; <c>""</c> inside a
/// quoted field is a quote), so a record may span lines only while one of its quoted fields is open. When a
/// field is still open after <see cref="MaxRecordLength"/> characters or at the end of the file, or a single
/// line is longer than that, or a quote closes only on a later line into a record of the wrong number of
/// fields (it paired with another record's quote), or a line inside the open quote reads as a whole record on its own,
/// CsvHelper gets a marker line in place of the record's first line and reading
/// resumes at the line after it. Every line keeps its number in the file, so origins stay "file line N".
/// The caller owns the inner reader (its bytes are hashed once read to the end).
/// </summary>
public sealed class CsvRecordGuard(TextReader inner) : TextReader
{
    /// <summary>The longest record (quoted line breaks included) and the longest line, in characters.</summary>
    public const int MaxRecordLength = 100_000;

    /// <summary>What CsvHelper reads in place of a line that was set aside; <see cref="TakeSetAside"/> tells why.</summary>
    public const string Marker = "\uFFFF";

    private readonly LinkedList<(string Text, bool TooLong)> pushedBack = new();
    private readonly Dictionary<long, (string Line, string Reason)> setAside = [];
    private readonly BoundedLineReader physical = new(inner, MaxRecordLength);
    private long linesHandedOn;
    private string current = "";
    private int currentPosition;

    /// <summary>The line set aside at this line number (the marker CsvHelper read), with the reason; null if that line was not.</summary>
    public (string Line, string Reason)? TakeSetAside(long lineNumber) =>
        setAside.Remove(lineNumber, out var entry) ? entry : null;

    public override int Peek()
    {
        if (!Fill()) return -1;
        return current[currentPosition];
    }

    public override int Read()
    {
        if (!Fill()) return -1;
        return current[currentPosition++];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var destination = buffer;
        var written = 0;
        while (written < destination.Length && Fill())
        {
            var n = Math.Min(destination.Length - written, current.Length - currentPosition);
            current.AsSpan(currentPosition, n).CopyTo(destination[written..]);
            currentPosition += n;
            written += n;
        }

        return written;
    }

    // The file is read synchronously in blocks; an async face keeps CsvHelper's async reader off the thread pool.
    public override Task<int> ReadAsync(char[] buffer, int index, int count) => Task.FromResult(Read(buffer.AsSpan(index, count)));

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    private bool Fill()
    {
        if (currentPosition < current.Length) return true;
        var record = NextRecord();
        if (record is null) return false;
        current = record + "\n";
        currentPosition = 0;
        return true;
    }

    /// <summary>The next record to hand on (its lines joined by line breaks), or the marker for a line set aside.</summary>
    private string? NextRecord()
    {
        var first = TakeLine();
        if (first is null) return null;
        var firstNumber = linesHandedOn + 1;
        if (first.Value.TooLong) return SetAside(firstNumber, first.Value.Text, $"a line longer than {MaxRecordLength:N0} characters");

        var state = Scan(first.Value.Text, new QuoteState(InQuotes: false, AtFieldStart: true, Fields: 1));
        if (!state.InQuotes)
        {
            linesHandedOn++;
            headerFields ??= state.Fields;
            return first.Value.Text;
        }

        // A quoted field is open: gather lines until it closes, within the bound.
        var lines = new List<(string Text, bool TooLong)> { first.Value };
        var length = first.Value.Text.Length;
        while (true)
        {
            var next = TakeLine();
            if (next is null || next.Value.TooLong || length + 1 + next.Value.Text.Length > MaxRecordLength)
            {
                if (next is not null) pushedBack.AddFirst(next.Value);
                for (var i = lines.Count - 1; i >= 1; i--) pushedBack.AddFirst(lines[i]);
                var why = next is null ? "the end of the file" : $"{MaxRecordLength:N0} characters";
                return SetAside(firstNumber, first.Value.Text, $"an opening quote not closed before {why} (unbalanced quotes); reading resumed at the next line");
            }

            lines.Add(next.Value);
            length += 1 + next.Value.Text.Length;
            if (headerFields is { } fieldsPerRecord && LooksLikeARecord(next.Value.Text, fieldsPerRecord))
            {
                // A line inside the open quote reads on its own as a whole record: the quote is the first line's
                // mistake, not a field with line breaks; only that line is set aside (the others are read as records).
                for (var i = lines.Count - 1; i >= 1; i--) pushedBack.AddFirst(lines[i]);
                return SetAside(firstNumber, first.Value.Text, $"an opening quote that is never closed within its record (line {firstNumber + 1} reads as a record of its own; unbalanced quotes); reading resumed at the next line");
            }

            state = Scan(next.Value.Text, state with { AtFieldStart = false });
            if (state.InQuotes) continue;
            if (headerFields is { } expected && state.Fields != expected)
            {
                // The quote closed on a later record's quote: the first line was the bad one.
                for (var i = lines.Count - 1; i >= 1; i--) pushedBack.AddFirst(lines[i]);
                return SetAside(firstNumber, first.Value.Text, $"an opening quote that closes only {lines.Count - 1} line(s) later into {state.Fields} fields where the header has {expected} (unbalanced quotes); reading resumed at the next line");
            }

            linesHandedOn += lines.Count;
            headerFields ??= state.Fields;
            return string.Join('\n', lines.Select(l => l.Text));
        }
    }

    /// <summary>
    /// A line that, read from its start, closes every quote it opens and has the header's number of fields: a record,
    /// not the continuation of a quoted field (text with line breaks rarely has exactly as many commas as the header).
    /// </summary>
    private static bool LooksLikeARecord(string line, int fieldsPerRecord)
    {
        var alone = Scan(line, new QuoteState(InQuotes: false, AtFieldStart: true, Fields: 1));
        return !alone.InQuotes && alone.Fields == fieldsPerRecord && fieldsPerRecord > 1;
    }

    private string SetAside(long lineNumber, string line, string reason)
    {
        setAside[lineNumber] = (line, reason);
        linesHandedOn++;
        return Marker;
    }

    private int? headerFields;

    private readonly record struct QuoteState(bool InQuotes, bool AtFieldStart, int Fields);

    private static QuoteState Scan(string line, QuoteState state)
    {
        var (inQuotes, atFieldStart, fields) = state;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c != '"') continue;
                if (i + 1 < line.Length && line[i + 1] == '"') i++;
                else inQuotes = false;
            }
            else if (c == '"' && atFieldStart)
            {
                inQuotes = true;
                atFieldStart = false;
            }
            else
            {
                atFieldStart = c == ',';
                if (atFieldStart) fields++;
            }
        }

        return new QuoteState(inQuotes, atFieldStart, fields);
    }

    /// <summary>The next physical line (pushed-back ones first), or null at the end; a line over the bound is cut and flagged.</summary>
    private (string Text, bool TooLong)? TakeLine()
    {
        if (pushedBack.First is not { } node) return physical.Next();
        pushedBack.RemoveFirst();
        return node.Value;
    }
}
